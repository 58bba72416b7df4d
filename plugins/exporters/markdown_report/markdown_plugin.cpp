// Entry point of the markdown exporter plugin.
#include "docpipe/plugin.hpp"
#include "markdown_exporter.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::MarkdownExporter>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "report.md: a corpus summary table and a section per document with metrics and findings",
      .options = docpipe::plugins::MarkdownExporter::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
