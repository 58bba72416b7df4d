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
  if (weights_.empty()) return out;
  out.push_back({"intercept", bias_});
  std::size_t g = 0;
  for (const Feature& f : fv.features) {
    const double c = double(weights_[f.index]) * f.value;
    if (c == 0) continue;
    if (f.index < ngram_base) {
      out.push_back({std::string(signal_name(static_cast<Signal>(f.index - 1))), c});
      continue;
    }
    while (g < fv.grams.size() && fv.grams[g].index < f.index) ++g;
    out.push_back({g < fv.grams.size() ? gram_name(fv.grams[g], toks) : "n-gram", c});
  }
  std::stable_sort(out.begin(), out.end(), [](const Contribution& a, const Contribution& b) {
    return std::abs(a.value) > std::abs(b.value);
  });
  if (out.size() > top) out.resize(top);
  return out;
}

}  // namespace docpipe::plugins::claims
