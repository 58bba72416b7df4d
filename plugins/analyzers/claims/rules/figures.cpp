// Figures: numbers with what they measure, outside quotes and evidence markers.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// Adds a number or scale trigger per figure; the sentence is statistical when it has one.
void detect_figures(Sentence& c, SentenceResult& r) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  const std::vector<PhraseMatch>& matches = c.matches;
  for (NumberValue& v : read_numbers(toks, matches)) {
    bool in_quote = false;
    for (std::size_t k = 0; k < n; ++k)
      if ((c.quoted[k] || c.scare[k]) && toks[k].begin >= v.span.begin && toks[k].end <= v.span.end) in_quote = true;
    if (in_quote) continue;
    // Digits of a URL, DOI or footnote mark are not figures.
    if (std::any_of(r.evidence.begin(), r.evidence.end(), [&](const Evidence& e) {
          return !e.next_sentence && e.kind != "named_report" && e.span.overlaps(v.span);
        }))
      continue;
    Object val{{"value", v.value}, {"unit", v.unit}};
    if (!v.scale.empty()) val.set("scale", v.scale);
    if (!v.direction.empty()) val.set("direction", v.direction);
    r.triggers.push_back({v.unit == "multiplier" || v.unit == "fraction" ? "scale" : "number", v.span, Value(std::move(val))});
    r.numbers.push_back(std::move(v));
  }
  c.statistical = !r.numbers.empty();
}

}  // namespace docpipe::plugins::claims
