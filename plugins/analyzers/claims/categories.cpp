#include "categories.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// Precedence follows tests/data/claims/README.md: the most specific kind of claim names the sentence.
const std::vector<Category>& category_table() {
  static const std::vector<Category> table = {
      {"quote", "weight_quote", "Quotation", "Say who said this", 0},
      {"prediction", "weight_prediction", "Prediction", "Say whose forecast this is and link to it", 1},
      {"statistical", "weight_statistical", "Statistical claim",
       "Add a source for this statistic (a link, a named report or survey)", 2},
      {"causal", "weight_causal", "Causal claim", "Cite evidence for this causal link, or soften it (\"is linked to\")", 3},
      {"comparative", "weight_comparative", "Comparison or ranking", "Cite the data or ranking behind this comparison", 4},
      {"attributed", "weight_attributed", "Attributed claim", "Name the source or link to what was said", 5},
      {"sweeping", "weight_sweeping", "Sweeping generalisation", "Qualify this generalisation or cite evidence for it", 6},
      {"event", "weight_event", "Specific event or fact", "Link to a report of this event", 7},
  };
  return table;
}

std::optional<std::size_t> category_index(std::string_view name) {
  const auto& t = category_table();
  const auto it = std::find_if(t.begin(), t.end(), [&](const Category& c) { return c.name == name; });
  if (it == t.end()) return std::nullopt;
  return static_cast<std::size_t>(it - t.begin());
}

const Category* find_category(std::string_view name) {
  const auto i = category_index(name);
  return i ? &category_table()[*i] : nullptr;
}

}  // namespace docpipe::plugins::claims
