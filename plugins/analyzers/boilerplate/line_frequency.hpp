// The cross-document signal of the boilerplate analyzer: in how many documents of this process a
// normalised line has been seen.
//
// Limitation, by design of the SDK: analyzers see one document at a time, on parallel workers,
// and there is no pre-pass over the corpus. A document can only count the documents processed
// before it (and itself), so the first documents of a site are never marked and the result for
// a document can depend on scheduling (--jobs, timing). That is why the rule is opt-in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace docpipe::plugins {

/// A thread-safe table: hash of a normalised line -> documents that contained it.
class LineFrequencyTable {
 public:
  /// At most max_entries distinct lines are tracked; later new lines are not counted, which
  /// bounds memory on huge corpora (furniture shows up early and often, so it is tracked first).
  explicit LineFrequencyTable(std::size_t max_entries = 4'000'000) : max_entries_(max_entries) {}

  /// Records one document's distinct line hashes and returns, for each, the number of documents
  /// (this one included) that have had it so far.
  std::vector<std::uint32_t> add_document(const std::vector<std::uint64_t>& distinct_hashes);

  /// Distinct lines tracked.
  std::size_t size() const;

  /// The process-wide table for one stage id (two boilerplate stages do not share counts).
  static LineFrequencyTable& shared(std::string_view stage_id);

 private:
  mutable std::mutex m_;
  std::unordered_map<std::uint64_t, std::uint32_t> counts_;
  std::size_t max_entries_;
};

/// The hash under which a line is counted: ASCII case folded, digit runs as one '0' (dates and
/// counts vary from page to page), white space collapsed, punctuation at both ends dropped.
std::uint64_t line_key(std::string_view line);

}  // namespace docpipe::plugins
