#include "model.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "docpipe/error.hpp"

namespace docpipe::plugins::claims {
namespace {

std::string_view next_field(std::string_view& line) {
  const std::size_t b = line.find_first_not_of(' ');
  if (b == std::string_view::npos) return line = {}, std::string_view();
  line.remove_prefix(b);
  const std::size_t e = std::min(line.find(' '), line.size());
  const std::string_view f = line.substr(0, e);
  line.remove_prefix(e);
  return f;
}

template <class T>
bool parse_number(std::string_view s, T& out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

[[noreturn]] void bad(std::string_view origin, std::size_t line, const std::string& what) {
  throw Error(std::string(origin) + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

double logistic(double z) { return 1.0 / (1.0 + std::exp(-z)); }

Model Model::parse(std::string_view text, std::string_view origin) {
  Model m;
  m.weights_.assign(feature_dimension, 0.0f);
  std::size_t number = 0;
  bool versioned = false;
  while (!text.empty()) {
    const std::size_t nl = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(std::min(nl + 1, text.size()));
    ++number;
    if (line.empty() || line.front() == '#') continue;
    const std::string_view key = next_field(line);
    if (key == "w") {
      std::uint32_t index = 0;
      double w = 0;
      if (!parse_number(next_field(line), index) || !parse_number(next_field(line), w)) bad(origin, number, "malformed weight line");
      if (index == 0 || index >= feature_dimension) bad(origin, number, "feature index out of range");
      m.weights_[index] = static_cast<float>(w);
      continue;
    }
    const std::size_t b = line.find_first_not_of(' ');
    const std::string value(b == std::string_view::npos ? std::string_view() : line.substr(b));
    if (key == "bias" && !parse_number(std::string_view(value), m.bias_)) bad(origin, number, "malformed bias");
    if (key == "feature_version") {
      int v = 0;
      if (!parse_number(std::string_view(value), v) || v != feature_version)
        bad(origin, number, "model was trained on feature_version " + value + ", this analyzer extracts version " +
                                std::to_string(feature_version) + "; retrain it (make train-claims)");
      versioned = true;
    }
    m.header_.emplace_back(std::string(key), value);
  }
  if (!versioned) bad(origin, number, "model file has no feature_version line");
  return m;
}

double Model::logit(const FeatureVector& fv) const {
  if (weights_.empty()) return 0.0;
  double z = bias_;
  for (const Feature& f : fv.features) z += double(weights_[f.index]) * f.value;
  return z;
}

std::vector<Contribution> Model::explain(const FeatureVector& fv, const std::vector<Token>& toks, std::size_t top) const {
  std::vector<Contribution> out;
  if (weights_.empty() || top == 0) return out;
  // Rank by number first and name only the winners: naming every n-gram would cost more than scoring.
  struct Ranked {
    std::size_t feature;  // position in fv.features; features.size() for the intercept
    double value;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(fv.features.size() + 1);
  ranked.push_back({fv.features.size(), bias_});
  for (std::size_t i = 0; i < fv.features.size(); ++i) {
    const double c = double(weights_[fv.features[i].index]) * fv.features[i].value;
    if (c != 0) ranked.push_back({i, c});
  }
  const std::size_t keep = std::min(top, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(),
                    [](const Ranked& a, const Ranked& b) {
                      const double x = std::abs(a.value), y = std::abs(b.value);
                      return x != y ? x > y : a.feature < b.feature;
                    });
  for (std::size_t k = 0; k < keep; ++k) {
    const Ranked& r = ranked[k];
    if (r.feature == fv.features.size()) {
      out.push_back({"intercept", r.value});
      continue;
    }
    const std::uint32_t index = fv.features[r.feature].index;
    if (index < ngram_base) {
      out.push_back({std::string(signal_name(static_cast<Signal>(index - 1))), r.value});
      continue;
    }
    const auto g = std::lower_bound(fv.grams.begin(), fv.grams.end(), index,
                                    [](const Gram& x, std::uint32_t i) { return x.index < i; });
    out.push_back({g != fv.grams.end() ? gram_name(*g, toks) : "n-gram", r.value});
  }
  return out;
}

}  // namespace docpipe::plugins::claims
