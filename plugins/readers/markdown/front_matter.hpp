// YAML front matter at the top of a Markdown file: the simple subset notes really use.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/value.hpp"

namespace docpipe::plugins {

/// The parsed front matter block.
struct FrontMatter {
  std::size_t end = 0;               ///< byte offset where the Markdown body begins; 0 when there is no block
  Object fields;                     ///< key -> string or array of strings, in file order
  std::vector<std::string> ignored;  ///< "line N: why" for lines outside the supported subset
};

/// Parses a leading "---" ... "---" (or "...") block of `key: value` lines, `key: [a, b]` flow
/// lists and `key:` followed by "- item" lines. Nested maps and multi-line scalars are not
/// supported (no YAML library is available): their lines are listed in `ignored`.
/// first_line is the 1-based line number of source[0], for messages.
FrontMatter parse_front_matter(std::string_view source, std::size_t first_line = 1);

}  // namespace docpipe::plugins
