// The acceptance thresholds of issue 5, measured on the labelled set.
#include <catch2/catch.hpp>
#include <sstream>

#include "claims_eval.hpp"

namespace ev = docpipe::plugins::claims::eval;
using docpipe::plugins::claims::Engine;
using docpipe::plugins::claims::config_from_options;

TEST_CASE("labelled set: check-worthy precision and recall, category F1") {
  const auto items = ev::load(DOCPIPE_CLAIMS_EVAL_SET);
  REQUIRE(items.size() >= 300);
  const Engine engine(config_from_options(docpipe::Options{}));
  const auto predictions = ev::run(engine, items);
  const ev::Report rep = ev::score(items, predictions);
  std::ostringstream table;
  ev::print(table, rep, items, predictions, false);
  INFO(table.str());
  CHECK(rep.check_worthy.precision() >= 0.85);
  CHECK(rep.check_worthy.recall() >= 0.85);
  for (const std::string& c : ev::categories()) {
    INFO("category " << c);
    CHECK(rep.category.at(c).f1() >= 0.75);
  }
  CHECK(rep.speakers_expected >= 20);
  CHECK(double(rep.speakers_right) / double(rep.speakers_expected) >= 0.8);
}

TEST_CASE("labelled set loader rejects malformed lines") {
  const std::string path = std::string(DOCPIPE_CLAIMS_FIXTURES) + "/malformed.tsv";
  CHECK_THROWS_WITH(ev::load(path), Catch::Contains("line 3"));
  CHECK_THROWS_WITH(ev::load(path + ".missing"), Catch::Contains("cannot open"));
}
