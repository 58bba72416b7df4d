#include "html_dom.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace docpipe::plugins::html {
namespace {

constexpr std::uint64_t kUnstarted = std::numeric_limits<std::uint64_t>::max();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Content a browser never shows as text: left out of the tree altogether.
bool never_rendered(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_SELECT:
      return true;
    default:
      return false;
  }
}

bool is_json_ld(const GumboElement& e) {
  const GumboAttribute* type = gumbo_get_attribute(&e.attributes, "type");
  return type && iequals(type->value, "application/ld+json");
}

}  // namespace

Tree::Tree(const GumboOutput& out) {
  struct Item {
    const GumboNode* g;
    Node* parent;
  };
  std::vector<Item> stack;
  stack.push_back({out.root, nullptr});
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    const GumboNode* g = item.g;
    Node* n = nullptr;
    if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& e = g->v.element;
      if (e.tag == GUMBO_TAG_SCRIPT && is_json_ld(e)) {
        for (unsigned i = 0; i < e.children.length; ++i) {
          const auto* c = static_cast<const GumboNode*>(e.children.data[i]);
          if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) json_ld_.emplace_back(c->v.text.text);
        }
        continue;
      }
      if (never_rendered(e.tag)) continue;
      n = &nodes_.emplace_back();
      n->tag = e.tag;
      n->element = &e;
      if (e.tag == GUMBO_TAG_BODY && !body_) body_ = n;
      if (e.tag == GUMBO_TAG_HEAD && !head_) head_ = n;
      // Children are pushed in reverse so they are created, and appended, in document order.
      for (unsigned i = e.children.length; i-- > 0;)
        stack.push_back({static_cast<const GumboNode*>(e.children.data[i]), n});
    } else if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA) {
      n = &nodes_.emplace_back();
      n->is_text = true;
      n->text = g->v.text.text;
      n->original = std::string_view(g->v.text.original_text.data, g->v.text.original_text.length);
      n->source_offset = g->v.text.start_pos.offset;
    } else {
      continue;  // comments, the document node's doctype
    }
    if (item.parent) {
      n->parent = item.parent;
      n->index = item.parent->children.size();
      item.parent->children.push_back(n);
    } else {
      root_ = n;
    }
  }
}

Node* Tree::make_element(GumboTag tag) {
  Node* n = &nodes_.emplace_back();
  n->tag = tag;
  n->synthetic = true;
  return n;
}

std::string_view attr(const Node* n, std::string_view name) {
  if (!n || !n->element) return {};
  const GumboVector& attrs = n->element->attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (name == a->name) return a->value;
  }
  return {};
}

bool has_attr(const Node* n, std::string_view name) {
  if (!n || !n->element) return false;
  const GumboVector& attrs = n->element->attributes;
  for (unsigned i = 0; i < attrs.length; ++i)
    if (name == static_cast<const GumboAttribute*>(attrs.data[i])->name) return true;
  return false;
}

bool is_block(const Node* n) {
  if (n->is_text) return false;
  if (n->synthetic) return true;
  switch (n->tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP: case GUMBO_TAG_OPTION:
      return true;
    default:
      return false;
  }
}

bool is_hidden(const Node* n) {
  if (!n->element) return false;
  if (has_attr(n, "hidden")) return true;
  if (attr(n, "aria-hidden") == "true" && attr(n, "class").find("fallback-image") == std::string_view::npos)
    return true;
  std::string_view style = attr(n, "style");
  if (style.empty()) return false;
  // Inline declarations only; stylesheets are out of reach without a CSS engine.
  std::string compact;
  compact.reserve(style.size());
  for (char c : style)
    if (!is_space(c)) compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto declares = [&](std::string_view decl) {
    for (std::size_t pos = compact.find(decl); pos != std::string::npos; pos = compact.find(decl, pos + 1)) {
      if (pos == 0 || compact[pos - 1] == ';') {
        std::size_t end = pos + decl.size();
        if (end == compact.size() || compact[end] == ';' || compact[end] == '!') return true;
      }
    }
    return false;
  };
  return declares("display:none") || declares("visibility:hidden");
}

namespace {

std::size_t code_points(std::string_view s) {
  std::size_t count = 0;
  for (unsigned char c : s) count += (c & 0xC0) != 0x80;
  return count;
}

std::size_t utf16_units(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  return n;
}

// Calls word(w, space_before) for each run of non-whitespace in t; space says, in and out,
// whether whitespace came since the last word.
template <class F>
void for_each_word(std::string_view t, bool& space, F&& word) {
  std::size_t i = 0;
  while (i < t.size()) {
    if (is_space(t[i])) {
      space = true;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < t.size() && !is_space(t[j])) ++j;
    word(t.substr(i, j - i), space);
    space = false;
    i = j;
  }
}

SubtreeStats text_stats(std::string_view t) {
  SubtreeStats s;
  bool gap = false;
  for_each_word(t, gap, [&](std::string_view word, bool space_before) {
    if (!s.content) {
      s.leading_space = space_before;
    } else if (space_before) {
      s.code_points += 1;
      s.utf16 += 1;
    }
    s.code_points += code_points(word);
    s.utf16 += utf16_units(word);
    s.content = true;
  });
  if (s.content) {
    s.trailing_space = gap;
  } else {
    s.space = gap;
  }
  s.commas = count_commas(t);
  return s;
}

// Appends the collapsed text of b to that of a (the measures of the text only).
void append_text(SubtreeStats& a, const SubtreeStats& b) {
  a.commas += b.commas;
  if (!b.content) {
    if (b.space) {
      if (a.content) {
        a.trailing_space = true;
      } else {
        a.space = true;
      }
    }
    return;
  }
  if (!a.content) {
    const bool before = a.space;
    a.content = true;
    a.space = false;
    a.leading_space = before || b.leading_space;
    a.code_points = b.code_points;
    a.utf16 = b.utf16;
  } else {
    const std::size_t gap = a.trailing_space || b.leading_space ? 1 : 0;
    a.code_points += b.code_points + gap;
    a.utf16 += b.utf16 + gap;
  }
  a.trailing_space = b.trailing_space;
}

// The measures of an element from its live children's, which must be valid.
SubtreeStats combine_children(const Node* n) {
  SubtreeStats s;
  for (const Node* c : n->children) {
    if (c->removed) continue;
    const SubtreeStats& cs = c->stats;
    append_text(s, cs);
    if (c->is_text) continue;
    const std::size_t len = cs.content ? cs.code_points : 0;
    s.link_text += cs.link_text;
    s.fragment_link_text += cs.fragment_link_text;
    s.heading_text += cs.heading_text;
    s.textish_text += cs.textish_text;
    s.list_text += cs.list_text;
    s.p += cs.p;
    s.img += cs.img;
    s.li += cs.li;
    s.input += cs.input;
    s.tables += cs.tables;
    s.data_tables += cs.data_tables;
    s.table_structure += cs.table_structure;
    switch (c->tag) {
      case GUMBO_TAG_A: {
        s.link_text += len;
        const std::string_view href = attr(c, "href");
        if (href.size() > 1 && href[0] == '#') s.fragment_link_text += len;
        break;
      }
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        s.heading_text += len;
        break;
      default:
        break;
    }
    switch (c->tag) {
      case GUMBO_TAG_SPAN: case GUMBO_TAG_LI: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL:
      case GUMBO_TAG_DIV: case GUMBO_TAG_IMG: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
      case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
        s.textish_text += len;
        break;
      default:
        break;
    }
    switch (c->tag) {
      case GUMBO_TAG_UL: case GUMBO_TAG_OL: s.list_text += len; break;
      case GUMBO_TAG_P: ++s.p; break;
      case GUMBO_TAG_IMG: ++s.img; break;
      case GUMBO_TAG_LI: ++s.li; break;
      case GUMBO_TAG_INPUT: ++s.input; break;
      case GUMBO_TAG_TABLE:
        ++s.tables;
        if (c->data_table) ++s.data_tables;
        break;
      case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_TFOOT: case GUMBO_TAG_THEAD: case GUMBO_TAG_TH:
        ++s.table_structure;
        break;
      default:
        break;
    }
  }
  return s;
}

// Walks a subtree's text with whitespace collapsed and trimmed, calling emit(bytes) for each
// piece (a single ' ' for a whitespace run between words). Subtrees without visible characters
// are skipped through their measures.
template <class F>
void collapsed_text(const Node* root, F&& emit) {
  if (root->removed) return;
  subtree_stats(root);
  bool started = false;
  bool space = false;
  std::vector<const Node*> stack{root};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (n->removed) continue;
    if (!n->stats.content) {
      space = space || n->stats.space;
      continue;
    }
    if (!n->is_text) {
      for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) stack.push_back(*it);
      continue;
    }
    for_each_word(n->text, space, [&](std::string_view word, bool space_before) {
      if (space_before && started) emit(std::string_view(" "));
      emit(word);
      started = true;
    });
  }
}

}  // namespace

std::size_t count_commas(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == ',') {
      ++n;
      ++i;
      continue;
    }
    static constexpr std::array<std::string_view, 8> commas = {"\u060C", "\uFE50", "\uFE10", "\uFE11",
                                                               "\u2E41", "\u2E34", "\u2E32", "\uFF0C"};
    bool hit = false;
    if (static_cast<unsigned char>(s[i]) >= 0x80)
      for (auto c : commas)
        if (s.compare(i, c.size(), c) == 0) {
          ++n;
          i += c.size();
          hit = true;
          break;
        }
    if (!hit) ++i;
  }
  return n;
}

const SubtreeStats& subtree_stats(const Node* root) {
  if (root->stats_valid) return root->stats;
  // Post-order without recursion: max_depth may be raised far beyond what the stack holds.
  struct Frame {
    const Node* n;
    std::size_t next;
  };
  std::vector<Frame> stack{{root, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const Node* n = f.n;
    if (n->is_text) {
      n->stats = text_stats(n->text);
      n->stats_valid = true;
      stack.pop_back();
      continue;
    }
    while (f.next < n->children.size() && (n->children[f.next]->removed || n->children[f.next]->stats_valid))
      ++f.next;
    if (f.next < n->children.size()) {
      const Node* child = n->children[f.next++];
      stack.push_back({child, 0});  // f is not used after this
      continue;
    }
    n->stats = combine_children(n);
    n->stats_valid = true;
    stack.pop_back();
  }
  return root->stats;
}

void invalidate_stats(const Node* n) {
  for (const Node* p = n; p; p = p->parent) p->stats_valid = false;
}

std::string normalize_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string inner_text(const Node* n) {
  std::string out;
  collapsed_text(n, [&](std::string_view s) { out += s; });
  return out;
}

std::size_t text_length(const Node* n) {
  if (n->removed) return 0;
  const SubtreeStats& s = subtree_stats(n);
  return s.content ? s.code_points : 0;
}

std::size_t text_utf16_length(const Node* n) {
  if (n->removed) return 0;
  const SubtreeStats& s = subtree_stats(n);
  return s.content ? s.utf16 : 0;
}

double link_density(const Node* n) {
  const std::size_t total = text_length(n);
  if (total == 0) return 0;
  const SubtreeStats& s = subtree_stats(n);
  const double links = static_cast<double>(s.link_text - s.fragment_link_text) +
                       static_cast<double>(s.fragment_link_text) * 0.3;
  return links / static_cast<double>(total);
}

std::vector<Node*> element_children(const Node* n) {
  std::vector<Node*> out;
  for (Node* c : n->children)
    if (!c->removed && !c->is_text) out.push_back(c);
  return out;
}

std::vector<Node*> descendants(Node* n, std::initializer_list<GumboTag> tags) {
  std::vector<Node*> out;
  std::vector<Node*> stack;
  for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) stack.push_back(*it);
  while (!stack.empty()) {
    Node* c = stack.back();
    stack.pop_back();
    if (c->removed || c->is_text) continue;
    if (std::find(tags.begin(), tags.end(), c->tag) != tags.end()) out.push_back(c);
    for (auto it = c->children.rbegin(); it != c->children.rend(); ++it) stack.push_back(*it);
  }
  return out;
}

bool has_ancestor(const Node* n, GumboTag tag, int max_depth) {
  int depth = 0;
  for (const Node* p = n->parent; p; p = p->parent) {
    if (max_depth > 0 && depth == max_depth) return false;
    if (p->is(tag)) return true;
    ++depth;
  }
  return false;
}

void remove_node(Node* n) {
  n->removed = true;
  invalidate_stats(n->parent);
}

void replace_node(Node* n, Node* replacement) {
  Node* parent = n->parent;
  if (!parent) return;
  invalidate_stats(parent);
  invalidate_stats(replacement->parent);
  invalidate_stats(n);
  parent->children[n->index] = replacement;
  replacement->parent = parent;
  replacement->index = n->index;
  n->parent = nullptr;
}

// ---- rendering -------------------------------------------------------------------------------

void Renderer::render(const Node* n) {
  newline(2);
  walk(n, 0);
  newline(2);
}

void Renderer::finish() {
  auto& a = doc_.annotations;
  a.erase(std::remove_if(a.begin(), a.end(), [](const Annotation& x) { return x.span.begin == kUnstarted; }),
          a.end());
  unstarted_.clear();
}

void Renderer::newline(int count) { pending_break_ = std::max(pending_break_, count); }

std::size_t Renderer::open(std::string_view type, Object features) {
  doc_.annotate(type, Span{kUnstarted, kUnstarted}, std::move(features));
  unstarted_.push_back(doc_.annotations.size() - 1);
  return doc_.annotations.size() - 1;
}

void Renderer::close(std::size_t index) {
  Annotation& a = doc_.annotations[index];
  if (a.span.begin == kUnstarted) {
    unstarted_.erase(std::remove(unstarted_.begin(), unstarted_.end(), index), unstarted_.end());
    return;
  }
  a.span.end = doc_.text.size();
}

void Renderer::put(std::string_view bytes, std::size_t source) {
  std::string& out = doc_.text;
  if (!out.empty()) {
    if (pending_break_ > 0) {
      // Trailing spaces before a line break are invisible in a browser.
      out.append(static_cast<std::size_t>(pending_break_), '\n');
    } else if (pending_space_) {
      out += pending_space_;
    }
  }
  pending_break_ = 0;
  pending_space_ = 0;
  for (std::size_t idx : unstarted_) doc_.annotations[idx].span.begin = out.size();
  unstarted_.clear();
  if (source_of_) {
    source = source_of_->empty() ? 0 : (*source_of_)[std::min(source, source_of_->size() - 1)];
  } else {
    source += base_;
  }
  doc_.source_map.add(out.size(), source, bytes.size());
  out += bytes;
}

void Renderer::text(const Node* n, bool pre) {
  const std::string_view t = n->text;
  const std::string_view o = n->original;
  const std::size_t base = n->source_offset;
  std::size_t i = 0;  // position in the original bytes
  std::size_t j = 0;  // position in the decoded text
  while (j < t.size()) {
    // Align the decoded character at j with its bytes in the original: identical bytes map
    // one to one; an entity maps its decoded character to the '&'; CR LF became LF.
    const std::size_t len = std::min(utf8_length(static_cast<unsigned char>(t[j])), t.size() - j);
    std::size_t src = base + std::min(i, o.size());
    // A decoded '&' is the literal character unless the source spells it as an entity.
    const bool entity = i < o.size() && o[i] == '&' &&
                        (t[j] != '&' || o.compare(i, 4, "&amp") == 0 || o.compare(i, 4, "&AMP") == 0 ||
                         o.compare(i, 4, "&#38") == 0 || o.compare(i, 5, "&#x26") == 0 || o.compare(i, 5, "&#X26") == 0);
    if (!entity && i < o.size() && o.compare(i, len, t, j, len) == 0) {
      i += len;
    } else if (i < o.size() && o[i] == '\r' && t[j] == '\n') {
      i += (i + 1 < o.size() && o[i + 1] == '\n') ? 2 : 1;
    } else if (entity) {
      std::size_t k = i + 1;
      if (k < o.size() && o[k] == '#') {
        ++k;
        if (k < o.size() && (o[k] == 'x' || o[k] == 'X')) ++k;
        while (k < o.size() && std::isxdigit(static_cast<unsigned char>(o[k]))) ++k;
      } else {
        while (k < o.size() && std::isalnum(static_cast<unsigned char>(o[k]))) ++k;
      }
      if (k < o.size() && o[k] == ';') ++k;
      // An entity may decode to two code points; the second stays at the same source offset.
      const bool more = j + len < t.size() && (k >= o.size() || o[k] != t[j + len]) &&
                        static_cast<unsigned char>(t[j + len]) >= 0x80;
      if (!more) i = k;
    } else if (i < o.size() && is_space(o[i]) && !is_space(t[j])) {
      ++i;  // a newline the parser dropped (after <pre>): realign and retry
      continue;
    } else if (i < o.size()) {
      i += 1;
    }
    const std::string_view ch = t.substr(j, len);
    j += len;
    if (pre) {
      put(ch, src);
      continue;
    }
    if (len == 1 && is_space(ch[0])) {
      if (!pending_space_) pending_space_ = ' ';
      continue;
    }
    put(ch, src);
  }
}

void Renderer::walk(const Node* n, int pre) {
  if (n->removed) return;
  if (n->is_text) {
    text(n, pre > 0);
    return;
  }
  if (is_hidden(n)) return;
  switch (n->tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT:
      return;
    case GUMBO_TAG_BR:
      if (pre) {
        put("\n", n->element ? n->element->start_pos.offset : 0);
      } else {
        pending_break_ = std::min(2, pending_break_ + 1);
        pending_space_ = 0;
      }
      return;
    default:
      break;
  }
  int line_breaks = 0;
  if (n->is(GUMBO_TAG_LI) || n->is(GUMBO_TAG_TR) || n->is(GUMBO_TAG_DT) || n->is(GUMBO_TAG_DD) ||
      n->is(GUMBO_TAG_OPTION) || n->is(GUMBO_TAG_CAPTION))
    line_breaks = 1;
  else if (is_block(n))
    line_breaks = 2;
  if (line_breaks) newline(line_breaks);
  const bool cell = n->is(GUMBO_TAG_TD) || n->is(GUMBO_TAG_TH);
  if (cell && !pending_break_) pending_space_ = '\t';

  std::size_t ann = std::numeric_limits<std::size_t>::max();
  const bool in_pre = pre > 0;
  if (n == title_node_) {
    ann = open(annotation::title, {});
  } else if (n->is(GUMBO_TAG_P)) {
    ann = open(annotation::paragraph, {});
  } else if (n->tag >= GUMBO_TAG_H1 && n->tag <= GUMBO_TAG_H6 && !n->is_text && !n->synthetic) {
    ann = open(annotation::heading, Object{{"level", Value(static_cast<int>(n->tag - GUMBO_TAG_H1) + 1)}});
  } else if (n->is(GUMBO_TAG_LI)) {
    ann = open(annotation::list_item, {});
  } else if (n->is(GUMBO_TAG_BLOCKQUOTE)) {
    ann = open(annotation::quote, {});
  } else if (n->is(GUMBO_TAG_PRE) || (n->is(GUMBO_TAG_CODE) && !in_pre)) {
    ann = open(annotation::code, {});
  } else if (n->is(GUMBO_TAG_A) && has_attr(n, "href")) {
    ann = open(annotation::link, Object{{"href", Value(attr(n, "href"))}});
  } else if (cell) {
    ann = open(annotation::table_cell, {});
  }
  const int child_pre = pre + ((n->is(GUMBO_TAG_PRE) || n->is(GUMBO_TAG_LISTING) || n->is(GUMBO_TAG_XMP)) ? 1 : 0);
  for (const Node* c : n->children) walk(c, child_pre);
  if (ann != std::numeric_limits<std::size_t>::max()) close(ann);
  if (line_breaks) newline(line_breaks);
  if (cell && !pending_break_) pending_space_ = '\t';
}

}  // namespace docpipe::plugins::html
