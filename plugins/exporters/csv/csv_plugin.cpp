// Entry point of the csv exporter plugin.
#include "csv_exporter.hpp"
#include "docpipe/plugin.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::CsvExporter>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "documents.csv (one column per metric) and findings.csv, RFC 4180, UTF-8",
      .options = docpipe::plugins::CsvExporter::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
