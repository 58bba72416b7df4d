// 4-token shingle precision, recall and F1 of extracted text against a reference, as the public
// article-extraction benchmarks score it: \w+ tokens, shingles counted by multiplicity, each page's
// TP/FP/FN normalised to sum 1 so every page weighs the same, P and R the means over pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe::bench {

/// \w+ tokens with a Unicode notion of word characters; ASCII letters lower-cased.
std::vector<std::string> word_tokens(std::string_view text);

/// One page's score; tp + fp + fn == 1 (an empty page against an empty reference is a full hit).
struct ShingleScore {
  double tp = 0, fp = 0, fn = 0;
  double precision = 0, recall = 0, f1 = 0;
};

/// Scores predicted against reference.
ShingleScore score_text(std::string_view predicted, std::string_view reference);

/// A set of pages: precision and recall are the means over pages, f1 their harmonic mean;
/// median_f1 is the median of the pages' own F1.
struct SetScore {
  std::size_t pages = 0;
  double precision = 0, recall = 0, f1 = 0, median_f1 = 0;
};

/// Sums up pages (zeros for none).
SetScore summarize(const std::vector<ShingleScore>& pages);

}  // namespace docpipe::bench
