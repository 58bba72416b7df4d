// The labelled sentence sets the check-worthiness model is trained and measured on: the TSV sets of
// tests/data/claims, ClaimBuster's JSON Lines file and the labelled articles (articles-dev.jsonl).
#pragma once

#include <string>
#include <vector>

#include "claims_analyzer.hpp"

namespace docpipe::plugins::claims {

/// One labelled unit.
struct Item {
  std::string category;  ///< expected primary category or "none"
  bool check_worthy = false;
  bool needs_support = false;
  std::string speaker;   ///< "-" when none is expected
  std::string sentence;
  std::size_t line = 0;
  std::size_t passage = 0;     ///< units of one passage are analysed as one document, in order
  bool is_sentence = true;     ///< false for titles, headings and boilerplate: text only, not analysed
  std::string file;            ///< the article a unit comes from (articles-dev.jsonl)
};

/// The categories scored, in report order.
const std::vector<std::string>& scored_categories();

/// Reads a TSV set (tests/data/claims/README.md); throws docpipe::Error on a malformed line.
std::vector<Item> load_tsv(const std::string& path);
/// Reads ClaimBuster's {"id","label","text"} lines; each sentence is its own passage.
std::vector<Item> load_claimbuster(const std::string& path);
/// Reads articles-dev.jsonl; each file is one passage, its units in order.
std::vector<Item> load_articles(const std::string& path);

/// Analyses each passage as one document (units joined with separator; sentences annotated) and
/// returns one result per item; items that are not sentences get an empty result.
std::vector<SentenceResult> analyze_items(const Engine& engine, const std::vector<Item>& items, char separator = ' ');

}  // namespace docpipe::plugins::claims
