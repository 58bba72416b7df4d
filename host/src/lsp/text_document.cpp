#include "lsp/text_document.hpp"

#include <algorithm>

#include "docpipe/text.hpp"

namespace docpipe::host::lsp {

std::string_view to_string(PositionEncoding e) {
  switch (e) {
    case PositionEncoding::utf8:
      return "utf-8";
    case PositionEncoding::utf32:
      return "utf-32";
    case PositionEncoding::utf16:
      break;
  }
  return "utf-16";
}

namespace {
std::uint32_t units(char32_t cp, std::size_t bytes, PositionEncoding e) {
  switch (e) {
    case PositionEncoding::utf8:
      return static_cast<std::uint32_t>(bytes);
    case PositionEncoding::utf32:
      return 1;
    case PositionEncoding::utf16:
      break;
  }
  return cp > 0xFFFF ? 2 : 1;
}
}  // namespace

void TextDocument::set(std::string text) {
  text_ = std::move(text);
  line_starts_.assign(1, 0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') ++i;
    if (text_[i] == '\n' || text_[i] == '\r') line_starts_.push_back(i + 1);
  }
}

std::size_t TextDocument::line_end(std::size_t index) const {
  std::size_t end = index + 1 < line_starts_.size() ? line_starts_[index + 1] : text_.size();
  if (end > line_starts_[index] && index + 1 < line_starts_.size()) {
    --end;  // the \n or lone \r
    if (text_[end] == '\n' && end > line_starts_[index] && text_[end - 1] == '\r') --end;
  }
  return end;
}

std::string_view TextDocument::line(std::size_t index) const {
  if (index >= line_starts_.size()) return {};
  return std::string_view(text_).substr(line_starts_[index], line_end(index) - line_starts_[index]);
}

std::size_t TextDocument::offset_of(Position p, PositionEncoding e) const {
  if (p.line >= line_starts_.size()) return text_.size();
  const std::size_t end = line_end(p.line);
  std::size_t pos = line_starts_[p.line];
  std::uint32_t count = 0;
  while (pos < end && count < p.character) {
    const std::size_t at = pos;
    const char32_t cp = utf8_next(text_, pos);
    count += units(cp, pos - at, e);
  }
  return std::min(pos, end);
}

Position TextDocument::position_of(std::size_t offset, PositionEncoding e) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(std::distance(line_starts_.begin(), it)) - 1;
  const std::size_t end = std::min(offset, line_end(line));
  std::size_t pos = line_starts_[line];
  std::uint32_t count = 0;
  while (pos < end) {
    const std::size_t at = pos;
    const char32_t cp = utf8_next(text_, pos);
    if (pos > end) break;  // offset inside a character: its start
    count += units(cp, pos - at, e);
  }
  return {static_cast<std::uint32_t>(line), count};
}

void TextDocument::replace(Position start, Position end, std::string_view text, PositionEncoding e) {
  const std::size_t a = offset_of(start, e);
  const std::size_t b = std::max(a, offset_of(end, e));
  std::string next;
  next.reserve(text_.size() - (b - a) + text.size());
  next.append(text_, 0, a).append(text).append(text_, b, std::string::npos);
  set(std::move(next));
}

}  // namespace docpipe::host::lsp
