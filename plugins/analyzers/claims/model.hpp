// The check-worthiness model: a linear model over the features of features.hpp, read from the text
// file docpipe-train-claims writes (embedded in the plugin, or named by the model_file option).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "features.hpp"

namespace docpipe::plugins::claims {

/// One feature's share of a sentence's logit.
struct Contribution {
  std::string name;  ///< "source: institution", "bigram \"studies show\"", "intercept"
  double value;      ///< weight x feature value
};

/// Logistic-regression weights with the header that says how they were made.
class Model {
 public:
  /// An empty model: every sentence scores the logistic of 0.
  Model() = default;
  /// Parses a model file; throws docpipe::Error naming the line of a malformed one or one written
  /// for another feature_version.
  static Model parse(std::string_view text, std::string_view origin);

  /// The model's logit for a sentence.
  double logit(const FeatureVector& fv) const;
  /// The largest contributions by absolute value (at most top), the intercept among them.
  std::vector<Contribution> explain(const FeatureVector& fv, const std::vector<Token>& toks, std::size_t top) const;

  /// The header lines ("key value ..."), in file order.
  const std::vector<std::pair<std::string, std::string>>& header() const { return header_; }
  bool empty() const { return weights_.empty(); }
  double bias() const { return bias_; }
  /// The weight of feature index i (0 for unknown ones).
  double weight(std::uint32_t i) const { return i < weights_.size() ? weights_[i] : 0.0; }

 private:
  std::vector<std::pair<std::string, std::string>> header_;
  std::vector<float> weights_;  // dense over feature_dimension
  double bias_ = 0;
};

/// The model embedded at build time from model/checkworthy.model (empty when none was built in).
std::string_view embedded_model();

/// The logistic function, 1 / (1 + e^-z).
double logistic(double z);

}  // namespace docpipe::plugins::claims
