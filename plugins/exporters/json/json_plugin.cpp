// Entry point of the json exporter plugin.
#include "docpipe/plugin.hpp"
#include "json_exporter.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::JsonExporter>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "One JSON file for the run: provenance, every document's metadata, metrics and findings, summary",
      .options = docpipe::plugins::JsonExporter::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
