// Entry point of the boilerplate analyzer plugin.
#include "boilerplate_analyzer.hpp"
#include "docpipe/plugin.hpp"

namespace {
void register_components(docpipe::Registrar& r) {
  r.add<docpipe::plugins::BoilerplateAnalyzer>({
      .name = DOCPIPE_PLUGIN_NAME,
      .version = "1.0.0",
      .description = "Marks page furniture (bylines, captions, cross-links, glossary pop-ups, reference and related "
                     "lists, share/subscribe prompts, ...) as boilerplate without editing the text",
      .options = docpipe::plugins::BoilerplateAnalyzer::option_specs(),
      .requires_annotations = {},
      .provides_annotations = {"boilerplate"},
  });
}
}  // namespace

DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, register_components)
