#include "units.hpp"

#include <algorithm>
#include <iterator>

#include "docpipe/plugin.hpp"
#include "stop_words.hpp"
#include "text_scan.hpp"

namespace docpipe::plugins::boilerplate {
namespace {

using scan::is_space;

Span trimmed(std::string_view text, std::size_t b, std::size_t e) {
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  return Span{b, e};
}

std::vector<Unit> lines_as_units(std::string_view text, std::string_view lower) {
  std::vector<Unit> units;
  std::size_t b = 0;
  while (b < text.size()) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    const Span s = trimmed(text, b, e);
    if (!s.empty())
      units.push_back({s, UnitKind::paragraph, text.substr(s.begin, s.size()), lower.substr(s.begin, s.size()), 0});
    b = e + 1;
  }
  return units;
}

// Merged into disjoint sorted ranges, so a PDF with a marked header on every page costs a binary
// search per unit, not a scan.
std::vector<Span> merged(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> out;
  for (const Span& s : spans)
    if (!out.empty() && s.begin <= out.back().end) out.back().end = std::max(out.back().end, s.end);
    else out.push_back(s);
  return out;
}

bool overlaps_any(const std::vector<Span>& sorted, Span s) {
  auto it = std::upper_bound(sorted.begin(), sorted.end(), s.begin,
                             [](std::uint64_t v, const Span& x) { return v < x.begin; });
  if (it != sorted.end() && it->overlaps(s)) return true;
  return it != sorted.begin() && std::prev(it)->overlaps(s);
}

// Whether the line ending at text[e) runs on into the next line, which starts at text[n].
bool runs_on(std::string_view line, std::string_view next) {
  if (next.empty() || scan::ends_sentence(line)) return false;
  if (scan::is_lower_ascii(next.front())) return true;
  const char last = line.empty() ? ' ' : line.back();
  if (last == ',' || last == '-' || last == ';' || last == '(' || last == '&') return true;
  std::size_t w = line.size();
  while (w > 0 && !is_space(line[w - 1])) --w;
  return is_stop_word(line.substr(w)) && line.size() - w <= 4;  // "and", "the", "of" end no line of furniture
}

}  // namespace

std::size_t count_words(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (const char c : s) {
    const bool space = is_space(c);
    n += !space && !in_word;
    in_word = !space;
  }
  return n;
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = scan::lower(c);
  return out;
}

std::vector<Unit> blocks_of(const Document& doc, std::string_view lower) {
  std::vector<Unit> units;
  std::vector<Span> blocked;  // code, and furniture an earlier stage (e.g. the PDF reader) marked
  for (const Annotation& a : doc.annotations) {
    if (a.span.end > doc.text.size() || a.span.empty()) continue;
    if (a.type == annotation::code || a.type == annotation::boilerplate) {
      blocked.push_back(a.span);
      continue;
    }
    UnitKind kind;
    if (a.type == annotation::heading || a.type == annotation::title) kind = UnitKind::heading;
    else if (a.type == annotation::paragraph) kind = UnitKind::paragraph;
    else if (a.type == annotation::list_item) kind = UnitKind::list_item;
    else if (a.type == annotation::quote) kind = UnitKind::quote;
    else continue;
    units.push_back({a.span, kind, doc.slice(a.span), lower.substr(a.span.begin, a.span.size()), 0});
  }
  if (units.empty()) units = lines_as_units(doc.text, lower);
  // The title is also a heading over the same span: keep one unit per span, in text order.
  std::stable_sort(units.begin(), units.end(), [](const Unit& x, const Unit& y) {
    return x.span.begin != y.span.begin ? x.span.begin < y.span.begin : x.span.end > y.span.end;
  });
  units.erase(std::unique(units.begin(), units.end(), [](const Unit& x, const Unit& y) { return x.span == y.span; }),
              units.end());
  const std::vector<Span> skip = merged(std::move(blocked));
  std::erase_if(units, [&](const Unit& u) { return overlaps_any(skip, u.span); });
  for (Unit& u : units) u.words = count_words(u.text);
  return units;
}

std::vector<Unit> pieces_of(const Document& doc, std::string_view lower, const Unit& block) {
  std::vector<Unit> pieces;
  const std::string_view text = doc.text;
  std::size_t b = block.span.begin;
  std::size_t piece = b;
  while (b < block.span.end) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos || e > block.span.end) e = block.span.end;
    const Span line = trimmed(text, b, e);
    std::size_t n = e + 1;
    const Span next = n < block.span.end ? trimmed(text, n, std::min<std::size_t>(text.find('\n', n), block.span.end))
                                         : Span{block.span.end, block.span.end};
    if (!runs_on(text.substr(line.begin, line.size()), text.substr(next.begin, next.size()))) {
      const Span s = trimmed(text, piece, e);
      if (!s.empty())
        pieces.push_back({s, block.kind, text.substr(s.begin, s.size()), lower.substr(s.begin, s.size()), 0});
      piece = n;
    }
    b = n;
  }
  for (Unit& u : pieces) u.words = count_words(u.text);
  return pieces;
}

}  // namespace docpipe::plugins::boilerplate
