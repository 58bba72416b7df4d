#include "docpipe/plugin.hpp"
#include "docx_reader.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::DocxReader>(
      {.name = DOCPIPE_PLUGIN_NAME,
       .version = "1.0.0",
       .description = "Word documents (.docx): styled paragraphs, lists, tables, footnotes, core properties",
       .options = docpipe::plugins::DocxReader::option_specs(),
       .requires_annotations = {},
       .provides_annotations = {"title", "heading", "paragraph", "list_item", "link", "table_cell", "footnote"},
       .extensions = {"docx"},
       .media_types = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}});
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
