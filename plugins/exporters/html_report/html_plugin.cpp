// Entry point of the html_report exporter plugin.
#include "docpipe/plugin.hpp"
#include "html_exporter.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::HtmlExporter>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "One self-contained report.html: overview charts, sortable documents table, highlighted texts",
      .options = docpipe::plugins::HtmlExporter::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
