// The scoring follows the approach of Arc90's Readability as Mozilla's Readability.js carries
// it on: paragraphs score their ancestors, link-heavy candidates are discounted, the best one
// is widened to related siblings and then cleaned of blocks that look like furniture.
#include "html_extract.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>

#include "docpipe/text.hpp"

namespace docpipe::plugins::html {
namespace {

constexpr std::size_t kCharThreshold = 500;
constexpr std::size_t kTopCandidates = 5;
constexpr double kListLinkDensity = 0.6;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_ws(s[b])) ++b;
  while (e > b && is_ws(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

bool contains_any(std::string_view hay, std::initializer_list<std::string_view> needles) {
  for (auto n : needles)
    if (hay.find(n) != std::string_view::npos) return true;
  return false;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// True when word occurs in s delimited by non-word characters or underscores.
bool has_token(std::string_view s, std::string_view word) {
  for (std::size_t pos = s.find(word); pos != std::string_view::npos; pos = s.find(word, pos + 1)) {
    const bool left = pos == 0 || !word_char(s[pos - 1]) || s[pos - 1] == '_';
    const std::size_t end = pos + word.size();
    const bool right = end == s.size() || !word_char(s[end]) || s[end] == '_';
    if (left && right) return true;
  }
  return false;
}

// Class and id hints; the lists are generic words for page furniture, never site names.
bool unlikely_hint(std::string_view m) {
  return contains_any(m, {"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
                          "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu",
                          "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper",
                          "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager",
                          "popup", "yom-remote", "cookie", "consent", "newsletter", "subscribe"});
}
bool maybe_candidate_hint(std::string_view m) {
  return contains_any(m, {"and", "article", "body", "column", "content", "main", "mathjax", "shadow"});
}
bool positive_hint(std::string_view m) {
  return contains_any(m, {"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
                          "pagination", "post", "text", "blog", "story"});
}
bool negative_hint(std::string_view m) {
  return contains_any(m, {"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
                          "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share",
                          "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget",
                          "cookie", "consent", "subscribe"}) ||
         has_token(m, "hid");
}
bool byline_hint(std::string_view m) {
  return contains_any(m, {"byline", "author", "dateline", "writtenby", "p-author"});
}
bool share_hint(std::string_view m) { return has_token(m, "share") || has_token(m, "sharedaddy"); }

bool unlikely_role(std::string_view role) {
  static constexpr std::array<std::string_view, 7> roles = {"menu", "menubar", "complementary", "navigation",
                                                            "alert", "alertdialog", "dialog"};
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::string match_string(const Node* n) {
  std::string m = lower(attr(n, "class"));
  m += ' ';
  m += lower(attr(n, "id"));
  return m;
}

int class_weight(const Node* n, bool enabled) {
  if (!enabled) return 0;
  int w = 0;
  for (std::string_view name : {"class", "id"}) {
    const std::string v = lower(attr(n, name));
    if (v.empty()) continue;
    if (negative_hint(v)) w -= 25;
    if (positive_hint(v)) w += 25;
  }
  return w;
}

GumboTag effective_tag(const Node* n) { return n->as_paragraph ? GUMBO_TAG_P : n->tag; }

void initialize(Node* n, bool weight_classes) {
  n->scored = true;
  double s = 0;
  switch (effective_tag(n)) {
    case GUMBO_TAG_DIV: s = 5; break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: s = 3; break;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: s = -3; break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: s = -5; break;
    default: break;
  }
  n->score = s + class_weight(n, weight_classes);
}

bool is_whitespace_text(const Node* n) {
  return n->is_text && std::all_of(n->text.begin(), n->text.end(), is_ws);
}

bool is_phrasing(const Node* n) {
  if (n->is_text) return true;
  switch (n->tag) {
    case GUMBO_TAG_ABBR: case GUMBO_TAG_AUDIO: case GUMBO_TAG_B: case GUMBO_TAG_BDO: case GUMBO_TAG_BR:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_DFN: case GUMBO_TAG_EM: case GUMBO_TAG_EMBED: case GUMBO_TAG_I:
    case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT: case GUMBO_TAG_KBD: case GUMBO_TAG_LABEL: case GUMBO_TAG_MARK:
    case GUMBO_TAG_MATH: case GUMBO_TAG_METER: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_OUTPUT: case GUMBO_TAG_PROGRESS: case GUMBO_TAG_Q: case GUMBO_TAG_RUBY: case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_SELECT: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TIME: case GUMBO_TAG_VAR: case GUMBO_TAG_WBR:
      return !n->synthetic;
    case GUMBO_TAG_A: case GUMBO_TAG_DEL: case GUMBO_TAG_INS:
      return std::all_of(n->children.begin(), n->children.end(),
                         [](const Node* c) { return c->removed || is_phrasing(c); });
    default:
      return false;
  }
}

bool div_to_p_element(const Node* n) {
  switch (effective_tag(n)) {
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL: case GUMBO_TAG_DIV: case GUMBO_TAG_IMG: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

bool has_child_block(const Node* n) {
  for (const Node* c : n->children) {
    if (c->removed || c->is_text) continue;
    if (div_to_p_element(c) || has_child_block(c)) return true;
  }
  return false;
}

bool has_single_p(const Node* n) {
  const Node* only = nullptr;
  for (const Node* c : n->children) {
    if (c->removed) continue;
    if (c->is_text) {
      if (!is_whitespace_text(c)) return false;
      continue;
    }
    if (only) return false;
    only = c;
  }
  return only && effective_tag(only) == GUMBO_TAG_P;
}

bool without_content(const Node* n) {
  if (text_length(n) != 0) return false;
  for (const Node* c : element_children(n))
    if (!c->is(GUMBO_TAG_BR) && !c->is(GUMBO_TAG_HR)) return false;
  return true;
}

Node* next_element_sibling(const Node* n) {
  if (!n->parent) return nullptr;
  const auto& sib = n->parent->children;
  for (std::size_t i = n->index + 1; i < sib.size(); ++i)
    if (!sib[i]->removed && !sib[i]->is_text) return sib[i];
  return nullptr;
}

// Pre-order successor among live elements.
Node* next_node(Node* n, bool skip_children = false) {
  if (!skip_children)
    for (Node* c : n->children)
      if (!c->removed && !c->is_text) return c;
  for (Node* p = n; p; p = p->parent)
    if (Node* s = next_element_sibling(p)) return s;
  return nullptr;
}

Node* remove_and_next(Node* n) {
  Node* next = next_node(n, true);
  remove_node(n);
  return next;
}

void reindex(Node* n) {
  invalidate_stats(n);
  for (std::size_t i = 0; i < n->children.size(); ++i) {
    // The old parent still lists the child, but its measures must not outlive a change below.
    if (n->children[i]->parent != n) invalidate_stats(n->children[i]->parent);
    n->children[i]->parent = n;
    n->children[i]->index = i;
  }
}

// Wraps runs of inline content of a div in paragraphs, so text sitting between blocks scores.
void wrap_phrasing(Tree& tree, Node* div) {
  std::vector<Node*> out;
  Node* p = nullptr;
  for (Node* c : div->children) {
    if (c->removed) continue;
    if (is_phrasing(c)) {
      if (p) {
        p->children.push_back(c);
      } else if (!is_whitespace_text(c)) {
        p = tree.make_element(GUMBO_TAG_P);
        out.push_back(p);
        p->children.push_back(c);
      } else {
        out.push_back(c);
      }
    } else {
      if (p) {
        while (!p->children.empty() && is_whitespace_text(p->children.back())) {
          out.push_back(p->children.back());
          p->children.pop_back();
        }
        reindex(p);
        p = nullptr;
      }
      out.push_back(c);
    }
  }
  if (p) reindex(p);
  div->children = std::move(out);
  reindex(div);
}

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// Length of the text of a subtree as written, whitespace included, trimmed at both ends.
std::size_t raw_text_length(const Node* root) {
  std::size_t total = 0, leading = 0, trailing = 0;
  bool seen = false;
  for_each_node(root, [&](const Node* n) {
    if (!n->is_text) return;
    for (const char ch : n->text) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c & 0xC0) == 0x80) continue;
      const std::size_t units = c >= 0xF0 ? 2 : 1;
      total += units;
      if (is_ws(ch)) {
        if (!seen) leading += units;
        trailing += units;
      } else {
        seen = true;
        trailing = 0;
      }
    }
  });
  return seen ? total - leading - trailing : 0;
}

std::vector<Node*> ancestors(Node* n, int max_depth) {
  std::vector<Node*> out;
  for (Node* p = n->parent; p && (max_depth == 0 || static_cast<int>(out.size()) < max_depth); p = p->parent)
    out.push_back(p);
  return out;
}

bool is_data_table_node(const Node* n) { return n->is(GUMBO_TAG_TABLE) && n->data_table; }

bool data_table(Node* t) {
  if (attr(t, "role") == "presentation" || attr(t, "datatable") == "0") return false;
  if (has_attr(t, "summary")) return true;
  bool caption = false;
  for (Node* c : element_children(t))
    if (c->is(GUMBO_TAG_CAPTION) && !c->children.empty()) caption = true;
  if (caption || subtree_stats(t).table_structure > 0) return true;
  if (subtree_stats(t).tables > 0) return false;
  std::size_t rows = 0, columns = 0;
  for (Node* tr : descendants(t, {GUMBO_TAG_TR})) {
    rows += 1;
    std::size_t cols = 0;
    for (Node* td : descendants(tr, {GUMBO_TAG_TD})) {
      const std::string span(attr(td, "colspan"));
      cols += span.empty() ? 1 : std::max(1, std::atoi(span.c_str()));
    }
    columns = std::max(columns, cols);
  }
  return rows >= 10 || columns > 4 || rows * columns > 10;
}

void mark_data_tables(Node* root) {
  for (Node* t : descendants(root, {GUMBO_TAG_TABLE})) {
    const bool is_data = data_table(t);
    if (is_data != t->data_table) invalidate_stats(t->parent);  // counted in the ancestors' measures
    t->data_table = is_data;
  }
}

bool has_data_table_ancestor(const Node* n) {
  for (const Node* p = n->parent; p; p = p->parent)
    if (is_data_table_node(p)) return true;
  return false;
}

// Share of a subtree's text inside headings, and inside the blocks and spans that hold text
// (what Readability.js measures with _getTextDensity for those two tag sets).
double heading_density(const Node* n) {
  const std::size_t total = text_length(n);
  return total == 0 ? 0 : static_cast<double>(subtree_stats(n).heading_text) / static_cast<double>(total);
}
double textish_density(const Node* n) {
  const std::size_t total = text_length(n);
  return total == 0 ? 0 : static_cast<double>(subtree_stats(n).textish_text) / static_cast<double>(total);
}

// True when the node holds at least three list items, each of them nothing but a link, and
// stands apart from the prose: a list of links between paragraphs belongs to the text, one in
// a box of its own (under at most a heading) points elsewhere.
bool link_list(Node* n) {
  if (subtree_stats(n).li < 3) return false;
  const auto items = descendants(n, {GUMBO_TAG_LI});
  if (!std::all_of(items.begin(), items.end(), [](Node* li) { return link_density(li) >= 0.9; })) return false;
  if (!n->parent) return true;
  for (Node* s : element_children(n->parent))
    if (s != n && effective_tag(s) == GUMBO_TAG_P && text_length(s) >= 25) return false;
  return true;
}

bool placeholder_text(std::string_view text) {
  const std::string t = lower(trim(text));
  static const std::array<std::string_view, 10> ads = {"ad", "advertising", "advertisement", "pub", "publicité",
                                                       "werb", "werbung", "广告", "реклама", "anuncio"};
  if (std::find(ads.begin(), ads.end(), t) != ads.end()) return true;
  std::string_view s = t;
  for (std::string_view suffix : {"…", "..."})
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix) s.remove_suffix(suffix.size());
  static const std::array<std::string_view, 5> loading = {"loading", "正在加载", "загрузка", "chargement", "cargando"};
  return std::find(loading.begin(), loading.end(), s) != loading.end();
}

// Splits like JavaScript's /\W+/ (ASCII word characters) and drops empty tokens.
std::vector<std::string> ascii_tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (word_char(c)) {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::size_t word_count(std::string_view s) {
  // Like splitting on /\s+/: leading or trailing whitespace still counts an empty word.
  std::size_t n = 1;
  for (std::size_t i = 0; i < s.size();) {
    if (is_ws(s[i])) {
      ++n;
      while (i < s.size() && is_ws(s[i])) ++i;
    } else {
      ++i;
    }
  }
  return n;
}

}  // namespace

double text_similarity(std::string_view a, std::string_view b) {
  const auto ta = ascii_tokens(a);
  const auto tb = ascii_tokens(b);
  if (ta.empty() || tb.empty()) return 0;
  std::size_t unique_len = 0, total_len = 0;
  std::size_t unique_count = 0;
  for (const auto& t : tb) {
    total_len += t.size();
    if (std::find(ta.begin(), ta.end(), t) == ta.end()) {
      unique_len += t.size();
      ++unique_count;
    }
  }
  total_len += tb.size() - 1;  // the joining spaces
  if (unique_count > 0) unique_len += unique_count - 1;
  return 1.0 - static_cast<double>(unique_len) / static_cast<double>(total_len);
}

// ---- extraction ------------------------------------------------------------------------------

ArticleExtractor::ArticleExtractor(const GumboOutput& out, std::string title) : out_(out), title_(std::move(title)) {}

bool ArticleExtractor::check_byline(Node* n, std::string_view match) {
  if (!byline_.empty()) return false;
  const bool hinted = attr(n, "rel") == "author" || attr(n, "itemprop").find("author") != std::string_view::npos ||
                      byline_hint(match);
  if (!hinted) return false;
  // The limit applies to the raw text with its indentation, which keeps wrappers that hold
  // more than the byline from qualifying.
  if (text_length(n) == 0 || raw_text_length(n) >= 100) return false;
  const std::string text = inner_text(n);
  // A name inside the byline element (itemprop=name) is the cleaner value.
  Node* end = next_node(n, true);
  for (Node* c = next_node(n); c && c != end; c = next_node(c)) {
    if (attr(c, "itemprop").find("name") != std::string_view::npos) {
      byline_ = inner_text(c);
      return true;
    }
  }
  byline_ = text;
  return true;
}

Node* ArticleExtractor::grab(Tree& tree, const Flags& flags) {
  Node* body = tree.body();
  if (!body) return nullptr;
  std::vector<Node*> to_score;
  bool remove_title_header = !title_.empty();
  for (Node* n = body; n;) {
    if (is_hidden(n) || (attr(n, "aria-modal") == "true" && attr(n, "role") == "dialog")) {
      n = remove_and_next(n);
      continue;
    }
    // Navigation landmarks are furniture whatever their class says.
    if (n->is(GUMBO_TAG_NAV)) {
      n = remove_and_next(n);
      continue;
    }
    const std::string match = match_string(n);
    if (check_byline(n, match)) {
      n = remove_and_next(n);
      continue;
    }
    if (remove_title_header && (n->is(GUMBO_TAG_H1) || n->is(GUMBO_TAG_H2)) &&
        text_similarity(title_, inner_text(n)) > 0.75) {
      remove_title_header = false;
      n = remove_and_next(n);
      continue;
    }
    if (flags.strip_unlikely) {
      if (unlikely_hint(match) && !maybe_candidate_hint(match) && !has_ancestor(n, GUMBO_TAG_TABLE) &&
          !has_ancestor(n, GUMBO_TAG_CODE) && !n->is(GUMBO_TAG_BODY) && !n->is(GUMBO_TAG_A)) {
        n = remove_and_next(n);
        continue;
      }
      if (unlikely_role(attr(n, "role"))) {
        n = remove_and_next(n);
        continue;
      }
    }
    switch (n->tag) {
      case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_HEADER: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
      case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        if (without_content(n)) {
          n = remove_and_next(n);
          continue;
        }
        break;
      default:
        break;
    }
    switch (n->tag) {
      case GUMBO_TAG_SECTION: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6: case GUMBO_TAG_P: case GUMBO_TAG_TD: case GUMBO_TAG_PRE:
        to_score.push_back(n);
        break;
      default:
        break;
    }
    if (n->is(GUMBO_TAG_DIV) && !n->synthetic) {
      wrap_phrasing(tree, n);
      if (has_single_p(n) && link_density(n) < 0.25) {
        Node* p = element_children(n).front();
        replace_node(n, p);
        n = p;
        to_score.push_back(n);
      } else if (!has_child_block(n)) {
        n->as_paragraph = true;
        to_score.push_back(n);
      }
    }
    n = next_node(n);
  }

  std::vector<Node*> candidates;
  for (Node* p : to_score) {
    if (p->removed || !p->parent) continue;
    const std::size_t len = text_utf16_length(p);
    if (len < 25) continue;
    auto anc = ancestors(p, 5);
    if (anc.empty()) continue;
    const double commas = static_cast<double>(subtree_stats(p).commas);
    const double score = 1.0 + commas + std::min<double>(std::floor(len / 100.0), 3);
    for (std::size_t level = 0; level < anc.size(); ++level) {
      Node* a = anc[level];
      if (!a->parent) break;  // the root element never competes
      if (!a->scored) {
        initialize(a, flags.weight_classes);
        candidates.push_back(a);
      }
      const double divider = level == 0 ? 1 : level == 1 ? 2 : static_cast<double>(level) * 3;
      a->score += score / divider;
    }
  }

  std::vector<Node*> top;
  for (Node* c : candidates) {
    c->score *= 1.0 - link_density(c);
    auto pos = std::find_if(top.begin(), top.end(), [&](const Node* t) { return c->score > t->score; });
    if (pos != top.end() || top.size() < kTopCandidates) top.insert(pos, c);
    if (top.size() > kTopCandidates) top.pop_back();
  }

  Node* best = top.empty() ? nullptr : top.front();
  Node* article = tree.make_element(GUMBO_TAG_DIV);
  if (!best || best->is(GUMBO_TAG_BODY)) {
    // No structure to go by: everything in the body that survived the pruning, except the
    // page's own header, footer and side boxes (those inside an article belong to it).
    for (Node* n : descendants(body, {GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER, GUMBO_TAG_ASIDE}))
      if (!has_ancestor(n, GUMBO_TAG_ARTICLE) && !has_ancestor(n, GUMBO_TAG_MAIN)) remove_node(n);
    for (Node* c : body->children)
      if (!c->removed) article->children.push_back(c);
    reindex(article);
    prepare(article, flags);
    return article;
  }

  std::vector<std::vector<Node*>> alternatives;
  for (std::size_t i = 1; i < top.size(); ++i)
    if (top[i]->score / best->score >= 0.75) alternatives.push_back(ancestors(top[i], 0));
  constexpr std::size_t kMinimumTop = 3;
  if (alternatives.size() >= kMinimumTop) {
    for (Node* p = best->parent; p && !p->is(GUMBO_TAG_BODY); p = p->parent) {
      std::size_t lists = 0;
      for (const auto& a : alternatives)
        if (std::find(a.begin(), a.end(), p) != a.end()) ++lists;
      if (lists >= kMinimumTop) {
        best = p;
        break;
      }
    }
  }
  if (!best->scored) initialize(best, flags.weight_classes);

  // A parent scoring higher than its child holds more of the article.
  double last = best->score;
  const double threshold = last / 3;
  for (Node* p = best->parent; p && !p->is(GUMBO_TAG_BODY); p = p->parent) {
    if (!p->scored) continue;
    if (p->score < threshold) break;
    if (p->score > last) {
      best = p;
      break;
    }
    last = p->score;
  }
  // An only child says nothing its parent does not.
  while (best->parent && !best->parent->is(GUMBO_TAG_BODY) && element_children(best->parent).size() == 1)
    best = best->parent;
  if (!best->scored) initialize(best, flags.weight_classes);

  const double sibling_threshold = std::max(10.0, best->score * 0.2);
  Node* parent = best->parent;
  const std::vector<Node*> siblings = parent ? element_children(parent) : std::vector<Node*>{best};
  const std::string_view best_class = attr(best, "class");
  for (Node* s : siblings) {
    bool append = s == best;
    if (!append) {
      const double bonus = (!best_class.empty() && attr(s, "class") == best_class) ? best->score * 0.2 : 0;
      if (s->scored && s->score + bonus >= sibling_threshold) {
        append = true;
      } else if (effective_tag(s) == GUMBO_TAG_P) {
        const double ld = link_density(s);
        const std::size_t len = text_utf16_length(s);
        if (len > 80 && ld < 0.25) {
          append = true;
        } else if (len < 80 && len > 0 && ld == 0) {
          const std::string text = inner_text(s);
          append = text.find(". ") != std::string::npos || text.back() == '.';
        }
      }
    }
    if (append) article->children.push_back(s);
  }
  reindex(article);
  prepare(article, flags);
  return article;
}

void ArticleExtractor::clean_conditionally(Node* article, GumboTag tag, const Flags& flags) {
  if (!flags.clean_conditionally) return;
  auto nodes = descendants(article, {tag});
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    Node* n = *it;
    if (n->removed) continue;
    bool is_list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL;
    const SubtreeStats& stats = subtree_stats(n);
    const std::size_t len = text_length(n);
    if (!is_list) is_list = len > 0 && static_cast<double>(stats.list_text) / static_cast<double>(len) > 0.9;
    if (tag == GUMBO_TAG_TABLE && n->data_table) continue;
    if (has_data_table_ancestor(n) || has_ancestor(n, GUMBO_TAG_CODE)) continue;
    if (stats.data_tables > 0) continue;
    const int weight = class_weight(n, flags.weight_classes);
    if (weight < 0) {
      remove_node(n);
      continue;
    }
    if (stats.commas >= 10) continue;
    const double p = static_cast<double>(stats.p);
    const double img = static_cast<double>(stats.img);
    const double li_all = static_cast<double>(stats.li);
    const double li = li_all - 100;
    const double input = static_cast<double>(stats.input);
    const double heading = heading_density(n);
    // Placeholders ("Advertisement", "Loading…") are short: longer text is never one.
    if (len <= 32 && placeholder_text(inner_text(n))) {
      remove_node(n);
      continue;
    }
    const double content_length = static_cast<double>(text_utf16_length(n));
    const double ld = link_density(n);
    const double textish = textish_density(n);
    const bool figure_child = has_ancestor(n, GUMBO_TAG_FIGURE);
    bool remove = (!figure_child && img > 1 && p / img < 0.5) || (!is_list && li > p) ||
                  (input > std::floor(p / 3)) ||
                  (!is_list && !figure_child && heading < 0.9 && content_length < 25 &&
                   (img == 0 || img > 2) && ld > 0) ||
                  (!is_list && weight < 25 && ld > 0.2) || (weight >= 25 && ld > 0.5) ||
                  // A list that is mostly links (related stories, tag clouds) is navigation even
                  // inside the article's container.
                  (is_list && weight < 25 && ld > kListLinkDensity && link_list(n)) ||
                  (img == 0 && textish == 0);
    if (is_list && remove) {
      // A plain list of images is content (a gallery), not furniture.
      const auto kids = element_children(n);
      const bool simple = std::all_of(kids.begin(), kids.end(),
                                      [](const Node* k) { return element_children(k).size() <= 1; });
      if (simple && li_all == img) remove = false;
    }
    if (remove) remove_node(n);
  }
}

void ArticleExtractor::prepare(Node* article, const Flags& flags) {
  mark_data_tables(article);
  clean_conditionally(article, GUMBO_TAG_FORM, flags);
  clean_conditionally(article, GUMBO_TAG_FIELDSET, flags);
  for (Node* n : descendants(article, {GUMBO_TAG_FOOTER, GUMBO_TAG_LINK, GUMBO_TAG_ASIDE, GUMBO_TAG_INPUT,
                                       GUMBO_TAG_BUTTON, GUMBO_TAG_NAV}))
    remove_node(n);
  for (Node* top : element_children(article)) {
    Node* end = next_node(top, true);
    for (Node* c = next_node(top); c && c != end;) {
      if (share_hint(match_string(c)) && text_length(c) < kCharThreshold) {
        c = remove_and_next(c);
      } else {
        c = next_node(c);
      }
    }
  }
  for (Node* h : descendants(article, {GUMBO_TAG_H1, GUMBO_TAG_H2}))
    if (class_weight(h, flags.weight_classes) < 0) remove_node(h);
  clean_conditionally(article, GUMBO_TAG_TABLE, flags);
  clean_conditionally(article, GUMBO_TAG_UL, flags);
  clean_conditionally(article, GUMBO_TAG_DIV, flags);
  for (Node* p : descendants(article, {GUMBO_TAG_P}))
    if (subtree_stats(p).img == 0 && text_length(p) == 0) remove_node(p);
}

// An explicitly marked author (rel=author, itemprop=author) outside any comment thread, for pages
// whose byline sits inside a block the extraction drops as furniture (a page header).
std::string marked_author(const Tree& tree) {
  std::string found;
  for_each_node(tree.root(), [&](const Node* n) {
    if (!found.empty() || n->is_text) return;
    if (attr(n, "rel") != "author" && attr(n, "itemprop").find("author") == std::string_view::npos) return;
    for (const Node* p = n; p; p = p->parent)
      if (match_string(p).find("comment") != std::string::npos) return;
    std::string text = inner_text(n);
    if (!text.empty() && raw_text_length(n) < 100) found = std::move(text);
  });
  return found;
}

const Node* ArticleExtractor::run() {
  struct Attempt {
    const Node* article;
    std::size_t length;
  };
  std::vector<Attempt> attempts;
  Flags flags;
  for (int round = 0; round < 4; ++round) {
    trees_.push_back(std::make_unique<Tree>(out_));
    Node* article = grab(*trees_.back(), flags);
    if (!article) return nullptr;
    const std::size_t length = text_utf16_length(article);
    if (length >= kCharThreshold) {
      if (byline_.empty()) byline_ = marked_author(Tree(out_));
      return article;
    }
    attempts.push_back({article, length});
    if (flags.strip_unlikely) {
      flags.strip_unlikely = false;
    } else if (flags.weight_classes) {
      flags.weight_classes = false;
    } else if (flags.clean_conditionally) {
      flags.clean_conditionally = false;
    }
  }
  // Nothing long enough: the attempt that kept the most text.
  auto best = std::max_element(attempts.begin(), attempts.end(),
                               [](const Attempt& a, const Attempt& b) { return a.length < b.length; });
  if (byline_.empty()) byline_ = marked_author(Tree(out_));
  return best->article;
}

// ---- metadata --------------------------------------------------------------------------------

namespace {

std::string unescape_entities(std::string s) {
  // JSON-LD is script text, so entities in it are not decoded by the parser.
  static const std::array<std::pair<std::string_view, std::string_view>, 5> named = {
      {{"&quot;", "\""}, {"&amp;", "&"}, {"&apos;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    bool done = false;
    for (auto [k, v] : named)
      if (s.compare(i, k.size(), k) == 0) {
        out += v;
        i += k.size();
        done = true;
        break;
      }
    if (done) continue;
    if (i + 2 < s.size() && s[i + 1] == '#') {
      std::size_t j = i + 2;
      const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
      if (hex) ++j;
      const std::size_t start = j;
      while (j < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[j])) : std::isdigit(static_cast<unsigned char>(s[j])))) ++j;
      if (j > start && j < s.size() && s[j] == ';' && j - start < 8) {
        const unsigned long cp = std::stoul(s.substr(start, j - start), nullptr, hex ? 16 : 10);
        utf8_append(out, cp == 0 ? 0xFFFD : static_cast<char32_t>(cp));
        i = j + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

bool article_type(const nlohmann::json& type) {
  std::string t;
  if (type.is_string()) {
    t = type.get<std::string>();
  } else if (type.is_array()) {
    for (const auto& x : type)
      if (x.is_string()) {
        if (!t.empty()) t += ',';
        t += x.get_ref<const std::string&>();
      }
  } else {
    return false;
  }
  if (t.rfind("Article", 0) == 0) return true;
  return contains_any(t, {"AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle",
                          "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
                          "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
                          "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
                          "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference"});
}

bool schema_org(const nlohmann::json& ctx) {
  static const std::regex re(R"(^https?://schema\.org/?$)");
  if (ctx.is_string()) return std::regex_match(ctx.get<std::string>(), re);
  if (ctx.is_object() && ctx.contains("@vocab") && ctx["@vocab"].is_string())
    return std::regex_match(ctx["@vocab"].get<std::string>(), re);
  return false;
}

std::string json_string(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? trim(it->get<std::string>()) : std::string();
}

struct JsonLd {
  bool found = false;
  std::string title, byline, description, site_name, date;
  std::vector<std::string> authors;
};

JsonLd read_json_ld(const Tree& tree, const std::string& dom_title) {
  JsonLd out;
  for (std::string_view raw : tree.json_ld()) {
    std::string text = trim(raw);
    if (text.rfind("<![CDATA[", 0) == 0) text = text.substr(9);
    if (text.size() >= 3 && text.compare(text.size() - 3, 3, "]]>") == 0) text.resize(text.size() - 3);
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) continue;
    if (j.is_array()) {
      auto it = std::find_if(j.begin(), j.end(), [](const nlohmann::json& x) {
        return x.is_object() && x.contains("@type") && article_type(x["@type"]);
      });
      if (it == j.end()) continue;
      nlohmann::json picked = *it;
      j = std::move(picked);
    }
    if (!j.is_object() || !j.contains("@context") || !schema_org(j["@context"])) continue;
    if (!j.contains("@type") && j.contains("@graph") && j["@graph"].is_array()) {
      nlohmann::json picked;
      for (const auto& x : j["@graph"])
        if (x.is_object() && x.contains("@type") && article_type(x["@type"])) {
          picked = x;
          break;
        }
      j = std::move(picked);
    }
    if (!j.is_object() || !j.contains("@type") || !article_type(j["@type"])) continue;
    out.found = true;
    const std::string name = json_string(j, "name");
    const std::string headline = json_string(j, "headline");
    if (!name.empty() && !headline.empty() && name != headline) {
      const bool name_matches = text_similarity(name, dom_title) > 0.75;
      const bool headline_matches = text_similarity(headline, dom_title) > 0.75;
      out.title = headline_matches && !name_matches ? headline : name;
    } else {
      out.title = !name.empty() ? name : headline;
    }
    if (j.contains("author")) {
      const auto& a = j["author"];
      if (a.is_object()) {
        out.byline = json_string(a, "name");
        if (!out.byline.empty()) out.authors.push_back(out.byline);
      } else if (a.is_array() && !a.empty() && a[0].is_object() && a[0].contains("name") && a[0]["name"].is_string()) {
        for (const auto& x : a) {
          std::string n = json_string(x, "name");
          if (!n.empty()) out.authors.push_back(n);
        }
        for (const auto& n : out.authors) {
          if (!out.byline.empty()) out.byline += ", ";
          out.byline += n;
        }
      }
    }
    out.description = json_string(j, "description");
    if (j.contains("publisher")) out.site_name = json_string(j["publisher"], "name");
    out.date = json_string(j, "datePublished");
    break;
  }
  return out;
}

void walk_elements(const Node* root, const std::function<void(const Node*)>& f) {
  for_each_node(root, [&](const Node* n) {
    if (!n->is_text) f(n);
  });
}

}  // namespace

std::string title_from_title_element(const Tree& tree) {
  std::string orig;
  std::vector<const Node*> h1s;
  std::vector<const Node*> headings;
  walk_elements(tree.root(), [&](const Node* n) {
    if (n->is(GUMBO_TAG_TITLE) && orig.empty()) orig = normalize_space(inner_text(n));
    if (n->is(GUMBO_TAG_H1)) h1s.push_back(n);
    if (n->is(GUMBO_TAG_H1) || n->is(GUMBO_TAG_H2)) headings.push_back(n);
  });
  std::string cur = orig;
  bool hierarchical = false;
  auto separator_at = [&](std::size_t i, std::string_view set) {
    // " X " where X is one of set: a single separator character between spaces.
    if (i + 2 >= orig.size() + 0 || orig[i] != ' ') return std::size_t{0};
    for (std::string_view sep : {"|", "-", "–", "—", "\\", "/", ">", "»"}) {
      if (set.find(sep) == std::string_view::npos) continue;
      if (orig.compare(i + 1, sep.size(), sep) == 0 && i + 1 + sep.size() < orig.size() &&
          orig[i + 1 + sep.size()] == ' ')
        return sep.size() + 2;
    }
    return std::size_t{0};
  };
  const std::string_view all = "|-–—\\/>»";
  const std::string_view hier = "\\/>»";
  std::size_t last_sep = std::string::npos;
  for (std::size_t i = 0; i < orig.size(); ++i) {
    if (separator_at(i, all)) last_sep = i;
    if (separator_at(i, hier)) hierarchical = true;
  }
  if (last_sep != std::string::npos) {
    cur = orig.substr(0, last_sep);
    if (word_count(cur) < 3) {
      // Drop everything up to and including the first separator character instead.
      std::size_t first = std::string::npos, first_len = 0;
      for (std::string_view sep : {"|", "-", "–", "—", "\\", "/", ">", "»"}) {
        const std::size_t p = orig.find(sep);
        if (p < first) {
          first = p;
          first_len = sep.size();
        }
      }
      cur = first == std::string::npos ? orig : orig.substr(first + first_len);
    }
  } else if (cur.find(": ") != std::string::npos) {
    const bool heading_matches = std::any_of(headings.begin(), headings.end(),
                                             [&](const Node* h) { return trim(inner_text(h)) == trim(cur); });
    if (!heading_matches) {
      cur = orig.substr(orig.rfind(':') + 1);
      if (word_count(cur) < 3)
        cur = orig.substr(orig.find(':') + 1);
      else if (word_count(orig.substr(0, orig.find(':'))) > 5)
        cur = orig;
    }
  } else if (utf16_length(cur) > 150 || utf16_length(cur) < 15) {
    if (h1s.size() == 1) cur = inner_text(h1s.front());
  }
  cur = normalize_space(cur);
  const std::size_t words = word_count(cur);
  if (words <= 4) {
    std::string stripped;
    for (char c : orig)
      if (std::string_view("|-\\/>").find(c) == std::string_view::npos) stripped += c;
    for (std::string_view multi : {"»", "–", "—"})
      for (std::size_t p; (p = stripped.find(multi)) != std::string::npos;) stripped.erase(p, multi.size());
    if (!hierarchical || words != word_count(stripped) - 1) cur = orig;
  }
  return cur;
}

PageMetadata read_metadata(const Tree& tree) {
  PageMetadata md;
  static const std::regex property_re(
      R"(\s*(article|dc|dcterm|og|twitter)\s*:\s*(author|creator|description|published_time|title|site_name)\s*)",
      std::regex::icase);
  static const std::regex name_re(
      R"(^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-\.:]\s*)?(author|creator|pub-date|description|title|site_name)\s*$)",
      std::regex::icase);
  std::vector<std::pair<std::string, std::string>> values;
  auto set = [&](std::string key, std::string value) {
    for (auto& [k, v] : values)
      if (k == key) {
        v = std::move(value);
        return;
      }
    values.emplace_back(std::move(key), std::move(value));
  };
  std::string extra_date, time_date, locale;
  walk_elements(tree.root(), [&](const Node* n) {
    if (n->is(GUMBO_TAG_HTML) && md.language.empty()) md.language = trim(attr(n, "lang"));
    if (n->is(GUMBO_TAG_TIME) && time_date.empty() && has_attr(n, "datetime")) time_date = trim(attr(n, "datetime"));
    if (extra_date.empty() && attr(n, "itemprop") == "datePublished")
      extra_date = trim(has_attr(n, "content") ? attr(n, "content") : has_attr(n, "datetime") ? attr(n, "datetime") : "");
    if (!n->is(GUMBO_TAG_META)) return;
    const std::string content = trim(attr(n, "content"));
    if (content.empty()) return;
    const std::string property(attr(n, "property"));
    const std::string name(attr(n, "name"));
    bool matched = false;
    std::smatch m;
    if (!property.empty() && std::regex_search(property, m, property_re)) {
      std::string key;
      for (char c : m.str(0))
        if (!is_ws(c)) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      set(key, content);
      matched = true;
    }
    if (!matched && !name.empty() && std::regex_match(name, name_re)) {
      std::string key;
      for (char c : name) {
        if (is_ws(c)) continue;
        key += c == '.' ? ':' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      set(key, content);
    }
    const std::string lname = lower(name), lprop = lower(property);
    if (extra_date.empty() && (lname == "date" || lname == "dc.date" || lname == "dc.date.issued" ||
                               lname == "pubdate" || lname == "publishdate" || lname == "article:published_time" ||
                               lname == "sailthru.date" || lprop == "og:published_time"))
      extra_date = content;
    if (locale.empty() && (lprop == "og:locale" || lower(attr(n, "http-equiv")) == "content-language"))
      locale = content;
  });
  auto value = [&](std::initializer_list<std::string_view> keys) -> std::string {
    for (auto key : keys)
      for (const auto& [k, v] : values)
        if (k == key && !v.empty()) return v;
    return {};
  };
  const std::string dom_title = title_from_title_element(tree);
  const JsonLd ld = read_json_ld(tree, dom_title);
  md.title = !ld.title.empty() ? ld.title
                               : value({"dc:title", "dcterm:title", "og:title", "weibo:article:title",
                                        "weibo:webpage:title", "title", "twitter:title", "parsely-title"});
  if (md.title.empty()) md.title = dom_title;
  std::string article_author = value({"article:author"});
  if (article_author.rfind("http://", 0) == 0 || article_author.rfind("https://", 0) == 0) article_author.clear();
  md.byline = !ld.byline.empty() ? ld.byline
                                 : value({"dc:creator", "dcterm:creator", "author", "parsely-author"});
  if (md.byline.empty()) md.byline = article_author;
  md.authors = ld.authors;
  md.description = !ld.description.empty()
                       ? ld.description
                       : value({"dc:description", "dcterm:description", "og:description", "weibo:article:description",
                                "weibo:webpage:description", "description", "twitter:description"});
  md.site_name = !ld.site_name.empty() ? ld.site_name : value({"og:site_name"});
  md.date = !ld.date.empty() ? ld.date : value({"article:published_time", "parsely-pub-date"});
  if (md.date.empty()) md.date = !extra_date.empty() ? extra_date : time_date;
  if (md.language.empty()) md.language = locale;
  for (std::string* s : {&md.title, &md.byline, &md.description, &md.site_name, &md.date})
    *s = normalize_space(unescape_entities(*s));
  for (auto& a : md.authors) a = normalize_space(unescape_entities(a));
  return md;
}

}  // namespace docpipe::plugins::html
