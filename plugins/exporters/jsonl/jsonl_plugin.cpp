// Entry point of the jsonl exporter plugin.
#include "docpipe/plugin.hpp"
#include "jsonl_exporter.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::JsonlExporter>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "JSON Lines: a run record, one line per document, a summary record; for huge corpora",
      .options = docpipe::plugins::JsonlExporter::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
