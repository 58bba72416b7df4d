// Evaluation of the claims analyzer on the labelled set in tests/data/claims/: shared by the
// evaluation test and the claims-eval bench program.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "claims_analyzer.hpp"
#include "labelled_sets.hpp"

namespace docpipe::plugins::claims::eval {

using claims::Item;

/// What the analyzer said about one item.
struct Prediction {
  std::string category;  ///< primary category, "none" for no category or "event"
  bool check_worthy = false;
  bool needs_support = false;
  std::string speaker;
  double score = 0;
};

/// Precision, recall and F1 of one label.
struct Prf {
  std::size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn); }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

/// The categories scored, in report order.
inline const std::vector<std::string>& categories() { return scored_categories(); }

/// Reads the labelled TSV; throws docpipe::Error on a malformed line.
inline std::vector<Item> load(const std::string& path) { return load_tsv(path); }

/// Builds one document per passage (sentences joined by spaces, with sentence and word annotations),
/// runs the engine and returns one prediction per item.
std::vector<Prediction> run(const Engine& engine, const std::vector<Item>& items, char separator = ' ');

/// Scores of a run.
struct Report {
  Prf check_worthy;
  Prf needs_support;
  std::map<std::string, Prf> category;
  std::map<std::string, std::map<std::string, std::size_t>> confusion;  ///< expected -> predicted -> count
  std::size_t speakers_expected = 0, speakers_right = 0;
};

/// Compares predictions with labels.
Report score(const std::vector<Item>& items, const std::vector<Prediction>& predictions);

/// Prints the confusion table and every score; with errors, also each disagreement.
void print(std::ostream& out, const Report& report, const std::vector<Item>& items,
           const std::vector<Prediction>& predictions, bool errors);

}  // namespace docpipe::plugins::claims::eval
