// Inline suppression comments: `docpipe-disable RULE...`, `docpipe-enable RULE...` and
// `docpipe-disable-next-line RULE...`, written as <!-- ... --> comments in Markdown and HTML and
// as a line of their own in plain text. Read from the original bytes, so every reader's format
// works the same way; findings are matched to them by their line in the original file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/document.hpp"
#include "docpipe/plugin.hpp"

namespace docpipe::host {

/// One comment found in a document.
struct Directive {
  enum class Kind { disable, enable, disable_next_line };
  Kind kind = Kind::disable;
  std::uint64_t line = 0;           ///< 1-based line of the comment in the original file
  std::uint64_t column = 0;         ///< 1-based column of its first byte, in characters (UTF-8 code points)
  std::uint64_t source_offset = 0;  ///< where the comment starts
  std::vector<std::string> rules;   ///< empty: every rule
};

/// How a reader's format writes the comments: <!-- ... --> (Markdown, HTML), a line of its own
/// (plain text) or not at all (PDF, DOCX).
enum class DirectiveSyntax { none, comment, line };
DirectiveSyntax directive_syntax(const ComponentInfo& reader);

/// The directives of a file; comments is true for Markdown and HTML (<!-- ... -->), false for
/// plain text (a line of its own).
std::vector<Directive> find_directives(std::string_view source, bool comments);

/// Removes the findings the directives silence and returns how many. A rule id for which
/// known(id) is false becomes a docpipe/unknown-rule finding at the comment: an empty span where
/// the text resumes after it (the comment is not in the text), and, since no text offset maps to
/// the comment, its own place in data: "source_offset", "line" and "column", which exporters
/// report as the finding's position (plugins/common: locate_finding).
std::size_t apply_directives(Document& doc, const std::vector<Directive>& directives,
                             const std::function<bool(const std::string&)>& known);

}  // namespace docpipe::host
