// Evidence: links, URLs, DOIs, footnotes, citations, Source: lines and named reports.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

namespace {

// Evidence found in the characters: link annotations over s, URLs and DOIs.
void text_evidence(const Document& doc, Span s, bool next, const Engine::State& state, std::vector<Evidence>& out) {
  const std::string_view st = doc.slice(s);
  // Links are sorted by start; the ones overlapping s start before s ends.
  const auto stop = std::lower_bound(state.links.begin(), state.links.end(), s.end,
                                     [](const Annotation* a, std::uint64_t end) { return a->span.begin < end; });
  for (auto it = state.links.begin(); it != stop; ++it) {
    const Annotation& a = **it;
    if (!a.span.overlaps(s)) continue;
    const Value* href = a.features.find("href");
    out.push_back({"link", a.span, href && href->is_string() ? href->as_string() : std::string(), next});
  }
  for (std::string_view marker : {"https://", "http://", "www."}) {
    std::size_t p = 0;
    while ((p = st.find(marker, p)) != std::string_view::npos) {
      if (marker == "www." && p >= 3 && st.substr(p - 3, 3) == "://") { p += 4; continue; }
      std::size_t e = p;
      while (e < st.size() && !std::isspace(static_cast<unsigned char>(st[e])) && st[e] != ')' && st[e] != ']' && st[e] != '"') ++e;
      while (e > p && (st[e - 1] == '.' || st[e - 1] == ',')) --e;
      out.push_back({"url", {s.begin + p, s.begin + e}, std::string(st.substr(p, e - p)), next});
      p = e;
    }
  }
  // DOI: "10." + registrant digits + "/" + suffix. find() jumps between candidates instead of
  // comparing at every byte.
  for (std::size_t p = 0; (p = st.find("10.", p)) != std::string_view::npos && p + 3 < st.size(); ++p) {
    if (p > 0 && std::isalnum(static_cast<unsigned char>(st[p - 1])) && st[p - 1] != ':') continue;
    std::size_t e = p + 3, digits = 0;
    while (e < st.size() && std::isdigit(static_cast<unsigned char>(st[e]))) ++e, ++digits;
    if (digits < 4 || e >= st.size() || st[e] != '/') continue;
    while (e < st.size() && !std::isspace(static_cast<unsigned char>(st[e])) && st[e] != ')') ++e;
    while (e > p && (st[e - 1] == '.' || st[e - 1] == ',')) --e;
    out.push_back({"doi", {s.begin + p, s.begin + e}, std::string(st.substr(p, e - p)), next});
    p = e;
  }
}

}  // namespace

void Engine::find_evidence(const Document& doc, Span s, const std::vector<Token>& et, bool next, const State& state,
                           std::vector<Evidence>& out) const {
  text_evidence(doc, s, next, state, out);
  const std::size_t en = et.size();
  std::size_t ew = 0;
  while (ew < en && !is_word(et[ew])) ++ew;
  if (ew + 1 < en && (et[ew].text == "source" || et[ew].text == "sources") && is_punct(et[ew + 1], ":"))
    out.push_back({"source_line", {et[ew].begin, s.end}, std::string(doc.slice({et[ew].begin, s.end})), next});
  for (std::size_t i = 0; i < en; ++i) {
    const Token& t = et[i];
    // Footnote marks: [4], [12, 13], superscript digits.
    if (is_punct(t, "[") && i + 2 < en && et[i + 1].kind == TokenKind::number && et[i + 1].number < 1000 &&
        (is_punct(et[i + 2], "]") || is_punct(et[i + 2], ",") || is_punct(et[i + 2], "-")))
      out.push_back({"footnote", {t.begin, et[i + 2].end}, et[i + 1].text, next});
    if (t.kind == TokenKind::punct && (t.text == "\xC2\xB9" || t.text == "\xC2\xB2" || t.text == "\xC2\xB3" ||
                                       (t.text.size() == 3 && t.text.compare(0, 2, "\xE2\x81") == 0)))
      out.push_back({"footnote", {t.begin, t.end}, t.text, next});
    // Author-year: "(Bloom et al., 2015)", "(Smith, 2021)", "Smith (2021)".
    if (is_punct(t, "(") && i + 1 < en && is_word(et[i + 1]) && et[i + 1].capitalised) {
      for (std::size_t k = i + 2; k < std::min(en, i + 9); ++k) {
        if (is_punct(et[k], ")")) break;
        if (is_year(et[k]) && k + 1 < en && is_punct(et[k + 1], ")") && (is_punct(et[k - 1], ",") || et[k - 1].text == "al")) {
          out.push_back({"citation", {t.begin, et[k + 1].end}, std::string(doc.slice({t.begin, et[k + 1].end})), next});
          break;
        }
      }
    }
    if (is_word(t) && t.capitalised && i + 3 < en && is_punct(et[i + 1], "(") && is_year(et[i + 2]) && is_punct(et[i + 3], ")"))
      out.push_back({"citation", {t.begin, et[i + 3].end}, std::string(doc.slice({t.begin, et[i + 3].end})), next});
    // A named report or survey: "the Small Business Credit Survey", "a 2024 survey ... by X",
    // "the trust's final report", "a paper in the Journal of ...".
    if (is_word(t) && matcher_.contains_word(Lex::evidence_nouns, strip_possessive(t.text))) {
      bool named = false;
      std::size_t b = i, e = i + 1;
      if (t.capitalised && i > ew) named = true;
      if (i > 0 && ((is_word(et[i - 1]) && et[i - 1].capitalised && i - 1 > ew) || is_year(et[i - 1]))) named = true, b = i - 1;
      for (std::size_t k = (i >= 3 ? i - 3 : 0); k < i; ++k)
        if (is_word(et[k]) && et[k].text.ends_with("'s") && k != i) named = true, b = std::min(b, k);
      for (std::size_t k = i + 1; k < std::min(en, i + 3); ++k) {
        const std::string_view x = is_word(et[k]) ? std::string_view(et[k].text) : std::string_view();
        if (x == "by" || x == "from" || x == "in" || x == "of") {
          for (std::size_t q = k + 1; q < std::min(en, k + 4); ++q)
            if ((is_word(et[q]) && et[q].capitalised) || (x == "of" && et[q].kind == TokenKind::number)) named = true, e = q + 1;
          break;
        }
      }
      if (named) out.push_back({"named_report", {et[b].begin, et[e - 1].end}, std::string(doc.slice({et[b].begin, et[e - 1].end})), next});
    }
  }
}

}  // namespace docpipe::plugins::claims
