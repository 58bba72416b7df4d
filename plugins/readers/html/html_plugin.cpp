#include "docpipe/plugin.hpp"
#include "html_reader.hpp"

namespace {

void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::html::HtmlReader>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "HTML pages: the article (or all visible text) with structure, metadata and source map",
      .options = docpipe::plugins::html::HtmlReader::option_specs(),
      .provides_annotations = {"title", "heading", "paragraph", "list_item", "quote", "code", "link",
                               "table_cell"},
      .extensions = {"html", "htm", "xhtml"},
      .media_types = {"text/html", "application/xhtml+xml"},
  });
}

}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
