// Dates and future horizons.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// Years, months, weekdays, "last year"; and horizons ("by 2030", "next year") for predictions.
void detect_dates(Sentence& c, SentenceResult& /*r*/) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  auto word_at = [&c](std::size_t i) { return c.word(i); };
  for (std::size_t i = 0; i < n; ++i) {
    if (c.quoted[i]) continue;
    const std::string_view wd = word_at(i);
    if (is_year(toks[i]) || (is_date_word(toks[i]) && (wd != "may" || toks[i].capitalised)) ||
        ((wd == "last" || wd == "yesterday") && (wd == "yesterday" || in(time_nouns, word_at(i + 1)))))
      c.dated = true;
    const bool horizon_word = wd == "by" || wd == "until" || wd == "through" || wd == "before";
    if (horizon_word) {
      for (std::size_t k = i + 1; k < std::min(n, i + 6); ++k)
        if (is_year(toks[k]) && !c.future_target) c.future_target = true, c.horizon = {i, k + 1};
    }
    if ((wd == "next" && in(time_nouns, word_at(i + 1))) || (wd == "this" && in(time_nouns, word_at(i + 1)) && word_at(i + 1) != "time") ||
        (wd == "coming" && in(time_nouns, word_at(i + 1))) || (wd == "next" && word_at(i + 1) == "few")) {
      if (!c.future_target) c.horizon = {i, i + 2};
      c.future_target = true;
    }
  }
}

}  // namespace docpipe::plugins::claims
