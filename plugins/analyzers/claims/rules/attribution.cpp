// Attribution: a speech or finding cue with its source and content, and vague sources.
#include "rules/rules.hpp"

#include <algorithm>


namespace docpipe::plugins::claims {

namespace {

using TokenRange = std::pair<std::size_t, std::size_t>;

// The noun phrase that ends right before token v: a name, a pronoun, an appositive or up to six words.
std::optional<TokenRange> np_before(const Sentence& c, std::size_t v) {
  const std::vector<Token>& toks = c.toks;
  const std::vector<NameRun>& runs = c.runs;
  auto word_at = [&c](std::size_t i) { return c.word(i); };

  if (v == 0) return std::nullopt;
  std::size_t j = v;  // exclusive end
  // Appositive: "X's chief financial officer, Mark Oduya, said".
  if (is_punct(toks[v - 1], ",")) {
    // "X's officer, Mark Oduya, said" / "Dr. Okafor, who teaches at Riverside College, said".
    std::size_t j = v - 1;
    while (j > 0 && v - 1 - j < 25 && !is_punct(toks[j - 1], ",") && !is_quote_mark(toks[j - 1])) --j;
    if (j == 0 || !is_punct(toks[j - 1], ",")) return std::nullopt;
    for (const NameRun& run : runs)
      if (run.end == v - 1 && run.begin == j) return std::pair{run.begin, run.end};
    const std::string_view opener = word_at(j);
    if (opener == "who" || opener == "which" || opener == "whose" || opener == "a" || opener == "an" || opener == "the")
      return np_before(c, j - 1);
    return std::nullopt;
  }
  if (is_word(toks[v - 1]) && in(pronouns, toks[v - 1].text)) return std::pair{v - 1, v};
  std::size_t b = v;
  while (b > 0 && v - b < 7) {
    const Token& t = toks[b - 1];
    const bool part = is_word(t) || t.kind == TokenKind::number || is_punct(t, "&") ||
                      (is_punct(t, ".") && b >= 2 && in(titles, toks[b - 2].text));
    if (!part || c.quoted[b - 1]) break;
    if (is_word(t) && (t.text == "that" || t.text == "and" || t.text == "but" || t.text == "who" || t.text == "which")) break;
    --b;
    if (is_word(t) && in(determiners, t.text)) break;
  }
  if (b == j) return std::nullopt;
  return std::pair{b, j};
}

// Where the source [sb, se) and the content [cb, ce) of the cue m are.
void locate(const Sentence& c, const PhraseMatch& m, std::size_t& sb, std::size_t& se, std::size_t& cb, std::size_t& ce) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  const std::vector<NameRun>& runs = c.runs;
  auto word_at = [&c](std::size_t i) { return c.word(i); };
  auto np_before = [&c](std::size_t v) { return claims::np_before(c, v); };
  if (*m.kind == "according") {
    if (word_at(m.begin) == "according") {
      sb = m.end;
      se = sb;
      while (se < n && !is_punct(toks[se], ",") && !is_punct(toks[se], ")") && !is_punct(toks[se], ".") && se - sb < 16) ++se;
      if (m.begin > c.first_word) cb = c.first_word, ce = m.begin;
      else cb = se + 1, ce = n;
    } else {
      // "in a statement", "in court filings": the sentence's subject is the source.
      if (const auto np = np_before(m.begin); np && m.begin > c.first_word + 1) {
        sb = c.first_word;
        se = sb;
        while (se < n && (is_word(toks[se]) || is_punct(toks[se], "&")) && !is_past_verb(toks[se]) && se - sb < 6) ++se;
      }
      for (const NameRun& run : runs)
        if (run.begin < m.begin && sb == se) sb = run.begin, se = run.end;
      cb = m.end;
      ce = n;
    }
  } else {
    const bool inverted = m.begin > 0 && (is_quote_mark(toks[m.begin - 1]) ||
                                          (is_punct(toks[m.begin - 1], ",") && !np_before(m.begin)));
    if (inverted) {
      // '"...," said chief executive Amira Haddad' / '..., said Daniel Osei, an economist'.
      std::size_t k = m.end;
      while (k < n && k - m.end < 3 && is_word(toks[k]) && !toks[k].capitalised && !in(pronouns, toks[k].text)) ++k;
      if (k < n && is_word(toks[k]) && in(pronouns, toks[k].text)) {
        sb = k, se = k + 1;
      } else {
        for (const NameRun& run : runs)
          if (run.begin == k && sb == se) sb = run.begin, se = run.end;
        if (sb == se) {
          // "..., the union said." has its source before the verb after all.
          se = m.begin - 1;
        }
      }
      cb = c.first_word, ce = m.begin - 1;
    } else if (const auto np = np_before(m.begin)) {
      sb = np->first, se = np->second;
      cb = m.end;
      // "told the council that ...", "told us": the content starts after "that" when it comes soon.
      for (std::size_t k = m.end; k < std::min(n, m.end + 5); ++k)
        if (word_at(k) == "that") {
          cb = k + 1;
          break;
        }
      if (cb == m.end && (word_at(m.end) == "us" || word_at(m.end) == "reporters" || word_at(m.end) == "me")) ++cb;
      ce = n;
      // Verb at the end ("..., the office reported."): the content is before the source.
      std::size_t words_after = 0;
      for (std::size_t k = cb; k < n; ++k) words_after += is_word(toks[k]) || toks[k].kind == TokenKind::number;
      if (words_after <= 2 && sb > 0 && is_punct(toks[sb - 1], ",")) cb = c.first_word, ce = sb - 1;
    }
  }
}

// Whether the cue m reports something: not negated, not a modal possibility, not "added a counter".
bool reports(const Sentence& c, const PhraseMatch& m) {
  auto word_at = [&c](std::size_t i) { return c.word(i); };
  if (m.lex != Lex::speech_verbs || !c.outside(m.begin, m.end)) return false;
  if (m.begin > 0 && (word_at(m.begin - 1) == "not" || word_at(m.begin - 1) == "never" || word_at(m.begin - 1) == "to")) return false;
  // "you'll find", "could show": a possibility or an address to the reader, not a report.
  if (m.begin > 0 && *m.kind == "finding" && in(report_blockers, word_at(m.begin - 1))) return false;
  // "added a hot food counter": the verb takes an object, nobody is speaking.
  return !((word_at(m.begin) == "added" || word_at(m.begin) == "adds") &&
           (in(determiners, word_at(m.end)) || (m.end < c.toks.size() && c.toks[m.end].kind == TokenKind::number)));
}

// "experts say", "many people believe": a vague source makes a claim sweeping, not attributed.
void detect_vague_sources(Sentence& c, SentenceResult& r) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  const std::vector<PhraseMatch>& matches = c.matches;
  auto outside = [&c](std::size_t b, std::size_t e) { return c.outside(b, e); };
  auto add_trigger = [&](std::string kind, std::size_t b, std::size_t e, Value v = nullptr) {
    c.add_trigger(r, std::move(kind), b, e, std::move(v));
  };
  for (const PhraseMatch& m : matches) {
    if (m.lex != Lex::vague_sources || !outside(m.begin, m.end)) continue;
    c.vague_source = true;
    add_trigger("vague_source", m.begin, m.end);
    if (!r.attribution || r.attribution->source_kind == "vague") {
      Attribution a;
      a.source = join_text(c, m.begin, m.end);
      a.source_kind = "vague";
      a.source_span = a.cue = span_of(toks, m.begin, m.end);
      a.content = span_of(toks, m.end, n);
      r.attribution = std::move(a);
    }
  }
}

}  // namespace

// The first cue whose source can be found: "X said", "according to X", "studies by X show".
void detect_attribution(Sentence& c, SentenceResult& r) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  Engine::State& state = c.state;
  for (const PhraseMatch& m : c.matches) {
    if (!reports(c, m)) continue;
    Attribution a;
    a.cue = span_of(toks, m.begin, m.end);
    std::size_t sb = 0, se = 0, cb = 0, ce = 0;
    locate(c, m, sb, se, cb, ce);
    if (sb >= se) continue;
    std::size_t content_words = 0;
    for (std::size_t k = cb; k < ce && k < n; ++k) content_words += (is_word(toks[k]) || toks[k].kind == TokenKind::number) && !c.quoted[k];
    if (content_words < 3 && !c.main_quote) continue;
    a.source_kind = classify_source(c, c.matcher, c.runs, sb, se, a.source);
    a.source_span = span_of(toks, sb, se);
    if (content_words >= 3) a.content = span_of(toks, cb, std::min(ce, n));
    if (a.source_kind == "pronoun" && (a.source == "he" || a.source == "she" || a.source == "He" || a.source == "She"))
      a.resolved = state.last_person;
    if (a.source_kind == "person") {
      const std::string full = state.resolve(a.source);
      if (!full.empty()) a.source = full;
    }
    c.add_trigger(r, "speech", m.begin, m.end, Value(*m.kind));
    r.attribution = std::move(a);
    break;
  }
  detect_vague_sources(c, r);
}

}  // namespace docpipe::plugins::claims
