// Entry point of the readability analyzer plugin.
#include "docpipe/plugin.hpp"
#include "readability.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::ReadabilityAnalyzer>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Flesch, Flesch-Kincaid, Fog, SMOG, Coleman-Liau, ARI and LIX per document, section and "
                     "paragraph, with their counts (CMU dictionary syllables)",
      .options = docpipe::plugins::ReadabilityAnalyzer::option_specs(),
      .requires_annotations = {"sentence"},  // words come from the token stream
      .provides_annotations = {},
  });
}
constexpr docpipe_rule kRules[] = {
    {DOCPIPE_PLUGIN_NAME, "long-sentence", "warning", "A sentence longer than max_sentence_words (its grade is in the message)"},
    {DOCPIPE_PLUGIN_NAME, "hard-sentence", "info", "A sentence whose difficulty grade is above target_grade"},
    {DOCPIPE_PLUGIN_NAME, "hard-paragraph", "warning", "A paragraph whose Flesch-Kincaid grade is above target_grade"},
    {nullptr, nullptr, nullptr, nullptr},
};
}  // namespace

DOCPIPE_PLUGIN_WITH_RULES(DOCPIPE_PLUGIN_NAME, register_components, kRules)
