// The claim categories, one row each: adding a category is one row here and one rule that tags it.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace docpipe::plugins::claims {

/// One category of claim.
struct Category {
  std::string_view name;           ///< as in findings: "statistical"
  std::string_view weight_option;  ///< the option that shifts the model's logit for this primary category
  std::string_view label;          ///< how a finding's message names it
  std::string_view suggestion;     ///< what to do when it needs support
  int precedence;                  ///< lower wins when a sentence has several categories
};

/// Every category, in precedence order.
const std::vector<Category>& category_table();
/// The row of name, or nothing.
const Category* find_category(std::string_view name);
/// The row index of name, or nothing.
std::optional<std::size_t> category_index(std::string_view name);

}  // namespace docpipe::plugins::claims
