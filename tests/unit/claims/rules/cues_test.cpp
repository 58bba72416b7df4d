// Unit tests of the claims detector for causal, prediction and sweeping cues (rules/cues.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("causal: direct, correlational, conditional") {
  auto r = one("Higher interest rates have pushed many contractors into default.");
  CHECK(r.primary == "causal");
  CHECK(r.check_worthy);
  r = one("Firms that offer flexible hours are linked to lower staff turnover.");
  CHECK(r.primary == "causal");
  bool correlational = false;
  for (const Trigger& t : r.triggers) correlational |= t.kind == "causal" && t.value == Value("correlational");
  CHECK(correlational);
  r = one("If rates keep rising, more small lenders will merge.");
  CHECK(r.primary == "prediction");
  CHECK(std::find(r.tags.begin(), r.tags.end(), "causal") != r.tags.end());
  r = one("Use a barcode scanner if you can afford one.");
  CHECK(r.primary.empty());
}

TEST_CASE("prediction: cues and horizons, hedged ones are not check-worthy") {
  auto r = one("The chain will open four more stores in the valleys by the end of 2026.");
  CHECK(r.primary == "prediction");
  CHECK(has_trigger(r, "prediction_target"));
  CHECK(r.check_worthy);
  r = one("The economy will probably recover eventually.");
  CHECK(r.primary == "prediction");
  CHECK_FALSE(r.check_worthy);
  CHECK_FALSE(r.hedges.empty());
  CHECK_FALSE(has_trigger(one("Walk down the street and you will see the results."), "prediction"));
}

TEST_CASE("sweeping: absolutes, vague sources and peacock terms, unless something backs them") {
  auto r = one("Everyone knows that small firms are the backbone of the economy.");
  CHECK(r.primary == "sweeping");
  CHECK_FALSE(r.check_worthy);
  CHECK(has_trigger(r, "peacock"));
  CHECK(one("Customers always prefer a local shop to a chain.").primary == "sweeping");
  const auto backed = one("Studies show remote workers are 13% more productive (Bloom et al., 2015).");
  CHECK(backed.primary == "statistical");
  CHECK(backed.supported);
  CHECK(std::find(backed.tags.begin(), backed.tags.end(), "sweeping") != backed.tags.end());
  CHECK(one("Not everyone agrees, of course.").primary.empty());
  CHECK(one("The bakery opens every morning at six.").primary.empty());
}

TEST_CASE("sweeping: past narrative with an absolute describes an event, not the world") {
  CHECK(one("Delgado kept a notebook of every delivery.").primary.empty());
  CHECK(one("The investment industry has completely failed female founders.").primary == "sweeping");
  CHECK(one("Every successful company is built on a culture of trust.").primary == "sweeping");
}
