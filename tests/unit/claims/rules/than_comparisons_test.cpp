// Unit tests of the claims detector for comparisons (rules/than_comparisons.cpp, rules/cues.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("comparative: than, superlatives, records, bounds are not comparisons") {
  CHECK(one("Cash handling costs small retailers more than card fees.").primary == "comparative");
  CHECK(one("Northgate Foods is now the largest independent grocery chain in the county.").primary == "comparative");
  CHECK(one("That was the highest annual total on record.").primary == "comparative");
  auto r = one("More than 40,000 small businesses use the app.");
  CHECK(r.primary == "statistical");
  CHECK_FALSE(has_trigger(r, "comparative"));
  CHECK_FALSE(has_trigger(one("Owners chose price rather than loyalty in the survey.") , "comparative"));
}
