// English function words: their share of a block's words is jusText's main signal that a block
// is running prose rather than a link, a label or a menu entry.
#pragma once

#include <string_view>

namespace docpipe::plugins::boilerplate {

/// Whether word (any case, no surrounding punctuation) is an English function word.
bool is_stop_word(std::string_view word);

/// The same for a word already in lower case and all ASCII, without the folding.
bool is_lower_stop_word(std::string_view word);

}  // namespace docpipe::plugins::boilerplate
