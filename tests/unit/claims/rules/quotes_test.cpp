// Unit tests of the claims detector for quotations and speakers (rules/quotes.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("quotes: speaker in the sentence, after a colon, across sentences, unknown") {
  auto rs = analyze({"\"We grew by buying stores that the chains wanted to close,\" said chief executive Amira Haddad.",
                     "\"Most of them were profitable within two years,\" she explained."});
  REQUIRE(rs.size() == 2);
  CHECK(rs[0].primary == "quote");
  REQUIRE(rs[0].quote);
  CHECK(rs[0].quote->speaker == "Amira Haddad");
  CHECK(rs[1].primary == "quote");
  REQUIRE(rs[1].quote);
  CHECK(rs[1].quote->speaker == "Amira Haddad");
  CHECK(rs[1].quote->speaker_kind == "pronoun");
  CHECK(rs[1].supported);

  rs = analyze({"Maria Delgado has been a freight broker for twenty years.",
                "\xE2\x80\x9CMargins in brokerage have never been thinner,\xE2\x80\x9D she said.",
                "\"When spot rates collapse, brokers get squeezed,\" Delgado explained."});
  REQUIRE(rs.size() == 3);
  REQUIRE(rs[1].quote);
  CHECK(rs[1].quote->speaker == "Maria Delgado");
  REQUIRE(rs[2].quote);
  CHECK(rs[2].quote->speaker == "Maria Delgado");  // surname resolved to the full name

  auto r = one("Founder Jonah Whitfield put it simply: \"We made the beer we wanted to drink.\"");
  REQUIRE(r.quote);
  CHECK(r.quote->speaker == "Jonah Whitfield");

  r = one("\"The numbers simply do not add up for small landlords,\" one property manager told us.");
  CHECK(r.primary == "quote");
  REQUIRE(r.quote);
  CHECK(r.quote->speaker.empty());
  CHECK(r.needs_support);

  r = one("She added: \"If wheat goes up again, the sourdough will have to go.\"");
  REQUIRE(r.quote);
  CHECK(r.quote->speaker.empty());  // no one was named before
  CHECK(r.needs_support);
}

TEST_CASE("quotes: scare quotes are not quotations, and cues inside a quote do not count") {
  auto r = one("Only 12% named \"supporting local business\" as their main reason.");
  CHECK(r.primary == "statistical");
  CHECK_FALSE(r.quote.has_value());
  r = one("\"Prices might rise if we wait, who knows?\" said Ben Castillo.");
  CHECK(r.primary == "quote");
  CHECK(r.hedges.empty());
  CHECK(r.non_claim.empty());
  CHECK(r.check_worthy);
}

TEST_CASE("quotes: a quotation split over sentences keeps its speaker") {
  const auto rs = analyze({"\"I closed because my lease doubled,\" said Tom Brannigan, who ran a hardware store.",
                           "\"The rent went from $1,900 to $2,850 a month.", "Nobody wanted to buy a business with that rent.\"",
                           "The council met on Tuesday to discuss the empty shops downtown."});
  REQUIRE(rs.size() == 4);
  REQUIRE(rs[1].quote);
  CHECK(rs[1].quote->speaker == "Tom Brannigan");
  CHECK(rs[1].quote->speaker_kind == "continuation");
  CHECK(rs[1].primary == "quote");
  REQUIRE(rs[2].quote);  // no opening mark: it continues the open quotation
  CHECK(rs[2].quote->speaker == "Tom Brannigan");
  CHECK_FALSE(rs[2].needs_support);
  CHECK_FALSE(rs[3].quote.has_value());  // the quotation closed in the sentence before
}
