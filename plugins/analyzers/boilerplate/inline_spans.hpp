// Furniture inside a paragraph: glossary pop-ups pasted into the middle of the author's sentence,
// and bracketed cross-links. Each span is cut so that removing it leaves the sentence whole.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "units.hpp"

namespace docpipe::plugins::boilerplate {

/// One span inside a unit, with its reason.
struct InlineSpan {
  Span span;
  std::string_view reason;
};

/// "... customer intimacy Meaning ● Customer Intimacy, within ... interactions. generates ...": from the
/// space before the marker to the end of the definition.
void find_glossary(const Unit& u, const std::vector<std::string>& markers, std::vector<InlineSpan>& out);

/// "(Related: ...)" or "[Read more: ...]" inside a paragraph.
void find_inline_links(const Unit& u, std::vector<InlineSpan>& out);

}  // namespace docpipe::plugins::boilerplate
