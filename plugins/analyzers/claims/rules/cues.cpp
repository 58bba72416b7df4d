// Lexicon cues: causes, comparisons, predictions, absolutes and peacock terms.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// Each cue of the causal, comparative, prediction, absolute and peacock lexicons, with its exceptions.
void detect_cues(Sentence& c, SentenceResult& r) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  auto word_at = [&c](std::size_t i) { return c.word(i); };
  auto outside = [&c](std::size_t b, std::size_t e) { return c.outside(b, e); };
  auto add_trigger = [&](std::string kind, std::size_t b, std::size_t e, Value v = nullptr) {
    c.add_trigger(r, std::move(kind), b, e, std::move(v));
  };
  const std::vector<PhraseMatch>& matches = c.matches;
  // Absolutes in past narrative ("kept a note of every delivery") describe events, not the world.
  bool narrative_past = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (c.quoted[i] || !is_past_verb(toks[i])) continue;
    const std::string_view p1 = i > 0 ? word_at(i - 1) : std::string_view(), p2 = i > 1 ? word_at(i - 2) : std::string_view();
    // Perfect and passive participles ("has failed", "is built on") are not narrative past.
    const auto aux = [](std::string_view x) {
      return x == "has" || x == "have" || x == "had" || x == "been" || x == "be" || x == "is" || x == "are";
    };
    if (toks[i].text.find('-') != std::string::npos) continue;  // "mass-produced" is an adjective
    if (!aux(p1) && !aux(p2)) narrative_past = true;
  }
  bool has_modal_after_if = false;
  for (const PhraseMatch& m : matches) {
    if (!outside(m.begin, m.end)) continue;
    const std::string_view first = word_at(m.begin);
    switch (m.lex) {
      case Lex::causal_cues: {
        if (*m.kind == "conditional") {
          for (std::size_t k = m.end; k < n; ++k) {
            const std::string_view x = word_at(k);
            has_modal_after_if |= x == "will" || x == "would" || x == "could" || x == "can" || x == "then" || x == "may" || x == "might";
          }
          if (!has_modal_after_if) break;
        }
        add_trigger("causal", m.begin, m.end, Value(*m.kind));
        if (c.causal_kind.empty() || c.causal_kind == "conditional") c.causal_kind = *m.kind;
        break;
      }
      case Lex::comparative_cues: {
        if ((first == "most" || first == "least") &&
            !(m.begin > 0 && (word_at(m.begin - 1) == "the" || toks[m.begin - 1].text.ends_with("'s"))))
          break;
        if (first == "the" && word_at(m.begin + 1) == "first" && in(time_nouns, word_at(m.end))) break;
        if (first == "record" && m.begin > 0 && word_at(m.begin - 1) == "to") break;
        bool in_peacock = false;
        for (const PhraseMatch& p : matches)
          if (p.lex == Lex::peacock_terms && p.begin <= m.begin && m.end <= p.end) in_peacock = true;
        if (in_peacock) break;
        add_trigger("comparative", m.begin, m.end, Value(*m.kind));
        c.comparative = true;
        break;
      }
      case Lex::prediction_cues: {
        if (first == "will" || first == "won't" || first == "shall") {
          if (m.begin > 0 && word_at(m.begin - 1) == "you") break;
          bool indirect = false;
          for (std::size_t k = (m.begin > 5 ? m.begin - 5 : 0); k < m.begin; ++k)
            indirect |= word_at(k) == "whether" || word_at(k) == "what";
          if (indirect) break;
        }
        // "firms that plan to hire" describes the firms; it predicts nothing.
        if (*m.kind == "plan" && m.begin > 0 && (word_at(m.begin - 1) == "that" || word_at(m.begin - 1) == "who" || word_at(m.begin - 1) == "which"))
          break;
        add_trigger("prediction", m.begin, m.end, Value(*m.kind));
        c.prediction = true;
        break;
      }
      case Lex::absolutes: {
        const std::string_view before = m.begin > 0 ? word_at(m.begin - 1) : std::string_view();
        // "doesn't always", "not every": a negated universal claims nothing sweeping.
        if (before == "not" || before == "never" || before.ends_with("n't") || before == "almost" || before == "nearly" ||
            before == "as" || before == "at" || before == "after")
          break;
        if ((first == "every" || first == "all" || first == "each") &&
            (in(time_nouns, word_at(m.end)) || (m.end < n && toks[m.end].kind == TokenKind::number) ||
             number_word(word_at(m.end)) || word_at(m.end) == "rights"))
          break;
        if (narrative_past) break;
        add_trigger("absolute", m.begin, m.end);
        c.absolute = true;
        break;
      }
      case Lex::peacock_terms:
        add_trigger("peacock", m.begin, m.end);
        c.peacock = true;
        break;
      default:
        break;
    }
  }
}

}  // namespace docpipe::plugins::claims
