#include "docpipe/plugin.hpp"
#include "markdown_reader.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::MarkdownReader>(
      {.name = DOCPIPE_PLUGIN_NAME,
       .version = "1.0.0",
       .description = "Markdown (CommonMark + tables) with YAML front matter, via md4c",
       .options = docpipe::plugins::MarkdownReader::option_specs(),
       .requires_annotations = {},
       .provides_annotations = {"title", "heading", "paragraph", "list_item", "quote", "code", "link", "table_cell"},
       .extensions = {"md", "markdown"},
       .media_types = {"text/markdown"}});
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
