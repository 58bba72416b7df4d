// Names: capitalised runs classified as people, organisations, places and documents.
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

std::string join_text(const Sentence& c, std::size_t b, std::size_t e) {
  if (b >= e) return {};
  return std::string(c.text.substr(c.toks[b].begin, c.toks[e - 1].end - c.toks[b].begin));
}

// Capitalised runs outside quotes, titles stripped, classified.
std::vector<NameRun> name_runs(const Sentence& c, const PhraseMatcher& m, const Engine::State* state) {
  std::vector<NameRun> runs;
  const auto& t = c.toks;
  const std::size_t n = t.size();
  auto cap = [&](std::size_t i) {
    return i < n && is_word(t[i]) && (t[i].capitalised || t[i].all_caps) && !t[i].has_digit && !c.quoted[i] &&
           !in(weekdays, t[i].text) && !(in(months, t[i].text) && t[i].text != "may");
  };
  std::size_t i = 0;
  while (i < n) {
    if (!cap(i)) {
      ++i;
      continue;
    }
    std::size_t b = i, e = i + 1;
    while (e < n) {
      if (cap(e)) {
        ++e;
      } else if (is_punct(t[e], ".") && in(titles, t[e - 1].text) && cap(e + 1)) {
        ++e;  // "Ms. Kowalczyk"
      } else if ((is_punct(t[e], "&") || t[e].text == "of") && cap(e + 1)) {
        e += 1;
      } else {
        break;
      }
    }
    i = e;
    // A sentence's first word is capitalised anyway: it joins a name only when a name follows.
    const bool at_start = b == c.first_word || (b > 0 && is_quote_mark(t[b - 1]) && b - 1 == c.first_word);
    if (at_start && (in(name_stops, t[b].text) || e - b == 1)) {
      ++b;
      if (b < e && !cap(b)) ++b;
    }
    while (b < e && (in(titles, t[b].text) || is_punct(t[b], "."))) ++b;  // titles are not the name
    if (b >= e) continue;
    NameRun r{b, e, "name", join_text(c, b, e)};
    bool org = false, doc = false, place = false;
    std::size_t caps = 0;
    for (std::size_t k = b; k < e; ++k) {
      const std::string_view w = strip_possessive(t[k].text);
      if (is_punct(t[k], "&") || t[k].all_caps || m.contains_word(Lex::org_suffixes, w)) org = true;
      if (m.contains_word(Lex::evidence_nouns, w)) doc = true;
      if (in(place_suffixes, w)) place = true;
      caps += is_word(t[k]) && t[k].capitalised;
    }
    if (r.text.ends_with("'s")) r.text.resize(r.text.size() - 2);
    if (doc) r.kind = "document";
    else if (org) r.kind = "organisation";
    else if (place) r.kind = "place";
    else if (caps >= 2 && caps <= 4) r.kind = "person";
    else if (caps == 1 && state && !state->resolve(r.text).empty()) r.kind = "person";
    else if (caps == 1 && b > 0 && in(titles, t[b - 1].text)) r.kind = "person";
    runs.push_back(std::move(r));
  }
  return runs;
}

const NameRun* run_in(const std::vector<NameRun>& runs, std::size_t b, std::size_t e) {
  const NameRun* found = nullptr;
  for (const NameRun& r : runs)
    if (r.begin >= b && r.end <= e && (!found || r.kind == "person")) found = &r;
  return found;
}

// The kind of source a noun phrase names.
std::string classify_source(const Sentence& c, const PhraseMatcher& m, const std::vector<NameRun>& runs, std::size_t b,
                            std::size_t e, std::string& name) {
  const auto& t = c.toks;
  name = join_text(c, b, e);
  if (e - b == 1 && in(pronouns, t[b].text)) return "pronoun";
  for (const PhraseMatch& pm : m.match(std::vector<Token>(t.begin() + b, t.begin() + e)))
    if (pm.lex == Lex::vague_sources) return "vague";
  if (const NameRun* r = run_in(runs, b, e)) {
    name = r->text;
    if (r->kind == "person" || r->kind == "document" || r->kind == "organisation") return r->kind;
    return "organisation";  // a bare proper name reporting something is most often a company
  }
  // A lone capitalised word that is not a grammar word ("Nordlac told ...") is a name.
  if (e - b == 1 && is_word(t[b]) && t[b].capitalised && !in(name_stops, t[b].text) && !in(determiners, t[b].text))
    return b == c.first_word && t[b].text.size() > 3 && t[b].text.ends_with("s") ? "vague" : "organisation";  // "Critics said"
  // No proper name: the head noun decides; an indefinite person ("one manager") is vague.
  std::string_view head;
  for (std::size_t k = b; k < e; ++k)
    if (is_word(t[k]) && !in(determiners, t[k].text)) head = strip_possessive(t[k].text);
  bool has_doc = false, has_org = false;
  for (std::size_t k = b; k < e; ++k) {
    const std::string_view w = strip_possessive(t[k].text);
    has_doc |= m.contains_word(Lex::evidence_nouns, w);
    has_org |= m.contains_word(Lex::org_suffixes, w);
  }
  const bool definite = t[b].text == "the" || t[b].text == "its" || t[b].text == "their" || t[b].text.ends_with("'s");
  if (has_doc) return "document";
  if (has_org && (definite || t[b].text == "a" || t[b].text == "an")) return "organisation";
  if (in(person_nouns, head) && definite) return "person";
  return "vague";
}

}  // namespace docpipe::plugins::claims
