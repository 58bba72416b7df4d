// Unit tests of the claims detector for non-claims (rules/non_claims.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("non-claims: questions, imperatives, opinion, boilerplate, hedges") {
  auto r = one("Is revenue 20% higher than last year?");
  CHECK(r.primary.empty());
  CHECK(r.non_claim == std::vector<std::string>{"question"});
  CHECK_FALSE(r.check_worthy);
  r = one("Ask for a deposit of 30% before work starts.");
  CHECK(r.non_claim == std::vector<std::string>{"imperative"});
  CHECK_FALSE(r.check_worthy);
  CHECK(one("Book sales grew 4% last year.").non_claim.empty());  // "Book" is a noun here
  r = one("I think small bakeries deserve more credit than they get.");
  CHECK(std::find(r.non_claim.begin(), r.non_claim.end(), "opinion") != r.non_claim.end());
  CHECK_FALSE(r.check_worthy);
  r = one("Copyright 2024 Acme Workforce Ltd. All rights reserved.");
  CHECK(r.non_claim == std::vector<std::string>{"boilerplate"});
  r = one("The chain reportedly lost as much as $40 million on its expansion.");
  CHECK(r.primary == "statistical");
  CHECK_FALSE(r.check_worthy);
  CHECK(one("One in five firms turned down work because they could not afford materials.").hedges.empty());
  r = one("The average business carries about $195,000 in debt.");
  CHECK(r.check_worthy);  // approximators soften, they do not cancel
}
