// Dated events.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// A named actor, a date and a past-tense verb outside quotes.
void detect_event(Sentence& c, SentenceResult& /*r*/) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  const std::vector<NameRun>& runs = c.runs;
  if (c.dated) {
    bool actor = false, past = false;
    for (const NameRun& run : runs) actor |= run.kind == "person" || run.kind == "organisation" || run.kind == "name";
    for (std::size_t i = 0; i < n; ++i) past |= !c.quoted[i] && is_past_verb(toks[i]);
    c.event = actor && past;
  }
}

}  // namespace docpipe::plugins::claims
