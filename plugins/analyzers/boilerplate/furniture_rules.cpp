#include "furniture_rules.hpp"

#include <array>
#include <string>

#include "text_scan.hpp"

namespace docpipe::plugins::boilerplate {
namespace {

using namespace std::string_view_literals;
using namespace scan;

// Furniture is short: a line rule never marks a unit longer than this, so a paragraph of prose
// that happens to start with "Related:" or mention a newsletter is left alone.
constexpr std::size_t kMaxLineWords = 30;

constexpr std::array<std::string_view, 35> kMonths = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu"};

// Words an update / publication line is made of besides the date itself.
constexpr std::array<std::string_view, 38> kDateFiller = {
    "on", "at", "by", "and", "ago", "am", "pm", "a.m", "p.m", "utc", "gmt", "et", "est", "edt", "pt", "pst",
    "pdt", "cet", "cest", "bst", "hours", "hour", "minutes", "minute", "mins", "min", "days", "day", "weeks",
    "today", "yesterday", "read", "of", "the", "fri", "sat", "|", "in"};

bool has(const Unit& u, std::string_view needle) { return u.lower.find(needle) != std::string_view::npos; }

bool is_date_word(std::string_view b) { return in(b, kMonths) || has_digit(b); }

// "example.com", "www.site.org": a word with letters on both sides of a dot and a known ending.
bool is_domain(std::string_view w) {
  const std::string b = bare(w);
  for (const auto tld : {".com"sv, ".org"sv, ".net"sv, ".co.uk"sv, ".io"sv, ".gov"sv, ".edu"sv, ".news"sv})
    if (b.size() > tld.size() + 1 && b.ends_with(tld)) return true;
  return b.starts_with("www.");
}

// The text after the first of leads s starts with (case-insensitive, a whole word), or npos.
template <std::size_t N>
std::size_t after_lead(std::string_view s, const std::array<std::string_view, N>& leads) {
  for (const auto lead : leads)
    if (starts_with_ci(s, lead) && (s.size() == lead.size() || !is_alpha(s[lead.size()]) || lead.back() == ' '))
      return lead.size();
  return std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------
// Bylines and dates.

// "By Daniel Price, Staff Writer", "Written by Ana Ruiz and Tom Lee", "by Jo Kim @jokim Feb 1, 2016".
std::string_view byline(const Unit& u) {
  if (u.words > 16 || (ends_sentence(u.text) && u.words > 8)) return {};
  static constexpr std::array<std::string_view, 11> leads = {
      "by ", "written by ", "words by ", "story by ", "reporting by ", "posted by ", "text by ", "interview by ",
      "author: ", "authors: ", "byline: "};
  const std::size_t at = after_lead(u.text, leads);
  if (at == std::string_view::npos) return {};
  const std::string_view rest = trim(u.text.substr(at));
  if (rest.empty() || !(is_upper(rest.front()) || is_high(rest.front()) || rest.front() == '@')) return {};
  // Lower-case words a byline has besides the names: joiners and the writer's role.
  static constexpr std::array<std::string_view, 42> allowed = {
      "and", "&", "in", "for", "of", "the", "at", "with", "de", "van", "von", "da", "|", "on", "to", "via",
      "staff", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents", "editor", "editors",
      "contributor", "contributing", "columnist", "senior", "associate", "special", "chief", "news", "political",
      "business", "science", "guest", "freelance", "photographer", "team", "desk", "newsroom"};
  for (const auto w : words_of(rest)) {
    const char c = w.front();
    if (is_upper(c) || is_digit(c) || is_high(c) || !is_alpha(c)) continue;
    const std::string b = bare(w);
    if (!in(std::string_view(b), allowed) && !is_date_word(b)) return {};
  }
  return "\"By\" + names";
}

// The words after an update lead: dates, names, time filler, and after "by" the credit.
bool date_rest(std::string_view rest) {
  bool date = false, credit = false;
  for (const auto w : words_of(rest)) {
    const std::string b = bare(w);
    if (b.empty()) continue;
    if (is_date_word(b)) {
      date = true;
      credit = false;
      continue;
    }
    if (b == "by") credit = true;
    // A capitalised word may be a name ("by Jane Doe") or a zone; a lower-case one must be
    // filler or the credit, or this is a sentence ("Updated software ships every month").
    if (is_upper(w.front()) || (!is_alpha(w.front()) && !b.empty() && is_upper(strip_punct(w).front()))) continue;
    if (credit || in(std::string_view(b), kDateFiller) || is_domain(w)) continue;
    return false;
  }
  return date;
}

// "Updated 3 March 2024", "Published: Mar. 3, 2024 at 10:15 a.m. ET", "Sept. 25, 2018", "5 min read".
std::string_view update_line(const Unit& u) {
  if (u.words > 20) return {};
  static constexpr std::array<std::string_view, 12> leads = {
      "last updated", "updated", "first published", "originally published", "published", "posted on", "posted",
      "last modified", "modified", "date:", "last reviewed", "reviewed"};
  if (const std::size_t at = after_lead(u.text, leads); at != std::string_view::npos)
    return date_rest(u.text.substr(at)) ? "update lead + date"sv : std::string_view{};
  // "CNN (New York) First published February 1, 2016": the lead after a short dateline.
  if (!ends_sentence(u.text))
    for (const auto lead : {"first published"sv, "last updated"sv, "published on"sv, "updated on"sv})
      if (const std::size_t at = u.lower.find(lead); at != std::string_view::npos && at < 40 &&
                                                         date_rest(u.text.substr(at + lead.size())))
        return "update phrase + date";
  // A line that is nothing but a date, or a reading time.
  if (u.words <= 8) {
    bool month = false, other = false;
    for (const auto w : words_of(u.text)) {
      const std::string b = bare(w);
      if (b.empty()) continue;
      if (in(std::string_view(b), kMonths)) month = true;
      else if (!has_digit(b) && !in(std::string_view(b), kDateFiller)) other = true;
    }
    if (month && !other) return "date only";
    const std::string_view l = u.lower;
    if (u.words <= 5 && (l.ends_with(" min read") || l.ends_with(" minute read") || l.ends_with(" minutes read") ||
                         l.starts_with("reading time")))
      return "reading time";
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Images.

std::string_view caption_prefix(const Unit& u) {
  static constexpr std::array<std::string_view, 38> prefixes = {
      "photo:", "photo by ", "photos:", "photos by ", "photograph:", "photograph by ", "photo credit", "photo illustration",
      "image:", "image by ", "image credit", "image source", "image copyright", "image caption", "picture:",
      "pictured:", "illustration:", "illustration by ", "caption:", "credit:", "graphic:", "featured image",
      "feature image", "article image", "header image", "hero image", "lead image", "cover image", "top image",
      "main image", "image for ", "video:", "watch:", "gallery:", "source:", "courtesy of ", "enlarge this image",
      "creditcredit"};
  for (const auto p : prefixes)
    if (starts_with_ci(u.text, p)) return "caption or credit prefix";
  // "Credit Harry Campbell": the credit word and a name, nothing else.
  if (u.words <= 8 && starts_with_ci(u.text, "credit ") && u.text.size() > 7 && is_upper(u.text[7]))
    return "credit + name";
  // "1/50 United goin down", "3 / 12": a gallery's counter.
  std::size_t d = 0;
  while (d < u.text.size() && is_digit(u.text[d])) ++d;
  if (d > 0 && d + 1 < u.text.size() && u.words <= 12) {
    std::size_t k = d;
    while (k < u.text.size() && u.text[k] == ' ') ++k;
    if (k < u.text.size() && u.text[k] == '/') {
      ++k;
      while (k < u.text.size() && u.text[k] == ' ') ++k;
      const std::size_t n = k;
      while (k < u.text.size() && is_digit(u.text[k])) ++k;
      // "1/50" or "3 / 12", then a space or the end: not a date ("12/03/2024") nor "24/7".
      if (k > n && (k == u.text.size() || u.text[k] == ' ') && std::stoul(std::string(u.text.substr(0, d))) <=
                                                                   std::stoul(std::string(u.text.substr(n, k - n))) &&
          k - n < 4 && d < 4)
        return "gallery counter";
    }
  }
  // Stubs left where a picture or a player was.
  static constexpr std::array<std::string_view, 16> stubs = {
      "photo", "image", "video", "photos", "images", "gallery", "enlarge", "caption", "hide caption",
      "toggle caption", "play video", "watch video", "view gallery", "photo gallery", "image gallery", "slideshow"};
  if (u.words <= 3 && in(std::string_view(bare(u.text)), stubs)) return "picture stub";
  // A credit alone: "Getty Images", "Reuters/Corbis", "Jane Doe/AFP".
  if (u.words <= 4 && !ends_sentence(u.text)) {
    const std::string_view t = trim(u.lower);
    static constexpr std::array<std::string_view, 12> credits = {
        "getty images", "getty", "reuters", "ap", "ap photo", "afp", "epa", "rex", "corbis", "shutterstock",
        "associated press", "alamy"};
    if (in(t, credits)) return "picture credit alone";
    const std::size_t slash = t.rfind('/');
    if (slash != std::string_view::npos && in(trim(t.substr(slash + 1)), credits)) return "picture credit alone";
  }
  return {};
}

// "Figure 3: ..." / "Fig. 3. ..." but not "Figure 3 shows ...".
bool numbered_figure(std::string_view t) {
  for (const auto p : {"figure "sv, "fig. "sv, "table "sv, "chart "sv}) {
    if (!starts_with_ci(t, p) || !is_upper(t.front())) continue;
    std::size_t i = p.size();
    const std::size_t digits = i;
    while (i < t.size() && (is_digit(t[i]) || t[i] == '.')) ++i;
    if (i > digits && i < t.size() && (t[i] == ':' || t[i] == '|' || t[i - 1] == '.')) return true;
  }
  return false;
}

// A credit at the end: "Crowds on Front Street. (Photo: Jane Doe)" / "... / Getty Images".
bool trailing_credit(std::string_view lower) {
  const std::string_view t = trim(lower);
  if (t.ends_with(")")) {
    const std::size_t open = t.rfind('(');
    if (open == std::string_view::npos || t.size() - open > 80) return false;
    const std::string_view inside = t.substr(open);
    for (const auto p : {"(photo"sv, "(image"sv, "(credit"sv, "(illustration"sv, "(picture"sv, "(courtesy"sv})
      if (inside.starts_with(p)) return true;
    return false;
  }
  static constexpr std::array<std::string_view, 16> agencies = {
      "getty images", "getty", "reuters", "ap photo", "ap", "associated press", "afp", "epa", "shutterstock",
      "istock", "alamy", "unsplash", "pexels", "pixabay", "bloomberg", "wikimedia commons"};
  for (const auto a : agencies) {
    if (!t.ends_with(a)) continue;
    const std::size_t at = t.size() - a.size();
    if (at > 0 && is_alpha(t[at - 1])) continue;
    const std::string_view before = trim(t.substr(0, at));
    if (before.ends_with("/") || before.ends_with("via") || before.ends_with("(") || before.ends_with("\xC2\xA9") ||
        before.ends_with("|") || before.ends_with("credit:") || before.ends_with("photo:"))
      return true;
  }
  return false;
}

std::string_view caption(const Unit& u) {
  if (u.words > 60) return {};
  if (const auto s = caption_prefix(u); !s.empty()) return s;
  if (numbered_figure(u.text)) return "numbered figure";
  if (u.words <= 40 && trailing_credit(u.lower)) return "ends in a picture credit";
  return {};
}

// "Alt text: ...", "[Image: ...]", "![chart](...)", a bare "hero-image.jpg".
std::string_view alt_text(const Unit& u) {
  if (u.words > 60) return {};
  static constexpr std::array<std::string_view, 11> prefixes = {
      "alt text", "alt:", "alt=", "image description:", "image may contain", "[image", "[photo", "[picture",
      "[figure", "[illustration", "!["};
  for (const auto p : prefixes)
    if (starts_with_ci(u.text, p)) return "alt-text prefix";
  if (u.words == 1) {
    const std::string b = to_lower(u.text);
    for (const auto ext : {".jpg"sv, ".jpeg"sv, ".png"sv, ".gif"sv, ".webp"sv, ".svg"sv})
      if (b.ends_with(ext)) return "image file name";
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Links to the site's other pages.

// Prefixes of self-promotional links. separator: the prefix must be followed by ':' '|' '»' '>'
// a dash or the end, so "Related research shows..." stays prose.
struct LinkPrefix {
  std::string_view text;
  bool separator;
};
constexpr std::array<LinkPrefix, 25> kLinkPrefixes = {{
    {"related", true}, {"related article", true}, {"related story", true}, {"related stories", true},
    {"related reading", true}, {"related content", true}, {"related coverage", true}, {"read more", false},
    {"read also", true}, {"also read", true}, {"read next", true}, {"see also", true}, {"more from", false},
    {"recommended", true}, {"don't miss", true}, {"don\xE2\x80\x99t miss", true}, {"you may also like", false},
    {"you might also like", false}, {"click here", false}, {"continue reading", false},
    {"read the full story", false}, {"more:", false}, {"more about", false}, {"more on", true},
    {"watch:", false},
}};

bool separator_at(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i >= s.size()) return true;
  const std::string_view r = s.substr(i);
  return r[0] == ':' || r[0] == '|' || r[0] == '>' || r[0] == '-' || r.starts_with("\xC2\xBB") ||
         r.starts_with("\xE2\x80\x94") || r.starts_with("\xE2\x80\x93") || r.starts_with("\xE2\x86\x92");
}

// The reader is sent somewhere: an imperative or "readers can ..." lead.
bool redirects(std::string_view l) {
  static constexpr std::array<std::string_view, 24> leads = {
      "learn more", "read more", "read our", "see our", "visit our", "visit ", "check out", "check it out",
      "find out more", "explore our", "browse our", "click ", "head over", "head to", "for more", "to learn more",
      "to read more", "to find out more", "to see more", "more on this", "you can read", "you can find",
      "you can learn", "readers can"};
  for (const auto lead : leads)
    if (l.starts_with(lead)) return true;
  return l.find("readers can learn") != std::string::npos || l.find("readers can find") != std::string::npos;
}

// ... to a page of the same site: "our X section", "on Example.com", "here.".
bool names_site_page(std::string_view l, std::string_view original) {
  for (const auto w : words_of(original))
    if (is_domain(w)) return true;
  static constexpr std::array<std::string_view, 12> ours = {
      "our site", "our website", "this site", "this website", "our archive", "our coverage", "our guide",
      "our series", "our explainer", "our previous", "our earlier", "our full"};
  for (const auto o : ours)
    if (l.find(o) != std::string::npos) return true;
  if (l.find(" section") != std::string::npos && (l.find(" our ") != std::string::npos || l.find(" the ") != std::string::npos))
    return true;
  const std::string_view e = without_closers(l);
  return e.ends_with(" here.") || e.ends_with(" here") || e == "here." || e.ends_with(" page.");
}

std::string_view cross_link(const Unit& u) {
  if (u.words <= 25 && link_prefix(u.text) != 0) {
    // Without a separator the prefix is a phrase ("Read more", "Click here to ..."): only as a
    // short line of its own, never a sentence of prose.
    for (const auto& p : kLinkPrefixes)
      if (starts_with_ci(u.text, p.text) && !p.separator && !separator_at(u.text, p.text.size()))
        return u.words <= 12 && (u.words <= 3 || !ends_sentence(u.text)) ? "link phrase"sv : std::string_view{};
    return "link prefix";
  }
  if (u.words > 40 || has_quotation(u.text)) return {};
  const std::string_view l = u.lower;
  if (redirects(l) && names_site_page(l, u.text)) return "sends the reader to another page of the site";
  return {};
}

// ---------------------------------------------------------------------------------------------
// Prompts, footers, ads.

std::string_view share_prompt(const Unit& u) {
  if (u.words > 12) return {};
  static constexpr std::array<std::string_view, 14> networks = {
      "facebook", "twitter", "x", "linkedin", "email", "e-mail", "whatsapp", "reddit", "pinterest", "telegram",
      "messenger", "flipboard", "bluesky", "google+"};
  static constexpr std::array<std::string_view, 24> words = {
      "share", "this", "the", "article", "story", "post", "page", "link", "on", "via", "with", "to", "your",
      "friends", "print", "copy", "tweet", "pin", "it", "or", "follow", "us", "like", "shares"};
  std::size_t shares = 0, nets = 0;
  for (const auto w : words_of(u.text)) {
    const std::string b = bare(w);
    if (b.empty() || has_digit(b)) continue;  // "|", "·", share counts
    if (b == "share" || b == "tweet" || b == "follow" || b == "shares") ++shares;
    if (in(std::string_view(b), networks)) ++nets;
    else if (!in(std::string_view(b), words)) return {};
  }
  if (shares > 0 || nets >= 2) return "share words and networks only";
  if (nets == 1 && u.words == 1 && bare(u.text) != "x") return "a network's name alone";
  return {};
}

std::string_view subscribe_prompt(const Unit& u) {
  if (u.words > kMaxLineWords || has_quotation(u.text)) return {};
  static constexpr std::array<std::string_view, 20> leads = {
      "subscribe", "sign up", "sign-up", "join our", "join the", "get our", "get the latest", "don't miss",
      "never miss", "stay up to date", "stay informed", "enter your email", "already a subscriber",
      "already subscribed", "become a member", "support our", "want more", "like this article", "newsletter",
      "log in"};
  static constexpr std::array<std::string_view, 11> keys = {"subscri", "newsletter", "inbox", "sign up",
                                                            "mailing list", "email", "member", "updates",
                                                            "journalism", "log in", "account"};
  for (const auto lead : leads) {
    if (!starts_with_ci(u.text, lead) || (u.text.size() > lead.size() && is_alpha(u.text[lead.size()]))) continue;
    for (const auto k : keys)
      if (u.lower.find(k) != std::string_view::npos) return "subscribe lead + newsletter words";
  }
  // "The best stories, delivered to your inbox" wherever the imperative is.
  if (u.words <= 20 && (has(u, "your inbox") || has(u, "our newsletter") ||
                        has(u, "your email address")))
    return "inbox / newsletter phrase";
  return {};
}

std::string_view cookie_prompt(const Unit& u) {
  if (u.words > 60 || has_quotation(u.text)) return {};
  const bool cookie = has(u, "cookie");
  if (cookie && (has(u, "we use") || has(u, "this site") || has(u, "this website") ||
                 has(u, "our site") || has(u, "accept") || has(u, "consent") ||
                 has(u, "privacy")))
    return "cookie notice words";
  if (starts_with_ci(u.text, "by continuing to use") || starts_with_ci(u.text, "by using this"))
    return "\"by continuing to use\"";
  return {};
}

std::string_view copyright(const Unit& u) {
  if (u.words > 200) return {};
  const bool reserved = has(u, "all rights reserved");
  if (u.words > 40) return reserved ? "\"all rights reserved\""sv : std::string_view{};
  if (u.text.starts_with("\xC2\xA9") || starts_with_ci(u.text, "(c) ")) return "starts with \xC2\xA9";
  if (starts_with_ci(u.text, "copyright ")) {
    const auto after = words_of(u.text.substr(10));
    const std::string next = after.empty() ? "" : bare(after.front());
    if (u.text.substr(10).starts_with("\xC2\xA9") || starts_with_ci(u.text.substr(10), "(c)") ||
        (next.size() == 4 && has_digit(next)))
      return "\"Copyright\" + year";
  }
  if (reserved) return "\"all rights reserved\"";
  return {};
}

// "Privacy Policy", "Terms of Use | Contact Us", "Back to top": a line of footer links.
std::string_view footer(const Unit& u) {
  if (u.words > 10 || ends_sentence(u.text)) return {};
  static constexpr std::array<std::string_view, 22> anchors = {
      "privacy", "terms", "contact", "advertise", "sitemap", "cookie", "cookies", "disclaimer", "imprint", "legal",
      "accessibility", "careers", "feedback", "reprints", "faq", "faqs", "top", "rss", "about", "help", "copyright",
      "permissions"};
  static constexpr std::array<std::string_view, 36> filler = {
      "policy", "of", "use", "service", "conditions", "&", "and", "us", "with", "map", "site", "settings",
      "preferences", "notice", "press", "feeds", "newsletters", "corrections", "your", "do", "not", "sell", "my",
      "personal", "information", "choices", "ad", "support", "the", "back", "to", "page", "statement", "|",
      "agreement", "center"};
  std::size_t anchor = 0;
  for (const auto w : words_of(u.text)) {
    const std::string b = bare(w);
    if (b.empty()) continue;
    if (in(std::string_view(b), anchors)) ++anchor;
    else if (!in(std::string_view(b), filler)) return {};
  }
  return anchor > 0 ? "footer link words only"sv : std::string_view{};
}

std::string_view advertisement(const Unit& u) {
  if (u.words > 8) return {};
  static constexpr std::array<std::string_view, 14> lines = {
      "advertisement", "advertisements", "advertising", "ad", "sponsored", "sponsored content", "paid content",
      "paid partner", "promoted", "story continues below advertisement", "continue reading below",
      "article continues below", "scroll to continue with content", "advertisement continue reading below"};
  if (in(std::string_view(bare(u.text)), lines)) return "advertisement label";
  for (const auto lead : {"sponsored by"sv, "powered by"sv, "presented by"sv, "brought to you by"sv, "in partnership with"sv})
    if (starts_with_ci(u.text, lead) && !ends_sentence(u.text)) return "sponsor line";
  return {};
}

}  // namespace

std::size_t link_prefix(std::string_view s) {
  for (const auto& p : kLinkPrefixes) {
    if (!starts_with_ci(s, p.text)) continue;
    if (s.size() > p.text.size() && is_alpha(s[p.text.size()])) continue;  // "Relatedly", "Recommendedness"
    if (p.separator && !separator_at(s, p.text.size())) continue;
    return p.text.size();
  }
  return 0;
}

bool looks_like_citation(std::string_view s) {
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    const bool start = i == 0 || !is_digit(s[i - 1]);
    const bool end = i + 4 == s.size() || !is_digit(s[i + 4]);
    if (start && end && is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
        (s[i] == '1' || (s[i] == '2' && s[i + 1] == '0')))
      return true;
  }
  for (const auto k : {"http"sv, "doi"sv, "et al"sv, "pp."sv, "vol."sv, "isbn"sv})
    if (contains_ci(s, k)) return true;
  return false;
}

bool is_comments_heading(const Unit& u) {
  if (u.words > 8) return false;
  std::string l = to_lower(trim(u.text));
  while (!l.empty() && (l.back() == ':' || l.back() == ')')) l.pop_back();
  // Not "comment" alone: that is a column of a table as often as a heading.
  static constexpr std::array<std::string_view, 13> exact = {
      "comments", "leave a reply", "leave a comment", "post a comment", "add a comment",
      "join the discussion", "join the conversation", "reader comments", "show comments", "view comments",
      "discussion", "responses", "have your say"};
  if (in(std::string_view(l), exact)) return true;
  // "12 Comments", "3 responses to ...", "Comments (4)", "5 thoughts on ..."; not "11 Comments.
  // Click to view comments", a link in a teaser.
  std::size_t i = 0;
  while (i < l.size() && is_digit(l[i])) ++i;
  const std::string_view rest = trim(std::string_view(l).substr(i));
  static constexpr std::array<std::string_view, 6> counted = {"comments", "comment", "responses", "response",
                                                              "replies", "reply"};
  if (i > 0 && (in(rest, counted) || rest.starts_with("thoughts on ") || rest.starts_with("responses to ") ||
                rest.starts_with("comments on ") || rest.starts_with("replies to ")))
    return true;
  return l.starts_with("comments (") || l.starts_with("comments are closed");
}

const std::vector<FurnitureRule>& furniture_rules() {
  static const std::vector<FurnitureRule> rules = {
      {"copyright", copyright},          {"byline", byline},
      {"updated", update_line},          {"caption", caption},
      {"alt-text", alt_text},            {"cross-link", cross_link},
      {"share-prompt", share_prompt},    {"subscribe-prompt", subscribe_prompt},
      {"cookie-prompt", cookie_prompt},  {"advertisement", advertisement},
      {"footer", footer},
  };
  return rules;
}

}  // namespace docpipe::plugins::boilerplate
