#include "boilerplate_analyzer.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <string_view>

namespace docpipe::plugins {
namespace {

using namespace std::string_view_literals;

// Furniture is short: a line rule never marks a unit longer than this, so a paragraph of prose
// that happens to start with "Related:" or mention a newsletter is left alone.
constexpr std::size_t kMaxLineWords = 30;
// Nor does the cross-document rule count lines longer than this: prose does not repeat verbatim.
constexpr std::size_t kMaxRepeatBytes = 240;
// A glossary definition longer than this is not one: the marker was something else.
constexpr std::size_t kMaxDefinitionBytes = 800;

// ---------------------------------------------------------------------------------------------
// Small text helpers (ASCII case folding is enough: every built-in pattern is English).

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return is_upper(c) || is_lower_ascii(c); }

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != lower(prefix[i])) return false;
  return true;
}

// Case-insensitive search; needle must already be lower case.
std::size_t find_ci(std::string_view hay, std::string_view needle, std::size_t from = 0) {
  if (needle.empty()) return from;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (lower(hay[i]) != needle[0]) continue;
    std::size_t k = 1;
    while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t b = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

// A token without the punctuation around it, lower-cased: "(Photo:" -> "photo".
std::string bare(std::string_view w) {
  const auto punct = [](char c) { return !is_alpha(c) && !is_digit(c) && static_cast<unsigned char>(c) < 0x80; };
  while (!w.empty() && punct(w.front())) w.remove_prefix(1);
  while (!w.empty() && punct(w.back())) w.remove_suffix(1);
  return to_lower(w);
}

// The last character ends a sentence (closing quotes and brackets looked through).
bool ends_sentence(std::string_view s) {
  s = trim(s);
  while (!s.empty()) {
    const char c = s.back();
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
      s.remove_suffix(1);
    } else if (s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\x99")) {  // ” ’
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return !s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?');
}

bool has_quotation(std::string_view s) {
  return s.find('"') != std::string_view::npos || s.find("\xE2\x80\x9C") != std::string_view::npos ||
         s.find("\xE2\x80\x9D") != std::string_view::npos || s.find("\xC2\xAB") != std::string_view::npos;
}

template <std::size_t N>
bool in(std::string_view w, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

constexpr std::array<std::string_view, 35> kMonths = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu"};

// Words an update / publication line is made of besides the date itself.
constexpr std::array<std::string_view, 36> kDateFiller = {
    "on", "at", "by", "and", "ago", "am", "pm", "a.m", "p.m", "utc", "gmt", "et", "est", "edt", "pt", "pst",
    "pdt", "cet", "cest", "bst", "hours", "hour", "minutes", "minute", "mins", "min", "days", "day", "weeks",
    "today", "yesterday", "read", "of", "the", "fri", "sat"};

bool has_digit(std::string_view w) { return std::any_of(w.begin(), w.end(), is_digit); }

// ---------------------------------------------------------------------------------------------
// Units: the reader's blocks, or the text's lines when no reader gave structure.

enum class UnitKind { heading, paragraph, list_item, quote };

struct Unit {
  Span span;
  UnitKind kind;
  std::string_view text;
  std::size_t words;
};

struct Mark {
  Span span;
  std::string reason;
  bool inline_span = false;  // inside a sentence, not a whole block
};

std::vector<Unit> units_of(const Document& doc) {
  std::vector<Unit> units;
  std::vector<Span> blocked;  // code, and furniture an earlier stage (e.g. the PDF reader) marked
  for (const Annotation& a : doc.annotations) {
    if (a.span.end > doc.text.size() || a.span.empty()) continue;
    if (a.type == annotation::code || a.type == annotation::boilerplate) {
      blocked.push_back(a.span);
      continue;
    }
    UnitKind kind;
    if (a.type == annotation::heading || a.type == annotation::title) kind = UnitKind::heading;
    else if (a.type == annotation::paragraph) kind = UnitKind::paragraph;
    else if (a.type == annotation::list_item) kind = UnitKind::list_item;
    else if (a.type == annotation::quote) kind = UnitKind::quote;
    else continue;
    units.push_back({a.span, kind, doc.slice(a.span), 0});
  }
  if (units.empty()) {
    std::size_t b = 0;
    const std::string_view text = doc.text;
    while (b < text.size()) {
      std::size_t e = text.find('\n', b);
      if (e == std::string_view::npos) e = text.size();
      std::string_view line = text.substr(b, e - b);
      std::size_t lead = 0;
      while (lead < line.size() && is_space(line[lead])) ++lead;
      std::size_t end = line.size();
      while (end > lead && is_space(line[end - 1])) --end;
      if (end > lead) units.push_back({Span{b + lead, b + end}, UnitKind::paragraph, line.substr(lead, end - lead), 0});
      b = e + 1;
    }
  }
  // The title is also a heading over the same span: keep one unit per span, in text order.
  std::stable_sort(units.begin(), units.end(), [](const Unit& x, const Unit& y) {
    return x.span.begin != y.span.begin ? x.span.begin < y.span.begin : x.span.end > y.span.end;
  });
  units.erase(std::unique(units.begin(), units.end(), [](const Unit& x, const Unit& y) { return x.span == y.span; }),
              units.end());
  // Merged into disjoint sorted ranges, so a PDF with a marked header on every page costs a
  // binary search per unit, not a scan.
  std::sort(blocked.begin(), blocked.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const Span& b : blocked)
    if (!merged.empty() && b.begin <= merged.back().end) merged.back().end = std::max(merged.back().end, b.end);
    else merged.push_back(b);
  std::erase_if(units, [&](const Unit& u) {
    auto it = std::upper_bound(merged.begin(), merged.end(), u.span.begin,
                               [](std::uint64_t v, const Span& s) { return v < s.begin; });
    if (it != merged.end() && it->overlaps(u.span)) return true;
    return it != merged.begin() && std::prev(it)->overlaps(u.span);
  });
  for (Unit& u : units) u.words = words_of(u.text).size();
  return units;
}

// ---------------------------------------------------------------------------------------------
// Whole-unit rules. Each returns true when the unit is that kind of furniture.

// "By Daniel Price, Staff Writer", "Written by Ana Ruiz and Tom Lee", "Author: Jane Doe".
bool is_byline(const Unit& u) {
  if (u.words > 12 || ends_sentence(u.text)) return false;
  static constexpr std::array<std::string_view, 7> leads = {"by ", "written by ", "words by ", "story by ",
                                                             "reporting by ", "author: ", "authors: "};
  std::string_view rest;
  for (const auto lead : leads)
    if (starts_with_ci(u.text, lead)) {
      rest = trim(u.text.substr(lead.size()));
      break;
    }
  if (rest.empty() || !(is_upper(rest.front()) || static_cast<unsigned char>(rest.front()) >= 0x80)) return false;
  static constexpr std::array<std::string_view, 13> joiners = {"and", "&", "in", "for", "of", "the", "at", "with",
                                                               "de", "van", "von", "da", "|"};
  for (const auto w : words_of(rest)) {
    const char c = w.front();
    if (is_upper(c) || is_digit(c) || static_cast<unsigned char>(c) >= 0x80 || !is_alpha(c)) continue;
    if (!in(bare(w), joiners)) return false;
  }
  return true;
}

// "Updated 3 March 2024", "Published: Mar. 3, 2024 at 10:15 a.m. ET", "Last updated 2 hours ago".
bool is_update_line(const Unit& u) {
  if (u.words > 16) return false;
  static constexpr std::array<std::string_view, 10> leads = {"last updated", "updated", "first published",
                                                             "originally published", "published", "posted on",
                                                             "posted", "last modified", "modified", "date:"};
  std::string_view rest;
  bool found = false;
  for (const auto lead : leads)
    if (starts_with_ci(u.text, lead) &&
        (u.text.size() == lead.size() || !is_alpha(u.text[lead.size()]))) {
      rest = u.text.substr(lead.size());
      found = true;
      break;
    }
  if (!found) return false;
  bool date = false;
  for (const auto w : words_of(rest)) {
    const std::string b = bare(w);
    if (b.empty()) continue;
    if (in(b, kMonths) || has_digit(b)) {
      date = true;
      continue;
    }
    // A capitalised word may be a name ("by Jane Doe") or a zone; a lower-case one must be
    // filler, or this is a sentence ("Updated software ships every month").
    if (is_upper(w.front()) || (!is_alpha(w.front()) && is_upper(b.front()))) continue;
    if (!in(b, kDateFiller)) return false;
  }
  return date;
}

// "Photo: ...", "Image by ...", "Figure 2: ...", "... / Getty Images".
bool is_caption(const Unit& u) {
  if (u.words > 60) return false;
  static constexpr std::array<std::string_view, 17> prefixes = {
      "photo:", "photo by ", "photos:", "photograph:", "photograph by ", "photo credit", "image:", "image by ",
      "image credit", "image source", "picture:", "pictured:", "illustration:", "illustration by ", "caption:",
      "credit:", "graphic:"};
  for (const auto p : prefixes)
    if (starts_with_ci(u.text, p)) return true;
  // "Figure 3: ..." / "Fig. 3. ..." but not "Figure 3 shows ...".
  for (const auto p : {"figure "sv, "fig. "sv, "table "sv, "chart "sv}) {
    if (!starts_with_ci(u.text, p) || !is_upper(u.text.front())) continue;
    std::size_t i = p.size();
    const std::size_t digits = i;
    while (i < u.text.size() && (is_digit(u.text[i]) || u.text[i] == '.')) ++i;
    if (i > digits && i < u.text.size() && (u.text[i] == ':' || u.text[i] == '|' || u.text[i - 1] == '.'))
      return true;
  }
  // A credit at the end: "Crowds on Front Street. (Photo: Jane Doe)" / "... / Getty Images".
  if (u.words > 40) return false;
  const std::string tail = to_lower(u.text.substr(u.text.size() > 60 ? u.text.size() - 60 : 0));
  for (const auto p : {"(photo"sv, "(image"sv, "(credit"sv, "(illustration"sv, "(picture"sv})
    if (const auto at = tail.rfind(p); at != std::string::npos && tail.find(')', at) != std::string::npos &&
                                       trim(std::string_view(tail).substr(tail.find(')', at) + 1)).empty())
      return true;
  static constexpr std::array<std::string_view, 11> agencies = {
      "getty images", "reuters", "ap photo", "associated press", "afp", "shutterstock", "istock", "alamy",
      "unsplash", "pexels", "pixabay"};
  for (const auto a : agencies) {
    const auto at = tail.rfind(a);
    if (at == std::string::npos || !trim(std::string_view(tail).substr(at + a.size())).empty()) continue;
    std::string_view before = trim(std::string_view(tail).substr(0, at));
    if (before.ends_with("/") || before.ends_with("via") || before.ends_with("(") || before.ends_with("\xC2\xA9"))
      return true;
  }
  return false;
}

// "Alt text: ...", "[Image: ...]", "![chart](...)", a bare "hero-image.jpg".
bool is_alt_text(const Unit& u) {
  if (u.words > 60) return false;
  static constexpr std::array<std::string_view, 11> prefixes = {
      "alt text", "alt:", "alt=", "image description:", "image may contain", "[image", "[photo", "[picture",
      "[figure", "[illustration", "!["};
  for (const auto p : prefixes)
    if (starts_with_ci(u.text, p)) return true;
  if (u.words == 1) {
    const std::string b = to_lower(u.text);
    for (const auto ext : {".jpg"sv, ".jpeg"sv, ".png"sv, ".gif"sv, ".webp"sv, ".svg"sv})
      if (b.ends_with(ext)) return true;
  }
  return false;
}

// Prefixes of self-promotional links. separator: the prefix must be followed by ':' '|' '»' '>'
// a dash or the end, so "Related research shows..." stays prose; short: the unit must be short
// and no sentence.
struct LinkPrefix {
  std::string_view text;
  bool separator;
};
constexpr std::array<LinkPrefix, 22> kLinkPrefixes = {{
    {"related", true}, {"related article", true}, {"related story", true}, {"related stories", true},
    {"related reading", true}, {"related content", true}, {"related coverage", true}, {"read more", false},
    {"read also", true}, {"also read", true}, {"read next", true}, {"see also", true}, {"more from", false},
    {"recommended", true}, {"don't miss", true}, {"don\xE2\x80\x99t miss", true}, {"you may also like", false},
    {"you might also like", false}, {"click here", false}, {"continue reading", false},
    {"read the full story", false}, {"more:", false},
}};

bool separator_at(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i >= s.size()) return true;
  const std::string_view r = s.substr(i);
  return r[0] == ':' || r[0] == '|' || r[0] == '>' || r[0] == '-' || r.starts_with("\xC2\xBB") ||
         r.starts_with("\xE2\x80\x94") || r.starts_with("\xE2\x80\x93") || r.starts_with("\xE2\x86\x92");
}

// Length of the cross-link prefix s starts with, or 0.
std::size_t link_prefix(std::string_view s) {
  for (const auto& p : kLinkPrefixes) {
    if (!starts_with_ci(s, p.text)) continue;
    if (s.size() > p.text.size() && is_alpha(s[p.text.size()])) continue;  // "Relatedly", "Recommendedness"
    if (p.separator && !separator_at(s, p.text.size())) continue;
    return p.text.size();
  }
  return 0;
}

bool is_cross_link(const Unit& u) {
  if (u.words > 25 || link_prefix(u.text) == 0) return false;
  // Without a separator the prefix is a phrase ("Read more", "Click here to ..."): only as a
  // short line of its own, never a sentence of prose.
  for (const auto& p : kLinkPrefixes)
    if (starts_with_ci(u.text, p.text) && !p.separator && !separator_at(u.text, p.text.size()))
      return u.words <= 12;
  return true;
}

bool is_share_prompt(const Unit& u) {
  if (u.words > 12) return false;
  static constexpr std::array<std::string_view, 13> networks = {
      "facebook", "twitter", "x", "linkedin", "email", "e-mail", "whatsapp", "reddit", "pinterest", "telegram",
      "messenger", "flipboard", "bluesky"};
  static constexpr std::array<std::string_view, 20> words = {
      "share", "this", "the", "article", "story", "post", "page", "link", "on", "via", "with", "to", "your",
      "friends", "print", "copy", "tweet", "pin", "it", "or"};
  std::size_t shares = 0, nets = 0;
  for (const auto w : words_of(u.text)) {
    const std::string b = bare(w);
    if (b.empty()) continue;  // "|", "·"
    if (b == "share" || b == "tweet") ++shares;
    if (in(b, networks)) ++nets;
    else if (!in(b, words)) return false;
  }
  return shares > 0 || nets >= 2;
}

bool is_subscribe_prompt(const Unit& u) {
  if (u.words > kMaxLineWords || has_quotation(u.text)) return false;
  static constexpr std::array<std::string_view, 18> leads = {
      "subscribe", "sign up", "sign-up", "join our", "join the", "get our", "get the latest", "don't miss",
      "never miss", "stay up to date", "stay informed", "enter your email", "already a subscriber",
      "already subscribed", "become a member", "support our", "want more", "like this article"};
  static constexpr std::array<std::string_view, 10> keys = {"subscri", "newsletter", "inbox", "sign up",
                                                            "mailing list", "email", "member", "updates",
                                                            "journalism", "log in"};
  for (const auto lead : leads) {
    if (!starts_with_ci(u.text, lead) || (u.text.size() > lead.size() && is_alpha(u.text[lead.size()]))) continue;
    for (const auto k : keys)
      if (find_ci(u.text, k) != std::string_view::npos) return true;
  }
  // "The best stories, delivered to your inbox" wherever the imperative is.
  return u.words <= 20 && (find_ci(u.text, "your inbox") != std::string_view::npos ||
                           find_ci(u.text, "our newsletter") != std::string_view::npos ||
                           find_ci(u.text, "your email address") != std::string_view::npos);
}

bool is_copyright(const Unit& u) {
  if (u.words > 40) return false;
  if (u.text.starts_with("\xC2\xA9") || starts_with_ci(u.text, "(c) ")) return true;
  if (starts_with_ci(u.text, "copyright ")) {
    const std::string next = bare(words_of(u.text.substr(10)).empty() ? "" : words_of(u.text.substr(10)).front());
    if (u.text.substr(10).starts_with("\xC2\xA9") || starts_with_ci(u.text.substr(10), "(c)") ||
        (next.size() == 4 && has_digit(next)))
      return true;
  }
  return find_ci(u.text, "all rights reserved") != std::string_view::npos;
}

bool is_advertisement(const Unit& u) {
  if (u.words > 6) return false;
  static constexpr std::array<std::string_view, 10> lines = {
      "advertisement", "advertisements", "sponsored", "sponsored content", "paid content", "promoted",
      "story continues below advertisement", "continue reading below", "article continues below",
      "scroll to continue with content"};
  return in(bare(u.text), lines);
}

// A reference: has a year, a URL, a DOI or the marks of a citation.
bool looks_like_citation(std::string_view s) {
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    const bool start = i == 0 || !is_digit(s[i - 1]);
    const bool end = i + 4 == s.size() || !is_digit(s[i + 4]);
    if (start && end && is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
        (s[i] == '1' || (s[i] == '2' && s[i + 1] == '0')))
      return true;
  }
  for (const auto k : {"http"sv, "doi"sv, "et al"sv, "pp."sv, "vol."sv, "isbn"sv})
    if (find_ci(s, k) != std::string_view::npos) return true;
  return false;
}

bool heading_named(const Unit& u, const std::vector<std::string>& names) {
  if (u.words > 5) return false;
  std::string_view t = trim(u.text);
  if (t.ends_with(":")) t.remove_suffix(1);
  const std::string l = to_lower(trim(t));
  return std::find(names.begin(), names.end(), l) != names.end();
}

// ---------------------------------------------------------------------------------------------
// Glossary pop-ups inserted mid-sentence: "... customer intimacy Meaning ● Customer Intimacy,
// within ... interactions. generates a wealth of insights ...". The span runs from the space
// before the marker to the end of the definition, so cutting it out leaves the author's sentence.

bool abbreviation_before(std::string_view s, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && !is_space(s[b - 1])) --b;
  const std::string w = to_lower(s.substr(b, dot - b + 1));
  static constexpr std::array<std::string_view, 16> abbr = {"e.g.", "i.e.", "etc.", "vs.", "inc.", "ltd.", "co.",
                                                            "dr.", "mr.", "mrs.", "ms.", "st.", "no.", "u.s.",
                                                            "approx.", "cf."};
  return in(std::string_view(w), abbr) || (w.size() == 2 && is_alpha(w[0]));  // an initial: "J."
}

void find_glossary(const Unit& u, const std::vector<std::string>& markers, std::vector<Mark>& out) {
  const std::string_view t = u.text;
  for (const std::string& marker : markers) {
    // A marker ending in ':' is weaker ("a double Meaning: ..." is English): only take it when the
    // author's sentence visibly resumes in lower case after the definition.
    const bool weak = marker.ends_with(":");
    for (std::size_t at = t.find(marker); at != std::string_view::npos; at = t.find(marker, at + 1)) {
      // Mid-sentence: a word, not a sentence end or the start of the unit, precedes the marker.
      if (at < 2 || t[at - 1] != ' ') continue;
      const char prev = t[at - 2];
      if (prev == '.' || prev == '!' || prev == '?' || prev == ':' || prev == ';' || prev == '\n') continue;
      std::size_t def = at + marker.size();
      while (def < t.size() && t[def] == ' ') ++def;
      if (def >= t.size() || !(is_upper(t[def]) || is_digit(t[def]) || static_cast<unsigned char>(t[def]) >= 0x80))
        continue;
      std::optional<std::size_t> resumes, first_end;
      const std::size_t limit = std::min(t.size(), def + kMaxDefinitionBytes);
      for (std::size_t i = def; i < limit; ++i) {
        const char c = t[i];
        if (c != '.' && c != '!' && c != '?') continue;
        if (i + 1 < t.size() && !is_space(t[i + 1])) continue;  // "3.5", "U.S.A"
        if (c == '.' && abbreviation_before(t, i)) continue;
        if (!first_end) first_end = i + 1;
        std::size_t n = i + 1;
        while (n < t.size() && t[n] == ' ') ++n;
        if (n < t.size() && (is_lower_ascii(t[n]) || t[n] == ',' || t[n] == ';')) {
          resumes = i + 1;
          break;
        }
      }
      const std::optional<std::size_t> end = resumes ? resumes : (weak ? std::nullopt : first_end);
      if (!end) continue;
      out.push_back({Span{u.span.begin + at - 1, u.span.begin + *end}, "glossary-insertion", true});
      at = *end - 1;
    }
  }
}

// "(Related: Harbor Falls approves ...)" or "[Read more: ...]" inside a paragraph.
void find_inline_links(const Unit& u, std::vector<Mark>& out) {
  const std::string_view t = u.text;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '(' && t[i] != '[') continue;
    if (link_prefix(t.substr(i + 1)) == 0) continue;
    const char close = t[i] == '(' ? ')' : ']';
    const std::size_t end = t.find(close, i + 1);
    if (end == std::string_view::npos || end - i > 300) continue;
    if (i == 0 && end + 1 == t.size()) continue;  // the whole unit: a whole-unit rule's business
    const std::size_t b = i > 0 && t[i - 1] == ' ' ? i - 1 : i;
    out.push_back({Span{u.span.begin + b, u.span.begin + end + 1}, "cross-link", true});
    i = end;
  }
}

BoilerplatePattern parse_pattern(const std::string& entry, std::string_view option) {
  // "reason=text": the reason is a lower-case word with dashes; otherwise the whole entry is text.
  std::string reason = "custom";
  std::string text = entry;
  if (const auto eq = entry.find('='); eq != std::string::npos && eq > 0) {
    const std::string head = entry.substr(0, eq);
    if (std::all_of(head.begin(), head.end(), [](char c) { return is_lower_ascii(c) || c == '-'; })) {
      reason = head;
      text = entry.substr(eq + 1);
    }
  }
  text = std::string(trim(text));
  if (text.empty()) throw Error("option '" + std::string(option) + "': the entry \"" + entry + "\" has no text");
  return {reason, to_lower(text)};
}

const std::vector<std::string> kDefaultReferenceHeadings = {
    "references", "reference list", "sources", "bibliography", "works cited", "citations", "footnotes",
    "endnotes", "notes and references", "further reading"};
const std::vector<std::string> kDefaultRelatedHeadings = {
    "explore", "related", "related articles", "related posts", "related stories", "related questions",
    "related reading", "people also ask", "you may also like", "you might also like", "read next", "more stories",
    "recommended", "recommended for you", "trending", "most read", "most popular", "keep reading", "up next"};
const std::vector<std::string> kDefaultGlossaryMarkers = {"Meaning \xE2\x97\x8F", "Meaning:", "Definition \xE2\x97\x8F",
                                                          "Definition:"};

Array string_array(const std::vector<std::string>& v) {
  Array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

const std::vector<std::string>& BoilerplateAnalyzer::builtin_reasons() {
  static const std::vector<std::string> reasons = {
      "byline",        "updated",      "caption",          "alt-text",      "cross-link",
      "glossary-insertion", "references", "related-list", "share-prompt", "subscribe-prompt",
      "copyright",     "advertisement", "repeated-line"};
  return reasons;
}

std::vector<OptionSpec> BoilerplateAnalyzer::option_specs() {
  return {
      {.name = "reasons",
       .type = OptionType::string_list,
       .default_value = string_array(builtin_reasons()),
       .description = "Built-in rules to apply, by the reason they give; \"repeated-line\" also needs cross_document",
       .choices = {}},
      {.name = "extra_prefixes",
       .type = OptionType::string_list,
       .default_value = Array{},
       .description = "Blocks (of at most 30 words) starting with one of these, case-insensitively, are marked; "
                      "write \"reason=text\" to give a reason (default \"custom\"), e.g. \"cross-link=More from the Herald\"",
       .choices = {}},
      {.name = "extra_phrases",
       .type = OptionType::string_list,
       .default_value = Array{},
       .description = "Blocks (of at most 30 words) containing one of these, case-insensitively, are marked; "
                      "\"reason=text\" as for extra_prefixes",
       .choices = {}},
      {.name = "reference_headings",
       .type = OptionType::string_list,
       .default_value = string_array(kDefaultReferenceHeadings),
       .description = "Headings that open a reference list; the citations after one (lines with a year, URL, DOI, "
                      "...) are marked with it",
       .choices = {}},
      {.name = "related_headings",
       .type = OptionType::string_list,
       .default_value = string_array(kDefaultRelatedHeadings),
       .description = "Headings that open a related-links or related-questions list; the short lines after one "
                      "are marked with it",
       .choices = {}},
      {.name = "glossary_markers",
       .type = OptionType::string_list,
       .default_value = string_array(kDefaultGlossaryMarkers),
       .description = "Markers of glossary pop-ups inserted mid-sentence (\"term Meaning \xE2\x97\x8F Definition. "
                      "sentence goes on\"); a marker ending in ':' counts only when the sentence resumes in lower case",
       .choices = {}},
      {.name = "cross_document",
       .type = OptionType::boolean,
       .default_value = false,
       .description = "Mark short lines seen in at least min_repeat_documents documents of this run (reason "
                      "\"repeated-line\"). Only documents processed earlier count, so results can differ between "
                      "runs with several jobs; off by default",
       .choices = {}},
      {.name = "min_repeat_documents",
       .type = OptionType::integer,
       .default_value = 3,
       .description = "Documents a line must appear in (this one included) to be marked by the cross-document rule",
       .choices = {}},
  };
}

BoilerplateConfig BoilerplateAnalyzer::parse_options(const Options& options) {
  BoilerplateConfig c;
  const auto list = [&](std::string_view name, const std::vector<std::string>& fallback) {
    return options.has(name) && !options.get(name).is_null() ? options.get_string_list(name) : fallback;
  };
  c.reasons = list("reasons", builtin_reasons());
  for (const auto& r : c.reasons)
    if (std::find(builtin_reasons().begin(), builtin_reasons().end(), r) == builtin_reasons().end())
      throw Error("option 'reasons': unknown reason \"" + r + "\"; known: byline, updated, caption, alt-text, "
                  "cross-link, glossary-insertion, references, related-list, share-prompt, subscribe-prompt, "
                  "copyright, advertisement, repeated-line");
  for (const auto& e : list("extra_prefixes", {})) c.prefixes.push_back(parse_pattern(e, "extra_prefixes"));
  for (const auto& e : list("extra_phrases", {})) c.phrases.push_back(parse_pattern(e, "extra_phrases"));
  for (const auto& h : list("reference_headings", kDefaultReferenceHeadings)) c.reference_headings.push_back(to_lower(trim(h)));
  for (const auto& h : list("related_headings", kDefaultRelatedHeadings)) c.related_headings.push_back(to_lower(trim(h)));
  c.glossary_markers = list("glossary_markers", kDefaultGlossaryMarkers);
  for (const auto& m : c.glossary_markers)
    if (trim(m).empty()) throw Error("option 'glossary_markers': empty marker");
  c.cross_document = options.has("cross_document") && !options.get("cross_document").is_null() &&
                     options.get_bool("cross_document");
  const std::int64_t min_docs =
      options.has("min_repeat_documents") && !options.get("min_repeat_documents").is_null()
          ? options.get_int("min_repeat_documents") : 3;
  if (min_docs < 2)
    throw Error("option 'min_repeat_documents' must be 2 or more, not " + std::to_string(min_docs));
  c.min_repeat_documents = static_cast<std::uint32_t>(std::min<std::int64_t>(min_docs, 1'000'000'000));
  return c;
}

BoilerplateAnalyzer::BoilerplateAnalyzer(const StageContext& ctx)
    : BoilerplateAnalyzer(ctx, LineFrequencyTable::shared(ctx.stage_id)) {}

BoilerplateAnalyzer::BoilerplateAnalyzer(const StageContext& ctx, LineFrequencyTable& table)
    : stage_id_(ctx.stage_id), config_(parse_options(ctx.options)), table_(table) {}

void BoilerplateAnalyzer::analyze(Document& doc) {
  const auto enabled = [&](std::string_view r) {
    return std::find(config_.reasons.begin(), config_.reasons.end(), r) != config_.reasons.end();
  };
  const std::vector<Unit> units = units_of(doc);
  std::vector<Mark> marks;
  std::vector<bool> marked(units.size(), false);
  const auto mark_unit = [&](std::size_t i, std::string_view reason) {
    marks.push_back({units[i].span, std::string(reason), false});
    marked[i] = true;
  };

  // Sections: a reference or related heading and the run of units after it that fits.
  for (std::size_t i = 0; i < units.size(); ++i) {
    const bool refs = enabled("references") && heading_named(units[i], config_.reference_headings);
    const bool related = !refs && enabled("related-list") && heading_named(units[i], config_.related_headings);
    if (!refs && !related) continue;
    std::size_t j = i + 1;
    while (j < units.size() && units[j].kind != UnitKind::heading) {
      const Unit& u = units[j];
      // A byline or share line after the list starts the next page's furniture, not an item.
      const bool other = is_byline(u) || is_update_line(u) || is_share_prompt(u) || is_copyright(u) ||
                         is_cross_link(u) || is_subscribe_prompt(u);
      const bool fits = !other && (refs ? (u.words <= 80 && looks_like_citation(u.text))
                                        : (u.words <= 20 && (!ends_sentence(u.text) || trim(u.text).ends_with("?"))));
      if (!fits) break;
      ++j;
    }
    const std::size_t items = j - i - 1;
    // A related list needs two items, or one that runs to the end of the document.
    if (items == 0 || (related && items < 2 && j < units.size())) continue;
    marks.push_back({Span{units[i].span.begin, units[j - 1].span.end}, refs ? "references" : "related-list", false});
    for (std::size_t k = i; k < j; ++k) marked[k] = true;
    i = j - 1;
  }

  for (std::size_t i = 0; i < units.size(); ++i) {
    if (marked[i]) continue;
    const Unit& u = units[i];
    bool done = false;
    if (u.words <= kMaxLineWords) {
      for (const auto& p : config_.prefixes)
        if (!done && starts_with_ci(u.text, p.text)) mark_unit(i, p.reason), done = true;
      for (const auto& p : config_.phrases)
        if (!done && find_ci(u.text, p.text) != std::string_view::npos) mark_unit(i, p.reason), done = true;
    }
    if (done || u.kind == UnitKind::quote) continue;
    struct Rule {
      std::string_view reason;
      bool (*test)(const Unit&);
    };
    static constexpr std::array<Rule, 10> rules = {{
        {"copyright", is_copyright}, {"byline", is_byline}, {"updated", is_update_line}, {"caption", is_caption},
        {"alt-text", is_alt_text}, {"cross-link", is_cross_link}, {"share-prompt", is_share_prompt},
        {"subscribe-prompt", is_subscribe_prompt}, {"advertisement", is_advertisement}, {"", nullptr},
    }};
    for (const Rule& r : rules) {
      if (r.test == nullptr || !enabled(r.reason) || !r.test(u)) continue;
      mark_unit(i, r.reason);
      break;
    }
  }

  // Inline spans inside the blocks left: glossary pop-ups and bracketed cross-links.
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (marked[i] || units[i].kind == UnitKind::heading) continue;
    if (enabled("glossary-insertion")) find_glossary(units[i], config_.glossary_markers, marks);
    if (enabled("cross-link")) find_inline_links(units[i], marks);
  }

  if (config_.cross_document && enabled("repeated-line")) {
    std::vector<std::uint64_t> unit_keys(units.size(), 0);
    for (std::size_t i = 0; i < units.size(); ++i)
      if (units[i].text.size() <= kMaxRepeatBytes) unit_keys[i] = line_key(units[i].text);
    std::vector<std::uint64_t> keys;  // distinct and sorted, for the lookups below
    for (std::size_t i = 0; i < units.size(); ++i)
      if (units[i].text.size() <= kMaxRepeatBytes) keys.push_back(unit_keys[i]);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    // Every short line is counted, marked or not, so the counts do not depend on other rules.
    const std::vector<std::uint32_t> seen = table_.add_document(keys);
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (marked[i] || units[i].text.size() > kMaxRepeatBytes) continue;
      const auto at = std::lower_bound(keys.begin(), keys.end(), unit_keys[i]);
      if (seen[static_cast<std::size_t>(at - keys.begin())] >= config_.min_repeat_documents) mark_unit(i, "repeated-line");
    }
  }

  // Text order; a span inside another one is dropped.
  std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
  });
  std::vector<Mark> kept;
  for (Mark& m : marks)
    if (kept.empty() || !kept.back().span.contains(m.span)) kept.push_back(std::move(m));

  Object by_reason;
  for (const auto& r : config_.reasons) by_reason.set(r, 0);
  std::uint64_t bytes = 0, covered_to = 0;
  for (const Mark& m : kept) {
    Object features{{"reason", m.reason}};
    if (m.inline_span) features.set("inline", true);
    doc.annotate(annotation::boilerplate, m.span, std::move(features));
    Value& count = by_reason[m.reason];
    count = count.is_int() ? Value(count.as_int() + 1) : Value(1);
    const std::uint64_t b = std::max(m.span.begin, covered_to);
    if (m.span.end > b) bytes += m.span.end - b;
    covered_to = std::max(covered_to, m.span.end);
  }
  Object& metrics = doc.stage_metrics(stage_id_);
  metrics.set("spans", kept.size());
  metrics.set("bytes", bytes);
  metrics.set("share", doc.text.empty() ? 0.0 : static_cast<double>(bytes) / static_cast<double>(doc.text.size()));
  metrics.set("by_reason", std::move(by_reason));
}

}  // namespace docpipe::plugins
