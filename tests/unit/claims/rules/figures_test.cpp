// Unit tests of the claims detector for statistical claims (rules/figures.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("statistical claims need a figure and are check-worthy, unsourced ones need support") {
  const auto r = one("Parcel volumes at regional depots rose 14% in the third quarter.");
  CHECK(r.primary == "statistical");
  CHECK(r.check_worthy);
  CHECK(r.band == "check-worthy");
  CHECK_FALSE(r.supported);
  CHECK(r.needs_support);
  CHECK(has_trigger(r, "number"));
  CHECK(one("The bakery opens at six and a queue forms by seven.").primary.empty());
}
