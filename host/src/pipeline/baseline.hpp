// A baseline: today's findings, saved so that a later run reports only new ones. Each finding is
// keyed by document, rule id, its sentence's text with whitespace normalised, and which occurrence
// of that (rule, text) in the document it is, so edits elsewhere in a document keep the match.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "docpipe/document.hpp"

namespace docpipe::host {

struct BaselineKey {
  std::string document;
  std::string rule;
  std::string text;             ///< the finding's text, runs of whitespace as one space, trimmed
  std::uint64_t occurrence = 1;  ///< 1 for the first finding with this rule and text in the document
  friend bool operator<(const BaselineKey& a, const BaselineKey& b) {
    return std::tie(a.document, a.rule, a.text, a.occurrence) < std::tie(b.document, b.rule, b.text, b.occurrence);
  }
};

/// The keys of a document's findings, in the order of doc.findings.
std::vector<BaselineKey> baseline_keys(const Document& doc);

/// Writes keys (sorted, so the file diffs well) as JSON; throws Error when it cannot.
void save_baseline(const std::filesystem::path& file, std::vector<BaselineKey> keys);

/// A loaded baseline that findings are matched against, each entry at most once.
class Baseline {
 public:
  /// Reads a file written by save_baseline; throws ConfigError ("not found", "not a baseline").
  static Baseline load(const std::filesystem::path& file);
  /// Drops the findings of doc that the baseline holds; returns how many.
  std::size_t filter(Document& doc);
  /// Entries of the documents this run saw that no finding matched: fixed or changed since.
  std::size_t unmatched() const;
  std::size_t size() const { return entries_.size(); }
  /// Every entry, sorted: what a new baseline keeps when one more finding is added.
  std::vector<BaselineKey> keys() const;

 private:
  std::map<BaselineKey, bool> entries_;  // key -> matched in this run
  std::set<std::string> documents_;      // ids filter() saw
};

}  // namespace docpipe::host
