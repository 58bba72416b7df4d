// Entry point of the claims analyzer plugin.
#include "claims_analyzer.hpp"
#include "docpipe/plugin.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::claims::ClaimsAnalyzer>({
      .name = "claims",
      .version = "1.0.0",
      .description = "Finds check-worthy claims (statistics, attributions, quotes, causes, comparisons, predictions, "
                     "sweeping lines), scores them with a reported breakdown and says whether a source backs them",
      .options = docpipe::plugins::claims::option_specs(),
      .requires_annotations = {"sentence", "word"},
      .provides_annotations = {"claim"},
      .extensions = {},
      .media_types = {},
  });
}
}  // namespace

DOCPIPE_PLUGIN("claims", register_components)
