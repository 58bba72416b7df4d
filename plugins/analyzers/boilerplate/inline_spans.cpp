#include "inline_spans.hpp"

#include <array>
#include <optional>

#include "furniture_rules.hpp"
#include "text_scan.hpp"

namespace docpipe::plugins::boilerplate {
namespace {

using namespace scan;

// A glossary definition longer than this is not one: the marker was something else.
constexpr std::size_t kMaxDefinitionBytes = 800;

// ---------------------------------------------------------------------------------------------
// Glossary pop-ups inserted mid-sentence: "... customer intimacy Meaning ● Customer Intimacy,
// within ... interactions. generates a wealth of insights ...". The span runs from the space
// before the marker to the end of the definition, so cutting it out leaves the author's sentence.

bool abbreviation_before(std::string_view s, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && !is_space(s[b - 1])) --b;
  const std::string w = to_lower(s.substr(b, dot - b + 1));
  static constexpr std::array<std::string_view, 16> abbr = {"e.g.", "i.e.", "etc.", "vs.", "inc.", "ltd.", "co.",
                                                            "dr.", "mr.", "mrs.", "ms.", "st.", "no.", "u.s.",
                                                            "approx.", "cf."};
  return in(std::string_view(w), abbr) || (w.size() == 2 && is_alpha(w[0]));  // an initial: "J."
}

}  // namespace

void find_glossary(const Unit& u, const std::vector<std::string>& markers, std::vector<InlineSpan>& out) {
  const std::string_view t = u.text;
  for (const std::string& marker : markers) {
    // A marker ending in ':' is weaker ("a double Meaning: ..." is English): only take it when the
    // author's sentence visibly resumes in lower case after the definition.
    const bool weak = marker.ends_with(":");
    for (std::size_t at = t.find(marker); at != std::string_view::npos; at = t.find(marker, at + 1)) {
      // Mid-sentence: a word, not a sentence end or the start of the unit, precedes the marker.
      if (at < 2 || t[at - 1] != ' ') continue;
      const char prev = t[at - 2];
      if (prev == '.' || prev == '!' || prev == '?' || prev == ':' || prev == ';' || prev == '\n') continue;
      std::size_t def = at + marker.size();
      while (def < t.size() && t[def] == ' ') ++def;
      if (def >= t.size() || !(is_upper(t[def]) || is_digit(t[def]) || static_cast<unsigned char>(t[def]) >= 0x80))
        continue;
      std::optional<std::size_t> resumes, first_end;
      const std::size_t limit = std::min(t.size(), def + kMaxDefinitionBytes);
      for (std::size_t i = def; i < limit; ++i) {
        const char c = t[i];
        if (c != '.' && c != '!' && c != '?') continue;
        if (i + 1 < t.size() && !is_space(t[i + 1])) continue;  // "3.5", "U.S.A"
        if (c == '.' && abbreviation_before(t, i)) continue;
        if (!first_end) first_end = i + 1;
        std::size_t n = i + 1;
        while (n < t.size() && t[n] == ' ') ++n;
        if (n < t.size() && (is_lower_ascii(t[n]) || t[n] == ',' || t[n] == ';')) {
          resumes = i + 1;
          break;
        }
      }
      const std::optional<std::size_t> end = resumes ? resumes : (weak ? std::nullopt : first_end);
      if (!end) continue;
      out.push_back({Span{u.span.begin + at - 1, u.span.begin + *end}, "glossary-insertion"});
      at = *end - 1;
    }
  }
}

// "(Related: Harbor Falls approves ...)" or "[Read more: ...]" inside a paragraph.
void find_inline_links(const Unit& u, std::vector<InlineSpan>& out) {
  const std::string_view t = u.text;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '(' && t[i] != '[') continue;
    if (link_prefix(t.substr(i + 1)) == 0) continue;
    const char close = t[i] == '(' ? ')' : ']';
    const std::size_t end = t.find(close, i + 1);
    if (end == std::string_view::npos || end - i > 300) continue;
    if (i == 0 && end + 1 == t.size()) continue;  // the whole unit: a whole-unit rule's business
    const std::size_t b = i > 0 && t[i - 1] == ' ' ? i - 1 : i;
    out.push_back({Span{u.span.begin + b, u.span.begin + end + 1}, "cross-link"});
    i = end;
  }
}

}  // namespace docpipe::plugins::boilerplate
