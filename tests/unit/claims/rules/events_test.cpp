// Unit tests of the claims detector for dated events (rules/events.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("dated events: a named actor, a date and a past-tense verb") {
  auto r = one("In March 2022 Brightline Logistics acquired the warehouse operator Coldstore Partners.");
  CHECK(r.primary == "event");
  CHECK(r.check_worthy);
  // Without a named actor the rules see no event; the sentence is one only if the model calls it check-worthy.
  const auto unnamed = one("The company released an update on Monday.");
  CHECK_FALSE(unnamed.event);
  CHECK(unnamed.primary.empty() == !unnamed.check_worthy);
  CHECK(one("The bakery opens every morning at six.").primary.empty());
}
