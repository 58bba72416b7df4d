// Entry point of the readability analyzer plugin.
#include "docpipe/plugin.hpp"
#include "readability.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::ReadabilityAnalyzer>({
      .name = "readability",
      .version = "1.0.0",
      .description = "Flesch, Flesch-Kincaid, Fog, SMOG, Coleman-Liau, ARI and LIX per document, section and "
                     "paragraph, with their counts (CMU dictionary syllables)",
      .options = docpipe::plugins::ReadabilityAnalyzer::option_specs(),
      .requires_annotations = {"sentence", "word"},
      .provides_annotations = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN("readability", register_components)
