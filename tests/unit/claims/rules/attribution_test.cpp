// Unit tests of the claims detector for attribution (rules/attribution.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("attribution: cue, source kinds, content") {
  auto r = one("Product lead Hannah Voss said the next release would focus on payroll.");
  CHECK(r.primary == "attributed");
  REQUIRE(r.attribution);
  CHECK(r.attribution->source == "Hannah Voss");
  CHECK(r.attribution->source_kind == "person");
  CHECK_FALSE(r.attribution->content.empty());
  CHECK(r.supported);

  r = one("The Regional Development Agency said the figure has been stable for a decade.");
  REQUIRE(r.attribution);
  CHECK(r.attribution->source_kind == "organisation");

  r = one("Battery makers consumed about 80% of the lithium mined in 2023, according to the International Energy Agency.");
  CHECK(r.primary == "statistical");
  REQUIRE(r.attribution);
  CHECK(r.attribution->source == "International Energy Agency");
  CHECK(r.supported);

  r = one("Insolvencies among contractors rose by 23 per cent on the year, the office reported.");
  REQUIRE(r.attribution);
  CHECK(r.attribution->source == "the office");
  CHECK(r.attribution->source_kind == "organisation");

  r = one("The same survey found that the average invoice was paid 17 days late.");
  REQUIRE(r.attribution);
  CHECK(r.attribution->source_kind == "document");

  r = one("Many people say the rental market is broken.");
  CHECK(r.primary == "sweeping");
  REQUIRE(r.attribution);
  CHECK(r.attribution->source_kind == "vague");
  CHECK_FALSE(r.check_worthy);

  r = one("The authority has not said when it expects to report.");
  CHECK_FALSE(r.attribution.has_value());  // a negated cue reports nothing
}

TEST_CASE("attribution: sources behind appositives and relative clauses") {
  auto rs = analyze({"Dr. Helen Okafor, who teaches small business management at Riverside Community College, said the approach is "
                     "more common than people think.",
                     "\"A lot of bakeries have quietly built their own delivery,\" she said."});
  REQUIRE(rs[0].attribution);
  CHECK(rs[0].attribution->source == "Helen Okafor");
  CHECK(rs[0].attribution->source_kind == "person");
  REQUIRE(rs[1].quote);
  CHECK(rs[1].quote->speaker == "Helen Okafor");

  auto r = one("Brightline's chief financial officer, Mark Oduya, said the purchase gave the company its first cold stores.");
  REQUIRE(r.attribution);
  CHECK(r.attribution->source == "Mark Oduya");

  r = one("She signed supply agreements with nine farms and added a hot food counter at lunchtime.");
  CHECK_FALSE(r.attribution.has_value());  // "added a counter" is not speech
  r = one("Critics said the pilot is far too small to matter.");
  REQUIRE(r.attribution);
  CHECK(r.attribution->source_kind == "vague");
}
