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
      .requires_annotations = {"sentence"},  // words come from the token stream
      .provides_annotations = {},
  });
}
constexpr docpipe_rule kRules[] = {
    {"readability", "long-sentence", "warning", "A sentence longer than max_sentence_words (its grade is in the message)"},
    {"readability", "hard-sentence", "info", "A sentence whose difficulty grade is above target_grade"},
    {"readability", "hard-paragraph", "warning", "A paragraph whose Flesch-Kincaid grade is above target_grade"},
    {nullptr, nullptr, nullptr, nullptr},
};
}  // namespace

DOCPIPE_PLUGIN_WITH_RULES("readability", register_components, kRules)
