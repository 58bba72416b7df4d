#include "docpipe/plugin.hpp"
#include "pdf_reader.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::PdfReader>(
      {.name = DOCPIPE_PLUGIN_NAME,
       .version = "1.0.0",
       .description = "PDF text per page in reading order, with running headers and footers marked, via poppler",
       .options = docpipe::plugins::PdfReader::option_specs(),
       .requires_annotations = {},
       .provides_annotations = {"page", "title", "heading", "paragraph", "boilerplate"},
       .extensions = {"pdf"},
       .media_types = {"application/pdf"}});
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
