// Entry point of the sqlite exporter plugin.
#include "docpipe/plugin.hpp"
#include "sqlite_exporter.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::SqliteExporter>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Appends each run to one SQLite database: runs, documents, metrics, findings (docs/sqlite.md)",
      .options = docpipe::plugins::SqliteExporter::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
