// Hedges and approximators.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// may / might / reportedly hedge a claim; about / roughly only soften a figure that follows.
void detect_hedges(Sentence& c, SentenceResult& r) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  auto word_at = [&c](std::size_t i) { return c.word(i); };
  auto outside = [&c](std::size_t b, std::size_t e) { return c.outside(b, e); };
  const std::vector<PhraseMatch>& matches = c.matches;
  for (const PhraseMatch& m : matches) {
    if (m.lex != Lex::hedges || !outside(m.begin, m.end)) continue;
    if (word_at(m.begin) == "may" && toks[m.begin].capitalised && m.begin != c.first_word) continue;  // the month
    if (word_at(m.begin) == "could" && word_at(m.end) == "not") continue;  // inability, not doubt
    if (*m.kind == "approximator") {
      // "about", "around", "some" soften a figure only when one follows.
      bool figure_follows = false;
      for (std::size_t k = m.end; k < std::min(n, m.end + 3); ++k)
        figure_follows |= toks[k].kind == TokenKind::number || is_currency(toks[k]) || number_word(word_at(k)).has_value() ||
                          (word_at(k) == "a" && (word_at(k + 1) == "third" || word_at(k + 1) == "quarter" ||
                                                 word_at(k + 1) == "half" || word_at(k + 1) == "dozen")) ||
                          word_at(k) == "half";
      if (!figure_follows) continue;
    } else {
      c.hedged = true;
    }
    r.hedges.push_back({*m.kind, span_of(toks, m.begin, m.end), Value(join_text(c, m.begin, m.end))});
  }
}

}  // namespace docpipe::plugins::claims
