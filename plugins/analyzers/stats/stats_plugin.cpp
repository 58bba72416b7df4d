// Entry point of the stats analyzer plugin.
#include "docpipe/plugin.hpp"
#include "stats_analyzer.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::StatsAnalyzer>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Counts bytes, characters, words, paragraphs, headings and list items; average word length",
      .options = {},
      .requires_annotations = {},
      .provides_annotations = {},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
