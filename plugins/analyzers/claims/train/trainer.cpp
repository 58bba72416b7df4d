#include "trainer.hpp"

#include <cmath>
#include <cstdio>

#include <linear.h>

#include "docpipe/error.hpp"

namespace docpipe::plugins::claims::train {
namespace {

void quiet(const char*) {}

}  // namespace

std::vector<Example> featurise(const Engine& engine, const TrainingSet& set, std::size_t set_index) {
  const std::vector<SentenceResult> results = analyze_items(engine, set.items, set.separator);
  std::vector<Example> out;
  for (std::size_t i = 0; i < set.items.size(); ++i) {
    const Item& it = set.items[i];
    if (!it.is_sentence || results[i].features.features.empty()) continue;
    out.push_back({results[i].features.features, it.check_worthy, set.weight, set_index, it.passage, it.file});
  }
  return out;
}

double Weights::logit(const std::vector<Feature>& f) const {
  double z = bias;
  for (const Feature& x : f) z += w[x.index] * x.value;
  return z;
}

Weights train(const std::vector<const Example*>& examples, const Params& params) {
  std::vector<double> y;
  std::vector<feature_node*> x;
  std::vector<std::vector<feature_node>> rows;
  rows.reserve(examples.size());
  // The trainer's order is fixed by the input: positives first would change nothing but the
  // sign convention, which is handled below.
  for (const Example* e : examples) {
    std::vector<feature_node> row;
    for (const Feature& f : e->features) row.push_back({static_cast<int>(f.index), double(f.value)});
    row.push_back({static_cast<int>(feature_dimension), 1.0});  // the bias feature
    row.push_back({-1, 0.0});
    rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < examples.size(); ++i)
    for (int k = 0; k < examples[i]->weight; ++k) {
      y.push_back(examples[i]->label ? 1.0 : -1.0);
      x.push_back(rows[i].data());
    }
  if (y.empty()) throw Error("train-claims: no training sentences");
  problem prob{};
  prob.l = static_cast<int>(y.size());
  prob.n = static_cast<int>(feature_dimension);
  prob.y = y.data();
  prob.x = x.data();
  prob.bias = 1.0;
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = params.eps;
  param.C = params.C;
  set_print_string_function(quiet);
  if (const char* err = check_parameter(&prob, &param)) throw Error(std::string("train-claims: ") + err);
  model* m = ::train(&prob, &param);
  const double sign = m->label[0] == 1 ? 1.0 : -1.0;  // liblinear's weights favour its first label
  Weights out;
  out.w.assign(feature_dimension, 0.0);
  for (std::uint32_t i = 1; i < feature_dimension; ++i) out.w[i] = sign * m->w[i - 1];
  out.bias = sign * m->w[feature_dimension - 1];
  free_and_destroy_model(&m);
  return out;
}

void Counts::add(bool expected, bool predicted) {
  if (expected && predicted) ++tp;
  else if (predicted) ++fp;
  else if (expected) ++fn;
  else ++tn;
}

std::string Counts::summary() const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "P=%.3f R=%.3f F1=%.3f positives=%zu n=%zu", precision(), recall(), f1(), tp + fn,
                tp + fp + fn + tn);
  return buf;
}

Counts evaluate(const Weights& w, const std::vector<const Example*>& examples) {
  Counts c;
  for (const Example* e : examples) c.add(e->label, w.logit(e->features) >= 0);
  return c;
}

std::string model_text(const Weights& w, const std::vector<std::pair<std::string, std::string>>& header, double min_weight) {
  std::string out = "# docpipe claims check-worthiness model: liblinear L2-regularised logistic regression over the\n"
                    "# features of plugins/analyzers/claims/features.cpp. Rebuilt by `make train-claims`; do not edit.\n";
  for (const auto& [k, v] : header) out += k + ' ' + v + '\n';
  char buf[64];
  std::snprintf(buf, sizeof buf, "bias %.6g\n", w.bias);
  out += buf;
  for (std::uint32_t i = 1; i < w.w.size(); ++i) {
    if (std::abs(w.w[i]) < min_weight) continue;
    std::snprintf(buf, sizeof buf, "w %u %.5g\n", i, w.w[i]);
    out += buf;
  }
  return out;
}

}  // namespace docpipe::plugins::claims::train
