#include "docpipe/document.hpp"

#include <algorithm>

namespace docpipe {
inline namespace v2 {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "unknown";
}

Annotation& Document::annotate(std::string_view type, Span span, Object features) {
  annotations.push_back(Annotation{std::string(type), span, std::move(features)});
  return annotations.back();
}

std::vector<const Annotation*> Document::annotations_of(std::string_view type) const {
  std::vector<const Annotation*> out;
  for (const auto& a : annotations)
    if (a.type == type) out.push_back(&a);
  return out;
}

std::string_view to_string(TokenKind k) {
  switch (k) {
    case TokenKind::word: return "word";
    case TokenKind::number: return "number";
    case TokenKind::punctuation: return "punctuation";
    case TokenKind::space: return "space";
    case TokenKind::symbol: return "symbol";
  }
  return "word";
}

std::span<const Token> Document::tokens_in(Span s) const {
  const auto first = std::lower_bound(tokens.begin(), tokens.end(), s.begin,
                                      [](const Token& t, std::uint64_t at) { return t.begin < at; });
  auto last = first;
  while (last != tokens.end() && last->end <= s.end) ++last;
  return {first, last};
}

Object& Document::stage_metrics(std::string_view stage) {
  Value& v = metrics[stage];
  if (!v.is_object()) v = Object{};
  return v.as_object();
}

std::string_view Document::slice(Span s) const {
  if (s.begin >= text.size() || s.empty()) return {};
  return std::string_view(text).substr(s.begin, std::min<std::uint64_t>(s.end, text.size()) - s.begin);
}

namespace {

std::uint64_t code_points(std::string_view s) {
  std::uint64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::optional<SourcePosition> Document::locate(std::uint64_t text_offset) const {
  auto pos = source_map.locate(text_offset);
  if (!pos || pos->line == 0 || pos->column <= 1) return pos;
  const std::uint64_t line_start = source_map.line_starts()[pos->line - 1];
  const std::uint64_t target = line_start + pos->column - 1;
  // The source bytes [line_start, target) are the text's bytes where a piece covers them.
  // Readers add pieces in source order, so the ones on this line are found by bisection.
  const auto& pieces = source_map.pieces();
  auto first = std::partition_point(pieces.begin(), pieces.end(), [&](const SourceMap::Piece& p) {
    return p.source_begin + p.length <= line_start;
  });
  std::uint64_t covered = 0, chars = 0;
  for (auto it = first; it != pieces.end() && it->source_begin < target; ++it) {
    const SourceMap::Piece& p = *it;
    const std::uint64_t b = std::max(line_start, p.source_begin);
    const std::uint64_t e = std::min(target, p.source_begin + p.length);
    if (b >= e) continue;
    const std::uint64_t t = p.text_begin + (b - p.source_begin);
    if (t >= text.size()) continue;
    const std::string_view piece = std::string_view(text).substr(t, std::min<std::uint64_t>(e - b, text.size() - t));
    covered += piece.size();
    chars += code_points(piece);
  }
  pos->column = chars + (target - line_start - covered) + 1;
  return pos;
}

void SourceMap::add(std::uint64_t text_begin, std::uint64_t source_begin, std::uint64_t length) {
  // Contiguous pieces merge, which keeps identity maps at one piece.
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.text_begin + last.length == text_begin && last.source_begin + last.length == source_begin) {
      last.length += length;
      return;
    }
  }
  pieces_.push_back(Piece{text_begin, source_begin, length});
}

void SourceMap::set_source_lines(std::string_view source) {
  line_starts_.clear();
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < source.size(); ++i)
    if (source[i] == '\n') line_starts_.push_back(i + 1);
}

void SourceMap::add_page(std::uint64_t text_begin, std::uint64_t page) { pages_.emplace_back(text_begin, page); }

std::optional<std::uint64_t> SourceMap::source_offset(std::uint64_t text_offset) const {
  if (pieces_.empty()) return std::nullopt;
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), text_offset,
                             [](std::uint64_t off, const Piece& p) { return off < p.text_begin; });
  if (it == pieces_.begin()) return pieces_.front().source_begin;
  --it;
  // Inside the piece: exact. In a gap after it (text the reader inserted): the piece's end.
  return it->source_begin + std::min(text_offset - it->text_begin, it->length);
}

std::optional<SourcePosition> SourceMap::locate(std::uint64_t text_offset) const {
  SourcePosition pos;
  bool known = false;
  if (!pages_.empty()) {
    auto it = std::upper_bound(pages_.begin(), pages_.end(), text_offset,
                               [](std::uint64_t off, const auto& p) { return off < p.first; });
    if (it != pages_.begin()) {
      pos.page = std::prev(it)->second;
      known = true;
    }
  }
  if (auto src = source_offset(text_offset); src && !line_starts_.empty()) {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), *src);
    const auto line_index = static_cast<std::uint64_t>(std::distance(line_starts_.begin(), it)) - 1;
    pos.line = line_index + 1;
    pos.column = *src - line_starts_[line_index] + 1;
    known = true;
  }
  if (!known) return std::nullopt;
  return pos;
}

}  // namespace v2
}  // namespace docpipe
