// Main-content extraction and metadata for the html reader.
#pragma once

#include <gumbo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "html_dom.hpp"

namespace docpipe::plugins::html {

/// What the page says about itself (meta tags, Open Graph, JSON-LD, <title>, <html lang>).
struct PageMetadata {
  std::string title;
  std::string byline;
  std::vector<std::string> authors;  ///< individual names when JSON-LD lists several
  std::string date;
  std::string language;
  std::string site_name;
  std::string description;
};

/// Reads metadata from a freshly built tree (before any extraction changed it).
PageMetadata read_metadata(const Tree& tree);

/// The document title as the <title> element gives it, with a site name part removed when the
/// rest still reads as a title.
std::string title_from_title_element(const Tree& tree);

/// Share of b's word tokens that also occur in a (1 = b adds nothing to a).
double text_similarity(std::string_view a, std::string_view b);

/// Scores the DOM's blocks and keeps the article: the best candidate, its qualifying siblings,
/// cleaned of furniture. Retries with looser rules when too little text is found.
class ArticleExtractor {
 public:
  /// title is used to drop a heading that repeats it.
  ArticleExtractor(const GumboOutput& out, std::string title);
  /// Runs the extraction; the returned node is a container whose children are the article.
  const Node* run();
  /// Byline text found in the page body ("" if none).
  const std::string& byline() const { return byline_; }

 private:
  struct Flags {
    bool strip_unlikely = true;
    bool weight_classes = true;
    bool clean_conditionally = true;
  };
  Node* grab(Tree& tree, const Flags& flags);
  void prepare(Node* article, const Flags& flags);
  void clean_conditionally(Node* article, GumboTag tag, const Flags& flags);
  bool check_byline(Node* n, std::string_view match);

  const GumboOutput& out_;
  std::string title_;
  std::string byline_;
  std::vector<std::unique_ptr<Tree>> trees_;
};

}  // namespace docpipe::plugins::html
