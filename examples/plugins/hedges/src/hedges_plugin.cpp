// The entry point: what the host reads from docpipe-hedges.so.
#include "docpipe/plugin.hpp"
#include "hedge_analyzer.hpp"

namespace {

void register_components(docpipe::Registrar& r) {
  r.add<hedges::HedgeAnalyzer>(
      {.name = "hedges",
       .version = "1.0.0",
       .description = "Flags hedge words and weasel phrases (may, arguably, it is believed) and their density",
       .options = {{.name = "phrases",
                    .type = docpipe::OptionType::string_list,
                    .default_value = docpipe::Array{},
                    .description = "more words or phrases to flag, added to the built-in list",
                    .check = docpipe::StringCheck::non_empty},
                   {.name = "max_per_1000_words",
                    .type = docpipe::OptionType::number,
                    .default_value = 15.0,
                    .description = "a document with more hedges per 1000 words gets a warning; 0 for no limit",
                    .minimum = 0,
                    .maximum = 1000}},
       .provides_annotations = {"hedge"}});
}

// The rules the host lets a project switch off or re-level as hedges/hedge, hedges/hedge-density.
constexpr docpipe_rule kRules[] = {
    {"hedges", "hedge", "info", "A hedge word or weasel phrase"},
    {"hedges", "hedge-density", "warning", "More hedges per 1000 words than max_per_1000_words"},
    {nullptr, nullptr, nullptr, nullptr},
};

}  // namespace

DOCPIPE_PLUGIN_WITH_RULES("hedges", register_components, kRules)
