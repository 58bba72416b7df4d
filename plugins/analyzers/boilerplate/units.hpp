// The units the boilerplate analyzer judges: the reader's blocks (or the text's lines when no
// reader gave structure), and the lines of a block when they are separate pieces of furniture.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/document.hpp"

namespace docpipe::plugins::boilerplate {

enum class UnitKind { heading, paragraph, list_item, quote };

/// One block or line of the text.
struct Unit {
  Span span;
  UnitKind kind;
  std::string_view text;
  std::string_view lower;  ///< the same bytes with ASCII lower-cased, for fast substring tests
  std::size_t words = 0;
};

/// The document's text with ASCII lower-cased: one copy per document, so the rules' many
/// case-insensitive searches become plain (vectorised) ones.
std::string lowered(std::string_view text);

/// The reader's blocks in text order, one per span; code and spans an earlier stage marked as
/// boilerplate are left out.
std::vector<Unit> blocks_of(const Document& doc, std::string_view lower);

/// The pieces of a block whose lines do not run on into each other: a line ends a piece unless
/// the next line continues its sentence (starts in lower case, or the line stops on a comma, a
/// hyphen or a function word). A block of wrapped prose is one piece.
std::vector<Unit> pieces_of(const Document& doc, std::string_view lower, const Unit& block);

/// Whitespace-separated words of s.
std::size_t count_words(std::string_view s);

}  // namespace docpipe::plugins::boilerplate
