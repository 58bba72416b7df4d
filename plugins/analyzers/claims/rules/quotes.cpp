// Quotations: which tokens are quoted, the main quotation, and its speaker.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// Paired marks; an unpaired one runs to the sentence's edge; short ones are scare quotes.
void detect_quotes(Sentence& c, SentenceResult& /*r*/) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  Engine::State& state = c.state;
  {
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t open = none;
    bool starts_inside = state.open_quote_sentences > 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!is_quote_mark(toks[i])) continue;
      if (starts_inside) {
        starts_inside = false;
        if (toks[i].text != "\xE2\x80\x9C") {
          c.regions.push_back({n, i});
          continue;
        }
        open = i;  // a fresh opening mark: the earlier quotation was never closed
        continue;
      }
      const bool opener = toks[i].text == "\xE2\x80\x9C" || (toks[i].text == "\"" && open == none);
      if (opener && open == none) {
        open = i;
      } else if (open != none) {
        c.regions.push_back({open, i});
        open = none;
      } else if (c.regions.empty()) {
        c.regions.push_back({n, i});  // the sentence starts inside a quotation
      }
    }
    if (open != none) c.regions.push_back({open, n});
    if (starts_inside) c.regions.push_back({n, n});  // no mark at all: the whole sentence is quoted
  }
  std::size_t best_words = 0;
  for (Region& q : c.regions) {
    const std::size_t b = q.open == n ? 0 : q.open + 1;
    std::size_t words = 0;
    for (std::size_t k = b; k < q.close && k < n; ++k) words += is_word(toks[k]) || toks[k].kind == TokenKind::number;
    if (q.open == n) words += static_cast<std::size_t>(c.config.min_quote_words);  // continues a quotation
    if (words >= static_cast<std::size_t>(c.config.min_quote_words)) {
      for (std::size_t k = b; k < q.close && k < n; ++k) c.quoted[k] = true;
      if (words > best_words) best_words = words, c.main_quote = q;
    } else if (q.open != n && q.close != n) {
      for (std::size_t k = b; k < q.close; ++k) c.scare[k] = true;  // a “20% time” policy: a name, not a figure
    }
  }
}

// The main quotation's speaker: the attribution, a colon lead-in, or the previous quotation's.
void detect_speaker(Sentence& c, SentenceResult& r) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  auto word_at = [&c](std::size_t i) { return c.word(i); };
  const std::vector<NameRun>& runs = c.runs;
  Engine::State& state = c.state;
  if (c.main_quote) {
    Quote q;
    const std::size_t qb = c.main_quote->open == n ? 0 : c.main_quote->open;
    const std::size_t qe = c.main_quote->close == n ? n : c.main_quote->close + 1;
    q.span = span_of(toks, qb, qe);
    if (r.attribution && r.attribution->source_kind != "vague") {
      q.speaker_kind = r.attribution->source_kind;
      q.speaker = r.attribution->source_kind == "pronoun" ? r.attribution->resolved : r.attribution->source;
      if (q.speaker.empty()) q.speaker_kind.clear();
    } else if (c.main_quote->open != n && c.main_quote->open > 0 && is_punct(toks[c.main_quote->open - 1], ":")) {
      // 'She added: "..."' / 'Lena Fischer, who runs a bookshop, does not mince words: "..."'.
      const std::string_view w0 = word_at(c.first_word);
      if (in(pronouns, w0) || w0 == "her" || w0 == "his") {  // 'Her own view is narrower: "..."'
        q.speaker = state.last_person;
        q.speaker_kind = q.speaker.empty() ? "" : "pronoun";
      } else {
        for (const NameRun& run : runs)
          if (run.begin < c.main_quote->open && run.kind == "person" && q.speaker.empty()) {
            const std::string full = state.resolve(run.text);
            q.speaker = full.empty() ? run.text : full;
            q.speaker_kind = "person";
          }
      }
    }
    // A quotation that opens the sentence right after another one continues the same speaker.
    if (q.speaker.empty() && !state.previous_quote_speaker.empty() && (c.main_quote->open == n || c.main_quote->open <= c.first_word)) {
      q.speaker = state.previous_quote_speaker;
      q.speaker_kind = "continuation";
    }
    r.quote = std::move(q);
  }
  state.open_quote_sentences = !c.regions.empty() && c.regions.back().close == n && state.open_quote_sentences < 5
                                   ? state.open_quote_sentences + 1 : 0;
  // Reported speech also introduces the next quotation: 'Halvorsen said it paid off. "For the first time..."'.
  state.previous_quote_speaker = r.quote ? r.quote->speaker : std::string();
  if (!r.quote && r.attribution && r.attribution->source_kind == "person") state.previous_quote_speaker = r.attribution->source;
  if (!r.quote && r.attribution && r.attribution->source_kind == "pronoun") state.previous_quote_speaker = r.attribution->resolved;
}

}  // namespace docpipe::plugins::claims
