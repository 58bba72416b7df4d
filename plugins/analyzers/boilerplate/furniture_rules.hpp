// Named patterns of page furniture, each judged on one unit (a block or a line) by itself. A rule
// returns the pattern it recognised, in a few words ("By + names"), or nothing: that text is the
// signal a user sees next to the reason.
#pragma once

#include <string_view>
#include <vector>

#include "units.hpp"

namespace docpipe::plugins::boilerplate {

/// One rule: the reason it gives, and its test (empty result = no match).
struct FurnitureRule {
  std::string_view reason;
  std::string_view (*test)(const Unit&);
};

/// The whole-unit rules, in the order they are tried.
const std::vector<FurnitureRule>& furniture_rules();

/// Length of the cross-link prefix ("Related:", "Read more", ...) s starts with, or 0.
std::size_t link_prefix(std::string_view s);

/// A reference: has a year, a URL, a DOI or the marks of a citation.
bool looks_like_citation(std::string_view s);

/// A "Comments" / "12 Responses" / "Leave a reply" heading that opens a comment section.
bool is_comments_heading(const Unit& u);

}  // namespace docpipe::plugins::boilerplate
