// Non-claims: questions, imperatives, opinion and boilerplate cues.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// Marks the sentence as a question, imperative, opinion or boilerplate.
void detect_non_claims(Sentence& c, SentenceResult& r) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  auto outside = [&c](std::size_t b, std::size_t e) { return c.outside(b, e); };
  const std::vector<PhraseMatch>& matches = c.matches;
  {
    std::size_t last = n;
    while (last > 0 && (is_quote_mark(toks[last - 1]) || is_punct(toks[last - 1], ")"))) --last;
    if (last > 0 && is_punct(toks[last - 1], "?") && !c.quoted[last - 1]) r.non_claim.push_back("question");
    for (const PhraseMatch& m : matches) {
      if (!outside(m.begin, m.end)) continue;
      const bool noun_follows = m.end < n && is_word(toks[m.end]) && !toks[m.end].capitalised && toks[m.end].text.size() > 3 &&
                                toks[m.end].text.ends_with("s") && !toks[m.end].text.ends_with("ss") && toks[m.end].text != "this" &&
                                toks[m.end].text != "yours" && toks[m.end].text != "across";
      if (m.lex == Lex::imperative_verbs && m.begin == c.first_word && !toks[m.begin].has_digit && !noun_follows &&
          !lead_in(toks, m.end) &&
          !(m.end < n && (is_punct(toks[m.end], ",") || (is_word(toks[m.end]) && (toks[m.end].text == "is" || toks[m.end].text == "was")))))
        r.non_claim.push_back("imperative");
      else if (m.lex == Lex::opinion_markers)
        r.non_claim.push_back("opinion");
      else if (m.lex == Lex::non_claim_cues)
        r.non_claim.push_back("boilerplate");
    }
    std::sort(r.non_claim.begin(), r.non_claim.end());
    r.non_claim.erase(std::unique(r.non_claim.begin(), r.non_claim.end()), r.non_claim.end());
  }
}

}  // namespace docpipe::plugins::claims
