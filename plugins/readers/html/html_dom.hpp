// A small mutable DOM built from gumbo's parse tree: the article extractor removes, replaces and
// wraps nodes, which gumbo's own tree does not support well. Text nodes keep their position in
// the original bytes so the rendered text can be mapped back.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/document.hpp"

namespace docpipe::plugins::html {

/// Measures of a live subtree that the extraction takes again and again (text lengths, link
/// text, descendant counts). Computed once per node from its children's (one post-order pass)
/// and kept until a change below the node clears it, so each query costs O(1) instead of a
/// walk of the subtree: without it, scoring and cleaning a page of nested blocks took time
/// proportional to size x depth^2.
struct SubtreeStats {
  // The whitespace-collapsed text (as inner_text builds it), untrimmed at the ends.
  bool content = false;       ///< holds a non-whitespace character
  bool space = false;         ///< all whitespace (when !content), with at least one character
  bool leading_space = false;  ///< whitespace before the first non-whitespace character
  bool trailing_space = false;  ///< whitespace after the last one
  std::size_t code_points = 0;  ///< of the trimmed, collapsed text
  std::size_t utf16 = 0;        ///< the same in UTF-16 code units
  std::size_t commas = 0;       ///< count_commas of the text
  // Over live strict descendant elements (as descendants() lists them):
  std::size_t link_text = 0;           ///< text length inside links
  std::size_t fragment_link_text = 0;  ///< of which inside links to fragments ("#x")
  std::size_t heading_text = 0;        ///< text length inside h1..h6 (nested ones again)
  std::size_t textish_text = 0;  ///< inside span, li, td, blockquote, dl, div, img, ol, p, pre, table, ul
  std::size_t list_text = 0;     ///< inside ul and ol
  std::size_t p = 0, img = 0, li = 0, input = 0;  ///< element counts
  std::size_t tables = 0, data_tables = 0;
  std::size_t table_structure = 0;  ///< col, colgroup, tfoot, thead, th
};

/// One element or text node.
struct Node {
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool is_text = false;
  bool synthetic = false;  ///< a paragraph wrapper the extractor inserted around inline content
  bool removed = false;    ///< detached from the tree
  bool as_paragraph = false;  ///< a div without block children, scored like a paragraph
  bool data_table = false;
  bool scored = false;
  double score = 0;
  const GumboElement* element = nullptr;  ///< attributes (null for text and synthetic nodes)
  std::string_view text;                  ///< decoded text (text nodes)
  std::string_view original;              ///< the source bytes of a text node
  std::size_t source_offset = 0;          ///< where original starts in the input
  Node* parent = nullptr;
  std::size_t index = 0;  ///< position in parent->children
  std::vector<Node*> children;
  mutable SubtreeStats stats;  ///< see subtree_stats(); valid when stats_valid
  mutable bool stats_valid = false;

  bool is(GumboTag t) const { return !is_text && tag == t; }
};

/// Owns the nodes of one parse; rebuilt for each extraction attempt from the same gumbo output.
class Tree {
 public:
  /// Builds from a gumbo document. Scripts, styles, templates, noscript and svg contents are
  /// left out (they are never rendered as text); JSON-LD script bodies are collected.
  explicit Tree(const GumboOutput& out);
  Node* root() const { return root_; }
  Node* body() const { return body_; }
  Node* head() const { return head_; }
  Node* make_element(GumboTag tag);
  const std::vector<std::string_view>& json_ld() const { return json_ld_; }

 private:
  std::deque<Node> nodes_;
  Node* root_ = nullptr;
  Node* body_ = nullptr;
  Node* head_ = nullptr;
  std::vector<std::string_view> json_ld_;
};

/// Attribute value or "" when absent.
std::string_view attr(const Node* n, std::string_view name);
/// True when the attribute is present.
bool has_attr(const Node* n, std::string_view name);
/// True for elements a browser lays out as blocks (they break lines).
bool is_block(const Node* n);
/// True when the element is hidden by the hidden attribute, aria-hidden or an inline style.
bool is_hidden(const Node* n);

/// Calls f(node) for every live node of a subtree, root included, in document order.
template <class F>
void for_each_node(const Node* root, F&& f) {
  std::vector<const Node*> stack{root};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (n->removed) continue;
    f(n);
    for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) stack.push_back(*it);
  }
}

/// Trims s and collapses every run of ASCII whitespace to one space.
std::string normalize_space(std::string_view s);

/// The memoised measures of a subtree (computed on first use, O(size of the invalid part)).
const SubtreeStats& subtree_stats(const Node* n);
/// Clears the memoised measures of n and of every ancestor; call after changing n's children
/// or a property the measures depend on (Node::data_table).
void invalidate_stats(const Node* n);

/// Collapsed-whitespace text of a subtree (like DOM textContent, trimmed, runs of spaces as one).
std::string inner_text(const Node* n);
/// Length in code points of inner_text without building it (memoised).
std::size_t text_length(const Node* n);
/// Length in UTF-16 code units of inner_text without building it (memoised).
std::size_t text_utf16_length(const Node* n);
/// Commas (ASCII and the other scripts' comma characters) in s.
std::size_t count_commas(std::string_view s);
/// Share of a subtree's text inside links (links to fragments count 0.3).
double link_density(const Node* n);
/// Live element children.
std::vector<Node*> element_children(const Node* n);
/// All live descendant elements with one of the tags, in document order.
std::vector<Node*> descendants(Node* n, std::initializer_list<GumboTag> tags);
/// Whether an ancestor (within max_depth levels, 0 for any) has the tag.
bool has_ancestor(const Node* n, GumboTag tag, int max_depth = 0);
/// Detaches a node (the measures of its ancestors are cleared).
void remove_node(Node* n);
/// Puts replacement where n was.
void replace_node(Node* n, Node* replacement);

/// What a rendering walk skips besides hidden elements.
enum class RenderScope { visible, article };

/// Renders subtrees as browser-like plain text into doc: whitespace collapsed, blocks separated
/// by blank lines, list items and table rows by line breaks, pre kept verbatim. Adds structure
/// annotations and source-map pieces for every text byte.
class Renderer {
 public:
  /// source_base is added to every source offset (bytes skipped before parsing, e.g. a BOM);
  /// source_of, when given, maps offsets of converted input back to the original bytes instead.
  explicit Renderer(Document& doc, std::size_t source_base = 0, const std::vector<std::uint32_t>* source_of = nullptr)
      : doc_(doc), base_(source_base), source_of_(source_of) {}
  /// Appends a subtree as a block.
  void render(const Node* n);
  /// Marks which h1 is the document's title (annotated "title" when rendered).
  void set_title_node(const Node* n) { title_node_ = n; }
  /// Drops annotations that ended up covering no text; call once after the last render().
  void finish();

 private:
  void walk(const Node* n, int pre);
  void text(const Node* n, bool pre);
  void put(std::string_view bytes, std::size_t source);
  void newline(int count);
  std::size_t open(std::string_view type, Object features);
  void close(std::size_t index);

  Document& doc_;
  std::size_t base_ = 0;
  const std::vector<std::uint32_t>* source_of_ = nullptr;
  const Node* title_node_ = nullptr;
  int pending_break_ = 0;
  char pending_space_ = 0;  // ' ' or '\t' owed before the next text
  std::vector<std::size_t> unstarted_;  // annotations whose first byte has not been written yet
};

}  // namespace docpipe::plugins::html
