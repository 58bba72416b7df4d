// The trainer: the same data gives the same weights, byte for byte, and the weights learn something.
#include <catch2/catch.hpp>

#include "trainer.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;

TEST_CASE("train: retraining on a slice of the labelled set gives identical weights") {
  train::TrainingSet set{"labelled.tsv", DOCPIPE_CLAIMS_EVAL_SET, load_tsv(DOCPIPE_CLAIMS_EVAL_SET), 2};
  set.items.resize(120);  // a slice keeps the test quick
  const Engine engine(config_from_options(Options{}));
  const std::vector<train::Example> examples = train::featurise(engine, set, 0);
  REQUIRE(examples.size() == 120);
  std::vector<const train::Example*> all;
  for (const train::Example& e : examples) all.push_back(&e);

  const train::Weights a = train::train(all, {});
  const train::Weights b = train::train(all, {});
  const std::string text = train::model_text(a, {{"feature_version", std::to_string(feature_version)}}, 1e-3);
  CHECK(text == train::model_text(b, {{"feature_version", std::to_string(feature_version)}}, 1e-3));
  CHECK(a.w == b.w);
  CHECK(a.bias == b.bias);

  // The file reads back as a model that scores like the weights it was written from.
  const Model m = Model::parse(text, "slice.model");
  const train::Counts fit = train::evaluate(a, all);
  CHECK(fit.f1() > 0.8);
  for (const train::Example* e : all) {
    FeatureVector fv;
    fv.features = e->features;
    CHECK(m.logit(fv) == Approx(a.logit(e->features)).margin(1e-2));
  }
  CHECK(a.w[signal_index(Signal::number_percent)] > 0);  // a figure marks a claim in this set
}
