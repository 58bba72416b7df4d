// Unit tests of the claims detector for evidence (rules/evidence.cpp).
#include "claims_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

TEST_CASE("evidence: URL, DOI, footnote, citation, named report, Source: line in the next sentence, link") {
  CHECK(has_evidence(one("Spending doubled (https://example.org/data).") , "url"));
  CHECK(has_evidence(one("Vacancies fell 3%, see doi:10.1086/718112 for the paper."), "doi"));
  CHECK(has_evidence(one("Nearly half of owners applied for a loan [4]."), "footnote"));
  CHECK(has_evidence(one("Productivity rose 13% (Bloom et al., 2015)."), "citation"));
  CHECK(has_evidence(one("In a 2024 survey of 2,300 shoppers, 41% chose on price."), "named_report"));

  auto rs = analyze({"Cash was used for 21% of purchases under \xE2\x82\xAC" "20.", "Source: National Bank, Payment Diary 2023."});
  REQUIRE(rs.size() == 2);
  CHECK(rs[0].supported);
  REQUIRE(has_evidence(rs[0], "source_line"));
  CHECK(rs[0].evidence.front().next_sentence);
  CHECK(rs[1].primary.empty());

  Document doc = make_doc({"Card payments made up 87% of transactions last year."});
  doc.annotate(annotation::link, {0, 13}, Object{{"href", "https://example.org/cards"}});
  const auto lr = default_engine().analyze(doc);
  REQUIRE(lr.size() == 1);
  REQUIRE(has_evidence(lr[0], "link"));
  CHECK(lr[0].evidence.front().value == "https://example.org/cards");
  CHECK_FALSE(lr[0].needs_support);

  Object o;
  o.set("evidence_in_next_sentence", false);
  const Engine no_next(config_from_options(Options(o)));
  const auto nr = no_next.analyze(make_doc({"Cash was used for 21% of purchases.", "Source: National Bank."}));
  CHECK(nr[0].needs_support);
}

TEST_CASE("evidence: links are found among many annotations") {
  std::vector<std::string> sentences(200, "Sales rose 3% in the quarter.");
  Document doc = make_doc(sentences);
  const auto& s = doc.annotations_of(annotation::sentence);
  const Span target = s[150]->span;
  doc.annotate(annotation::link, {target.begin, target.begin + 5}, Object{{"href", "https://example.org/q"}});
  const auto rs = default_engine().analyze(doc);
  REQUIRE(rs.size() == 200);
  CHECK(rs[150].supported);
  CHECK(rs[149].supported);  // the link is in the next sentence
  CHECK(rs[148].needs_support);
}
