// Entry point of the segment analyzer plugin.
#include "docpipe/plugin.hpp"
#include "segmenter.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::SegmentAnalyzer>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Sentences (kind: sentence, heading, list_item, caption, boilerplate) and words, with ICU "
                     "and English abbreviation rules",
      .options = docpipe::plugins::SegmentAnalyzer::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {"sentence", "word"},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
