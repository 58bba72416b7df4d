// Entry point of the sarif exporter plugin.
#include "docpipe/plugin.hpp"
#include "sarif_exporter.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::SarifExporter>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Findings as SARIF 2.1.0 for code-scanning services and editors",
      .options = docpipe::plugins::SarifExporter::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
