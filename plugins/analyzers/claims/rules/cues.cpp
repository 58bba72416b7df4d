// Lexicon cues: causes, comparisons, predictions, absolutes and peacock terms.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {
namespace {

// Absolutes in past narrative ("kept a note of every delivery") describe events, not the world.
bool narrative_past(const Sentence& c) {
  // Perfect and passive participles ("has failed", "is built on") are not narrative past.
  const auto aux = [](std::string_view x) {
    return x == "has" || x == "have" || x == "had" || x == "been" || x == "be" || x == "is" || x == "are";
  };
  for (std::size_t i = 0; i < c.toks.size(); ++i) {
    if (c.quoted[i] || !is_past_verb(c.toks[i])) continue;
    if (c.toks[i].text.find('-') != std::string::npos) continue;  // "mass-produced" is an adjective
    const std::string_view p1 = i > 0 ? c.word(i - 1) : std::string_view(), p2 = i > 1 ? c.word(i - 2) : std::string_view();
    if (!aux(p1) && !aux(p2)) return true;
  }
  return false;
}

// "if prices rise, sales will fall": a conditional is causal only with a consequence.
bool causal_cue(const Sentence& c, const PhraseMatch& m, bool& has_modal_after_if) {
  if (*m.kind != "conditional") return true;
  for (std::size_t k = m.end; k < c.toks.size(); ++k) {
    const std::string_view x = c.word(k);
    has_modal_after_if |= x == "will" || x == "would" || x == "could" || x == "can" || x == "then" || x == "may" || x == "might";
  }
  return has_modal_after_if;
}

// Not "most people" (without "the"), "the first time", "to record", or part of a peacock term.
bool comparative_cue(const Sentence& c, const PhraseMatch& m) {
  const std::string_view first = c.word(m.begin);
  if ((first == "most" || first == "least") &&
      !(m.begin > 0 && (c.word(m.begin - 1) == "the" || c.toks[m.begin - 1].text.ends_with("'s"))))
    return false;
  if (first == "the" && c.word(m.begin + 1) == "first" && in(time_nouns, c.word(m.end))) return false;
  if (first == "record" && m.begin > 0 && c.word(m.begin - 1) == "to") return false;
  return std::none_of(c.matches.begin(), c.matches.end(), [&](const PhraseMatch& p) {
    return p.lex == Lex::peacock_terms && p.begin <= m.begin && m.end <= p.end;
  });
}

// Not "you will", "whether it will", or "firms that plan to hire" (which describes the firms).
bool prediction_cue(const Sentence& c, const PhraseMatch& m) {
  const std::string_view first = c.word(m.begin);
  if (first == "will" || first == "won't" || first == "shall") {
    if (m.begin > 0 && c.word(m.begin - 1) == "you") return false;
    for (std::size_t k = (m.begin > 5 ? m.begin - 5 : 0); k < m.begin; ++k)
      if (c.word(k) == "whether" || c.word(k) == "what") return false;
  }
  const std::string_view before = m.begin > 0 ? c.word(m.begin - 1) : std::string_view();
  return !(*m.kind == "plan" && (before == "that" || before == "who" || before == "which"));
}

// Not negated ("doesn't always"), not approximate ("almost all"), not "every year" or "all three".
bool absolute_cue(const Sentence& c, const PhraseMatch& m) {
  const std::string_view first = c.word(m.begin);
  const std::string_view before = m.begin > 0 ? c.word(m.begin - 1) : std::string_view();
  if (before == "not" || before == "never" || before.ends_with("n't") || before == "almost" || before == "nearly" ||
      before == "as" || before == "at" || before == "after")
    return false;
  return !((first == "every" || first == "all" || first == "each") &&
           (in(time_nouns, c.word(m.end)) || (m.end < c.toks.size() && c.toks[m.end].kind == TokenKind::number) ||
            number_word(c.word(m.end)) || c.word(m.end) == "rights"));
}

}  // namespace

// Each cue of the causal, comparative, prediction, absolute and peacock lexicons, with its exceptions.
void detect_cues(Sentence& c, SentenceResult& r) {
  const bool narrative = narrative_past(c);
  bool has_modal_after_if = false;
  for (const PhraseMatch& m : c.matches) {
    if (!c.outside(m.begin, m.end)) continue;
    if (m.lex == Lex::causal_cues && causal_cue(c, m, has_modal_after_if)) {
      c.add_trigger(r, "causal", m.begin, m.end, Value(*m.kind));
      if (c.causal_kind.empty() || c.causal_kind == "conditional") c.causal_kind = *m.kind;
    } else if (m.lex == Lex::comparative_cues && comparative_cue(c, m)) {
      c.add_trigger(r, "comparative", m.begin, m.end, Value(*m.kind));
      c.comparative = true;
    } else if (m.lex == Lex::prediction_cues && prediction_cue(c, m)) {
      c.add_trigger(r, "prediction", m.begin, m.end, Value(*m.kind));
      c.prediction = true;
    } else if (m.lex == Lex::absolutes && !narrative && absolute_cue(c, m)) {
      c.add_trigger(r, "absolute", m.begin, m.end);
      c.absolute = true;
    } else if (m.lex == Lex::peacock_terms) {
      c.add_trigger(r, "peacock", m.begin, m.end);
      c.peacock = true;
    }
  }
}

}  // namespace docpipe::plugins::claims
