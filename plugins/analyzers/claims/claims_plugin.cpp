// Entry point of the claims analyzer plugin.
#include "claims_analyzer.hpp"
#include "docpipe/plugin.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::claims::ClaimsAnalyzer>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Finds check-worthy claims (statistics, attributions, quotes, causes, comparisons, predictions, "
                     "sweeping lines), scores them with a reported breakdown and says whether a source backs them",
      .options = docpipe::plugins::claims::option_specs(),
      .requires_annotations = {"sentence"},  // words come from the token stream
      .provides_annotations = {"claim"},
      .extensions = {},
      .media_types = {},
  });
}
// One rule per primary category; sourced or hedged claims come out as info, the rest as warnings.
constexpr docpipe_rule kRules[] = {
    {DOCPIPE_PLUGIN_NAME, "statistical", "warning", "A figure or statistic; a warning when no source backs it"},
    {DOCPIPE_PLUGIN_NAME, "attributed", "warning", "Something attributed to a person or body; a warning when it is not named"},
    {DOCPIPE_PLUGIN_NAME, "quote", "warning", "A quotation; a warning when the speaker is not named"},
    {DOCPIPE_PLUGIN_NAME, "causal", "warning", "A claim that one thing causes another"},
    {DOCPIPE_PLUGIN_NAME, "comparative", "warning", "A comparison or ranking"},
    {DOCPIPE_PLUGIN_NAME, "prediction", "warning", "A forecast"},
    {DOCPIPE_PLUGIN_NAME, "sweeping", "warning", "A sweeping generalisation (always, never, everyone) with nothing to back it"},
    {DOCPIPE_PLUGIN_NAME, "event", "warning", "A dated event that can be checked"},
    {nullptr, nullptr, nullptr, nullptr},
};
}  // namespace

DOCPIPE_PLUGIN_WITH_RULES(DOCPIPE_PLUGIN_NAME, register_components, kRules)
