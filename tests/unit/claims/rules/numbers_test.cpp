// Unit tests of the claims detector for reading figures (rules/numbers.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("numbers: units, currency, scale, direction") {
  auto v = numbers("Revenue rose to $2.4 million last year.");
  REQUIRE(v.size() == 1);
  CHECK(v[0].value == Approx(2.4e6));
  CHECK(v[0].unit == "USD");
  CHECK(v[0].scale == "million");
  CHECK(v[0].direction == "up");

  v = numbers("Traffic fell 9% to 1.4 million units.");
  REQUIRE(v.size() == 2);
  CHECK(v[0].unit == "percent");
  CHECK(v[0].value == Approx(9));
  CHECK(v[0].direction == "down");
  CHECK(v[1].value == Approx(1.4e6));
  CHECK(v[1].unit == "units");

  v = numbers("A survey of 1,200 small firms by the chamber.");
  REQUIRE(v.size() == 1);
  CHECK(v[0].unit == "firms");  // the measured noun, not its adjective

  v = numbers("The rate fell 1.2 percentage points, and 23 per cent left; a \xE2\x82\xAC" "2 fee and \xC2\xA3" "3bn.");
  REQUIRE(v.size() == 4);
  CHECK(v[0].unit == "percentage_points");
  CHECK(v[1].unit == "percent");
  CHECK(v[1].value == Approx(23));
  CHECK(v[2].unit == "EUR");
  CHECK(v[3].unit == "GBP");
  CHECK(v[3].value == Approx(3e9));
}

TEST_CASE("numbers: ratios, multipliers and fractions") {
  auto v = numbers("One in five shopfronts is empty and 1 in 3 owners are women.");
  REQUIRE(v.size() == 2);
  CHECK(v[0].unit == "ratio");
  CHECK(v[0].value == Approx(0.2));
  CHECK(v[1].value == Approx(1.0 / 3));
  v = numbers("Costs doubled while prices halved.");
  REQUIRE(v.size() == 2);
  CHECK(v[0].unit == "multiplier");
  CHECK(v[0].value == Approx(2));
  CHECK(v[1].value == Approx(0.5));
  CHECK(v[1].direction == "down");
  v = numbers("Rents have fallen by a third since 2020.");
  REQUIRE(v.size() == 1);
  CHECK(v[0].unit == "fraction");
  CHECK(v[0].value == Approx(1.0 / 3));
}

TEST_CASE("numbers: dates, years, labels, versions, list numbers, codes and names are not figures") {
  CHECK(numbers("In 2019 the owners bought the building.").empty());
  CHECK(numbers("The firm filed for protection on 12 February.").empty());
  CHECK(numbers("Step 1: send the laptop early.").empty());
  CHECK(numbers("1. Invoice the day the work is finished.").empty());
  CHECK(numbers("Table 2 lists the ten largest employers.").empty());
  CHECK(numbers("The company released version 4.2 and 4.2.1 of its app.").empty());
  CHECK(numbers("It adds support for Windows 11 this week.").empty());
  CHECK(numbers("The Vision 2030 plan and the A7 road, COVID-19 too.").empty());
  CHECK(numbers("Call 555-0143 between 9 am and 6 pm.").empty());
  CHECK(numbers("It was cited in the report [4].").empty());
  CHECK(numbers("Count the stock once a quarter, in the first half of the year.").empty());
  CHECK(numbers("The city ranks 14th out of 20 capitals.").empty());
  CHECK(numbers("Two miles from the road, she has twelve employees.").empty());
}
