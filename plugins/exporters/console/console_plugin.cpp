// Entry point of the console exporter plugin.
#include "console_exporter.hpp"
#include "docpipe/plugin.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::ConsoleExporter>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Compiler-style finding lines on stdout (path:line:column: severity: message); can fail CI",
      .options = docpipe::plugins::ConsoleExporter::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
