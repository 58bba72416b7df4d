// Entry point of the text reader plugin.
#include "docpipe/plugin.hpp"
#include "text_reader.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::TextReader>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Plain text (UTF-8, UTF-16, other encodings detected with uchardet and converted with ICU): "
                     "paragraphs, headings, title, list items and quotes",
      .options = docpipe::plugins::TextReader::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {"title", "heading", "paragraph", "list_item", "quote"},
      .extensions = {"txt", "text"},
      .media_types = {"text/plain"},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
