// Reading figures: numbers, scale words, currencies and units, normalised.
#include "rules/rules.hpp"

#include <algorithm>
#include <cmath>

namespace docpipe::plugins::claims {

namespace {

std::string_view word_of(const std::vector<Token>& toks, std::size_t i) {
  return i < toks.size() && is_word(toks[i]) ? std::string_view(toks[i].text) : std::string_view();
}

// The direction word (rose, fell, ...) nearest before token i within six tokens.
std::string direction_for(const std::vector<std::pair<std::size_t, std::string>>& directions, std::size_t i) {
  std::string best;
  for (const auto& [pos, dir] : directions)
    if (pos < i && i - pos <= 6) best = dir;
  return best;
}

// Footnote marks, years, days of a month, times, labels, list numbers, versions and names: digits
// that are not figures.
bool not_a_figure(const std::vector<Token>& toks, std::size_t i, std::size_t first_word) {
  const std::size_t n = toks.size();
  auto word_at = [&toks](std::size_t k) { return word_of(toks, k); };
  const Token& t = toks[i];
  const Token* prev = i > 0 ? &toks[i - 1] : nullptr;
  const Token* next = i + 1 < n ? &toks[i + 1] : nullptr;
  // Footnote marks, years, days of a month, times, labels, list numbers, versions, names.
  if (prev && next && is_punct(*prev, "[") && is_punct(*next, "]")) return true;
  const bool unit_follows = next && (is_punct(*next, "%") || in(scale_names, word_at(i + 1)) ||
                                     word_at(i + 1) == "percent" || word_at(i + 1) == "per");
  if (is_year(t) && !unit_follows && !(prev && is_currency(*prev))) return true;
  if ((prev && is_date_word(*prev)) || (next && is_date_word(*next))) return true;
  if (word_at(i + 1) == "am" || word_at(i + 1) == "pm") return true;  // "9 am"
  if ((word_at(i + 1) == "a" || word_at(i + 1) == "p") && i + 3 < n && is_punct(toks[i + 2], ".") && word_at(i + 3) == "m")
    return true;  // "8 p.m."
  if (next && is_punct(*next, ":") && i + 2 < n && toks[i + 2].kind == TokenKind::number) return true;  // "10:30"
  if (prev && in(label_words, prev->text)) return true;
  if (i >= 2 && word_at(i - 2) == "out" && word_at(i - 1) == "of") return true;  // a rank's field: "14th out of 20"
  if (std::count(t.text.begin(), t.text.end(), '.') >= 2) return true;
  if (i == first_word && next && (is_punct(*next, ".") || is_punct(*next, ")") || is_punct(*next, ":"))) return true;
  if (prev && is_word(*prev) && prev->capitalised && i - 1 != first_word && !prev->text.ends_with("'s") &&
      !in(months, prev->text) && t.number < 100 && t.text.find_first_of(",.") == std::string::npos && !unit_follows)
    return true;
  return false;
}

// The scale word and unit after a figure ("2.4 million", "14%", "1,200 small firms"); e moves past them.
void read_unit(const std::vector<Token>& toks, std::size_t& e, NumberValue& v) {
  const std::size_t n = toks.size();
  auto word_at = [&toks](std::size_t k) { return word_of(toks, k); };
  if (e < n && in(scale_names, word_at(e))) {
    const std::string_view s = word_at(e);
    double mul = 1;
    if (s == "thousand" || s == "k") v.scale = "thousand", mul = 1e3;
    else if (s == "million" || s == "m" || s == "mn") v.scale = "million", mul = 1e6;
    else if (s == "billion" || s == "bn") v.scale = "billion", mul = 1e9;
    else v.scale = "trillion", mul = 1e12;
    v.value *= mul;
    ++e;
  }
  if (e < n && is_punct(toks[e], "%")) {
    v.unit = "percent";
    ++e;
  } else if (word_at(e) == "percent") {
    v.unit = "percent";
    ++e;
  } else if (word_at(e) == "per" && word_at(e + 1) == "cent") {
    v.unit = "percent";
    e += 2;
  } else if ((word_at(e) == "percentage" || word_at(e) == "basis") && (word_at(e + 1) == "points" || word_at(e + 1) == "point")) {
    v.unit = word_at(e) == "percentage" ? "percentage_points" : "basis_points";
    e += 2;
  } else if (word_at(e) == "dollars" || word_at(e) == "euros" || word_at(e) == "pounds") {
    v.unit = word_at(e) == "dollars" ? "USD" : word_at(e) == "euros" ? "EUR" : "GBP";
    ++e;
  } else if (v.unit.empty()) {
    // The measured noun ends the run of content words after the figure: "1,200 small firms by".
    std::size_t k = e;
    while (k < n && k - e < 3 && is_word(toks[k]) && !toks[k].capitalised && !in(function_words, toks[k].text)) ++k;
    v.unit = k > e ? toks[k - 1].text : "count";
  }
}

// Scale words: doubled, halved, a third of.
void read_scale_words(const std::vector<Token>& toks, const std::vector<PhraseMatch>& scale_matches,
                      const std::vector<bool>& consumed,
                      const std::vector<std::pair<std::size_t, std::string>>& directions, std::vector<NumberValue>& out) {
  const std::size_t n = toks.size();
  auto word_at = [&toks](std::size_t k) { return word_of(toks, k); };
  for (const PhraseMatch& m : scale_matches) {
    if (*m.kind == "unit") continue;  // "percent" only qualifies a number
    if (m.begin > 0 && (word_at(m.begin - 1) == "once" || word_at(m.begin - 1) == "every" || word_at(m.begin - 1) == "per" ||
                        word_at(m.begin - 1) == "each"))
      continue;
    if (m.end < n && in(time_nouns, word_at(m.end)) && *m.kind == "fraction") continue;
    if (m.begin > 0 && (word_at(m.begin - 1) == "first" || word_at(m.begin - 1) == "second" || word_at(m.begin - 1) == "last"))
      continue;  // "the first half of the year" is a period, not a share
    bool overlaps = false;
    for (std::size_t k = m.begin; k < m.end; ++k) overlaps |= consumed[k];
    if (overlaps) continue;
    const std::string_view w = toks[m.begin].text;
    NumberValue v;
    v.span = span_of(toks, m.begin, m.end);
    if (*m.kind == "change") {
      v.unit = "multiplier";
      v.value = w.starts_with("doub") ? 2 : w.starts_with("tri") || w.starts_with("treb") ? 3 : w.starts_with("quad") ? 4 : 0.5;
      v.direction = v.value < 1 ? "down" : "up";
    } else {
      v.unit = "fraction";
      const std::string phrase = [&] {
        std::string s;
        for (std::size_t k = m.begin; k < m.end; ++k) s += (k > m.begin ? " " : "") + toks[k].text;
        return s;
      }();
      v.value = phrase.find("third") != std::string::npos ? (phrase.find("two") != std::string::npos ? 2.0 / 3 : 1.0 / 3)
                : phrase.find("quarter") != std::string::npos ? (phrase.find("three") != std::string::npos ? 0.75 : 0.25)
                                                              : 0.5;
      v.direction = direction_for(directions, m.begin);
    }
    out.push_back(std::move(v));
  }
}

}  // namespace

std::vector<NumberValue> read_numbers(const std::vector<Token>& toks, const PhraseMatcher& matcher) {
  return read_numbers(toks, matcher.match(toks));
}

std::vector<NumberValue> read_numbers(const std::vector<Token>& toks, const std::vector<PhraseMatch>& matches) {
  std::vector<NumberValue> out;
  const std::size_t n = toks.size();
  auto word_at = [&](std::size_t i) -> std::string_view { return i < n && is_word(toks[i]) ? std::string_view(toks[i].text) : std::string_view(); };
  std::size_t first_word = 0;
  while (first_word < n && !is_word(toks[first_word]) && toks[first_word].kind != TokenKind::number) ++first_word;

  // Direction words, nearest before a figure within a few tokens.
  std::vector<std::pair<std::size_t, std::string>> directions;
  std::vector<PhraseMatch> scale_matches;
  for (const PhraseMatch& m : matches) {
    if (m.lex == Lex::change_verbs) directions.emplace_back(m.begin, *m.kind);
    if (m.lex == Lex::scale_words) scale_matches.push_back(m);
  }

  std::vector<bool> consumed(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (consumed[i]) continue;
    const Token& t = toks[i];
    std::optional<double> base;
    if (t.kind == TokenKind::number) base = t.number;
    else if (auto w = is_word(t) ? number_word(t.text) : std::nullopt) base = *w;
    if (!base) continue;
    const bool spelled = t.kind != TokenKind::number;

    // "one in five", "1 in 3": a ratio.
    if (i + 2 < n && word_at(i + 1) == "in") {
      std::optional<double> denom;
      if (toks[i + 2].kind == TokenKind::number) denom = toks[i + 2].number;
      else if (auto w = is_word(toks[i + 2]) ? number_word(toks[i + 2].text) : std::nullopt) denom = *w;
      if (denom && *denom > *base && !is_year(toks[i + 2])) {
        NumberValue v{*base / *denom, "ratio", {}, direction_for(directions, i), span_of(toks, i, i + 3)};
        out.push_back(v);
        consumed[i + 1] = consumed[i + 2] = true;
        continue;
      }
    }

    const Token* prev = i > 0 ? &toks[i - 1] : nullptr;
    if (!spelled && not_a_figure(toks, i, first_word)) continue;
    NumberValue v;
    v.value = *base;
    std::size_t b = i, e = i + 1;
    if (!spelled && prev && is_currency(*prev)) {
      v.unit = currency_code(*prev);
      b = i - 1;
    }
    read_unit(toks, e, v);
    // A spelled number is a figure only with a unit that makes it one ("ten percent").
    if (spelled && v.unit != "percent" && v.unit != "percentage_points" && v.scale.empty() && v.unit != "USD" &&
        v.unit != "EUR" && v.unit != "GBP")
      continue;
    v.direction = direction_for(directions, b);
    v.span = span_of(toks, b, e);
    for (std::size_t k = i; k < e; ++k) consumed[k] = true;
    out.push_back(std::move(v));
  }

  read_scale_words(toks, scale_matches, consumed, directions, out);
  std::sort(out.begin(), out.end(), [](const NumberValue& a, const NumberValue& b) { return a.span.begin < b.span.begin; });
  return out;
}

}  // namespace docpipe::plugins::claims
