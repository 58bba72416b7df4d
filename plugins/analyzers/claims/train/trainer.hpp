// Training the check-worthiness model with liblinear (L2-regularised logistic regression) on the
// features the analyzer itself extracts, and writing it as a model file (see ../model.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "labelled_sets.hpp"

namespace docpipe::plugins::claims::train {

/// One labelled set and how much each of its sentences counts.
struct TrainingSet {
  std::string name;   ///< as written in the model header: the file's name
  std::string path;
  std::vector<Item> items;
  int weight = 1;     ///< each sentence is given this many times to the trainer
  char separator = ' ';
};

/// One sentence as the trainer sees it.
struct Example {
  std::vector<Feature> features;
  bool label = false;
  int weight = 1;
  std::size_t set = 0;    ///< index into the sets
  std::size_t group = 0;  ///< passage (or article): folds never split one
  std::string file;       ///< the article, for articles-dev
};

/// The features of every sentence of set, analysed by engine.
std::vector<Example> featurise(const Engine& engine, const TrainingSet& set, std::size_t set_index);

/// Solver settings.
struct Params {
  double C = 1.0;
  double eps = 0.01;
};

/// Trained weights: bias and one weight per feature index below feature_dimension.
struct Weights {
  double bias = 0;
  std::vector<double> w;
  double logit(const std::vector<Feature>& f) const;
};

/// Trains on the examples given (each repeated weight times); deterministic for equal input.
Weights train(const std::vector<const Example*>& examples, const Params& params);

/// Counts of a binary decision.
struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn); }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
  void add(bool expected, bool predicted);
  std::string summary() const;  ///< "P=0.873 R=0.861 F1=0.867 n=1994/7974"
};

/// Scores weights on examples at probability 0.5.
Counts evaluate(const Weights& w, const std::vector<const Example*>& examples);

/// The model file text: header lines ("key value"), then bias and every weight whose magnitude
/// reaches min_weight, formatted so equal weights give byte-equal files.
std::string model_text(const Weights& w, const std::vector<std::pair<std::string, std::string>>& header, double min_weight);

}  // namespace docpipe::plugins::claims::train
