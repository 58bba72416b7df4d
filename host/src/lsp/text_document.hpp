// An open editor buffer and the LSP's positions in it: lines split at \n, \r\n or \r, and
// characters counted in the negotiated encoding (UTF-16 code units by default, UTF-8 bytes or
// UTF-32 code points when the client offers them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::host::lsp {

enum class PositionEncoding { utf8, utf16, utf32 };
/// "utf-8", "utf-16" or "utf-32", as the protocol names them.
std::string_view to_string(PositionEncoding e);

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
  friend bool operator==(const Position& a, const Position& b) = default;
  friend bool operator<(const Position& a, const Position& b) {
    return a.line != b.line ? a.line < b.line : a.character < b.character;
  }
};

struct Range {
  Position start;
  Position end;
};

class TextDocument {
 public:
  TextDocument() = default;
  explicit TextDocument(std::string text) { set(std::move(text)); }

  void set(std::string text);
  const std::string& text() const { return text_; }

  /// The byte offset of p; a line past the end clamps to the end, a character past its line's
  /// end to that end (before the line break), one inside a UTF-16 surrogate pair to after it.
  std::size_t offset_of(Position p, PositionEncoding e) const;
  /// The position of a byte offset (clamped to the text; inside a character: at its start).
  Position position_of(std::size_t offset, PositionEncoding e) const;
  /// Replaces [start, end) by text: an incremental didChange.
  void replace(Position start, Position end, std::string_view text, PositionEncoding e);

  std::size_t line_count() const { return line_starts_.size(); }
  /// The bytes of a line without its line break ("" past the end).
  std::string_view line(std::size_t index) const;

 private:
  std::size_t line_end(std::size_t index) const;  // offset of the line break (or text end)

  std::string text_;
  std::vector<std::size_t> line_starts_{0};
};

}  // namespace docpipe::host::lsp
