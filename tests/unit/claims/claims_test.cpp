// Unit tests of the claims analyzer: tokens, lexicons, number normalisation, each detector, quote
// speakers, evidence, exclusions, the score and the component's findings and metrics.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "categories.hpp"
#include "claims_analyzer.hpp"
#include "support/test_logger.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;

namespace {

// One document from sentences joined by spaces, with the sentence and word annotations segment gives.
Document make_doc(const std::vector<std::string>& sentences, const std::vector<std::string>& kinds = {}) {
  Document doc;
  doc.id = "test";
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    if (!doc.text.empty()) doc.text += ' ';
    const std::uint64_t b = doc.text.size();
    doc.text += sentences[i];
    doc.annotate(annotation::sentence, {b, doc.text.size()}, Object{{"kind", i < kinds.size() ? kinds[i] : "sentence"}});
    std::uint64_t w = b;
    for (std::uint64_t k = b; k <= doc.text.size(); ++k)
      if (k == doc.text.size() || doc.text[k] == ' ') {
        if (k > w) doc.annotate(annotation::word, {w, k});
        w = k + 1;
      }
  }
  return doc;
}

const Engine& default_engine() {
  static const Engine engine(config_from_options(Options{}));
  return engine;
}

std::vector<SentenceResult> analyze(const std::vector<std::string>& sentences) {
  return default_engine().analyze(make_doc(sentences));
}

SentenceResult one(const std::string& sentence) {
  auto r = analyze({sentence});
  REQUIRE(r.size() == 1);
  return r.front();
}

std::vector<NumberValue> numbers(const std::string& text) {
  static const PhraseMatcher matcher(config_from_options(Options{}).lexicons);
  return read_numbers(tokenize(text), matcher);
}

bool has_trigger(const SentenceResult& r, std::string_view kind) {
  for (const Trigger& t : r.triggers)
    if (t.kind == kind) return true;
  return false;
}

bool has_evidence(const SentenceResult& r, std::string_view kind) {
  for (const Evidence& e : r.evidence)
    if (e.kind == kind) return true;
  return false;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
TEST_CASE("tokenize: words, numbers, joiners and punctuation with document offsets") {
  const auto t = tokenize("Sales rose 1,850.5 units, the firm\xE2\x80\x99s 14th year; see A7 and 2bn.", 10);
  std::vector<std::string> texts;
  for (const Token& x : t) texts.push_back(x.text);
  CHECK(texts == std::vector<std::string>{"sales", "rose", "1,850.5", "units", ",", "the", "firm's", "14th", "year", ";",
                                          "see", "a7", "and", "2", "bn", "."});
  CHECK(t[0].capitalised);
  CHECK(t[0].begin == 10);
  CHECK(t[0].end == 15);
  CHECK(t[2].kind == TokenKind::number);
  CHECK(t[2].number == Approx(1850.5));
  CHECK(t[7].has_digit);
  CHECK(t[11].has_digit);
  CHECK(t[13].kind == TokenKind::number);
  CHECK(tokenize("IMF")[0].all_caps);
}

TEST_CASE("tokenize: empty and space-only input give no tokens") {
  CHECK(tokenize("").empty());
  CHECK(tokenize("  \n\t ").empty());
}

TEST_CASE("lexicon lines: phrases, kinds, comments") {
  LexiconEntry e;
  CHECK(parse_lexicon_line("according to | according", e));
  CHECK(e.tokens == std::vector<std::string>{"according", "to"});
  CHECK(e.kind == "according");
  CHECK(parse_lexicon_line("  Won\xE2\x80\x99t  ", e));
  CHECK(e.tokens == std::vector<std::string>{"won't"});
  CHECK(e.kind.empty());
  CHECK_FALSE(parse_lexicon_line("# a comment", e));
  CHECK_FALSE(parse_lexicon_line("   ", e));
  CHECK(parse_lexicon("a\n\n# c\nb c | k\n").size() == 2);
}

TEST_CASE("embedded lexicons are the data files") {
  const std::filesystem::path dir = default_lexicon_dir();
  REQUIRE(std::filesystem::is_directory(dir));
  for (std::size_t i = 0; i < lexicon_count; ++i) {
    const std::string name(lexicon_name(static_cast<Lex>(i)));
    INFO(name);
    CHECK(std::string(embedded_lexicon(name)) == read_file(dir / (name + ".txt")));
    CHECK_FALSE(parse_lexicon(embedded_lexicon(name)).empty());
  }
  CHECK(embedded_lexicon("no_such_lexicon").empty());
}

TEST_CASE("load_lexicons: directory overrides, embedded fallback, extras, bad directory") {
  const auto dir = std::filesystem::temp_directory_path() / "docpipe-claims-lexicons-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "hedges.txt") << "# only one hedge\nconceivably | hedge\n";
  const Lexicons lex = load_lexicons(dir.string(), true, {{"absolutes", {"invariably"}}});
  REQUIRE(lex[Lex::hedges].size() == 1);
  CHECK(lex[Lex::hedges][0].tokens == std::vector<std::string>{"conceivably"});
  CHECK(lex[Lex::speech_verbs].size() == parse_lexicon(embedded_lexicon("speech_verbs")).size());
  CHECK(lex[Lex::absolutes].back().tokens == std::vector<std::string>{"invariably"});
  CHECK_THROWS_AS(load_lexicons((dir / "missing").string(), true, {}), Error);
  CHECK_NOTHROW(load_lexicons((dir / "missing").string(), false, {}));  // the build-time default may be gone
  std::filesystem::remove_all(dir);
}

TEST_CASE("phrase matcher: longest entry per lexicon at each token") {
  Lexicons lex;
  lex[Lex::causal_cues] = parse_lexicon("as a result | direct\nas a result of | direct\nresult | direct\n");
  lex[Lex::hedges] = parse_lexicon("as | hedge\n");
  const PhraseMatcher m(lex);
  const auto toks = tokenize("As a result of the strike, output fell.");
  const auto found = m.match(toks);
  REQUIRE(found.size() == 3);
  CHECK(found[0].lex == Lex::causal_cues);
  CHECK(found[0].end - found[0].begin == 4);
  CHECK(found[1].lex == Lex::hedges);
  CHECK(found[2].begin == 2);  // "result" on its own
  CHECK(m.contains_word(Lex::hedges, "as"));
  CHECK_FALSE(m.contains_word(Lex::causal_cues, "as"));
}

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
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

TEST_CASE("comparative: than, superlatives, records, bounds are not comparisons") {
  CHECK(one("Cash handling costs small retailers more than card fees.").primary == "comparative");
  CHECK(one("Northgate Foods is now the largest independent grocery chain in the county.").primary == "comparative");
  CHECK(one("That was the highest annual total on record.").primary == "comparative");
  auto r = one("More than 40,000 small businesses use the app.");
  CHECK(r.primary == "statistical");
  CHECK_FALSE(has_trigger(r, "comparative"));
  CHECK_FALSE(has_trigger(one("Owners chose price rather than loyalty in the survey.") , "comparative"));
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

TEST_CASE("dated events: a named actor, a date and a past-tense verb") {
  auto r = one("In March 2022 Brightline Logistics acquired the warehouse operator Coldstore Partners.");
  CHECK(r.primary == "event");
  CHECK(r.check_worthy);
  CHECK(one("The company released an update on Monday.").primary.empty());
}

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

// ---------------------------------------------------------------------------------------------
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

TEST_CASE("score: the model probability, a full breakdown summing to its logit, bands from the thresholds") {
  Object all;
  all.set("explain_top", 10000);
  const Engine full(config_from_options(Options(all)));
  for (const std::string s : {"Parcel volumes rose 14% last quarter.", "Is this right?", "The economy will probably recover.",
                              "Mayor Linda Park told the council that the town would apply for a grant."}) {
    INFO(s);
    const auto r = full.analyze(make_doc({s}));
    REQUIRE(r.size() == 1);
    double sum = 0;
    for (const auto& [k, v] : r[0].breakdown) sum += v;
    CHECK(r[0].score == Approx(100.0 * logistic(sum)).margin(0.2));
    CHECK(r[0].breakdown.size() > 3);
  }
  const auto r = one("Parcel volumes rose 14% last quarter.");
  CHECK(r.breakdown.size() <= 6);
  CHECK(r.breakdown.front().first == "number with %");  // the largest contribution comes first
  Object o;
  o.set("weight_statistical", -6.0);
  const Engine low(config_from_options(Options(o)));
  const auto lr = low.analyze(make_doc({"Parcel volumes rose 14% last quarter."}));
  CHECK(lr[0].score < r.score);
  CHECK(lr[0].band != "check-worthy");
  CHECK_FALSE(lr[0].check_worthy);
  CHECK_FALSE(lr[0].needs_support);
  CHECK(lr[0].breakdown.back() == std::pair<std::string, double>{"weight_statistical", -6.0});
  Object t;
  t.set("check_worthy_threshold", 99.9);
  t.set("minor_threshold", 10.0);
  const auto tr = Engine(config_from_options(Options(t))).analyze(make_doc({"Parcel volumes rose 14% last quarter."}));
  CHECK(tr[0].band == "minor factual");
}

TEST_CASE("score: questions, imperatives, opinion and hedges are capped by rule, and the breakdown says so") {
  const auto q = one("Is revenue 20% higher than last year?");
  CHECK_FALSE(q.check_worthy);
  CHECK(q.breakdown.back().first == "rule: question, not a claim");
  const auto plain = one("Revenue rose 20% last year.");
  const auto h = one("Revenue may have risen 20% last year.");
  CHECK(h.score < plain.score);  // the model weighs the hedge
  Object o;
  o.set("veto", Array{Value("hedge")});
  const auto strict = Engine(config_from_options(Options(o))).analyze(make_doc({"Revenue may have risen 20% last year."}));
  CHECK_FALSE(strict[0].check_worthy);
  CHECK(strict[0].breakdown.back().first == "rule: hedge, not a claim");
  Object bad;
  bad.set("veto", Array{Value("rumour")});
  CHECK_THROWS_WITH(config_from_options(Options(bad)), Catch::Contains("unknown non-claim 'rumour'"));
}

TEST_CASE("model: the embedded model matches the features this build extracts") {
  const Model m = load_model("");
  REQUIRE_FALSE(m.empty());
  bool version = false, data = false, cv = false;
  for (const auto& [k, v] : m.header()) {
    version |= k == "feature_version" && v == std::to_string(feature_version);
    data |= k == "data" && v.find("sha256=") != std::string::npos;
    cv |= k == "cv";
  }
  CHECK(version);
  CHECK(data);
  CHECK(cv);
  CHECK_THROWS_WITH(Model::parse("feature_version 0\n", "old.model"), Catch::Contains("old.model:1") && Catch::Contains("retrain"));
  CHECK_THROWS_WITH(Model::parse("feature_version 1\nw 0 1\n", "bad.model"), Catch::Contains("bad.model:2"));
  Object o;
  o.set("model_file", "/nonexistent/checkworthy.model");
  CHECK_THROWS_WITH(config_from_options(Options(o)), Catch::Contains("cannot read model_file"));
}

TEST_CASE("options: every option is documented, bad values are refused, extras extend lexicons") {
  const auto specs = option_specs();
  for (const OptionSpec& s : specs) {
    INFO(s.name);
    CHECK_FALSE(s.description.empty());
    CHECK_FALSE(s.default_value.is_null());
  }
  CHECK(specs.size() == 1 + lexicon_count + 1 + 3 + 2 + category_table().size() + 3);

  Object bad;
  bad.set("lexicon_dir", "/nonexistent/claims-lexicons");
  CHECK_THROWS_WITH(config_from_options(Options(bad)), Catch::Contains("not a directory"));
  Object q;
  q.set("min_quote_words", 0);
  CHECK_THROWS_AS(config_from_options(Options(q)), Error);
  Object t;
  t.set("minor_threshold", 80.0);
  CHECK_THROWS_AS(config_from_options(Options(t)), Error);

  Object extra;
  extra.set("extra_hedges", Array{Value("conceivably | hedge")});
  const Engine e(config_from_options(Options(extra)));
  const auto r = e.analyze(make_doc({"Sales conceivably rose 14% last quarter."}));
  REQUIRE(r[0].hedges.size() == 1);
  CHECK(r[0].score < one("Sales conceivably rose 14% last quarter.").score);
  CHECK(one("Sales conceivably rose 14% last quarter.").hedges.empty());
}

// ---------------------------------------------------------------------------------------------
TEST_CASE("component: findings, claim annotations, metrics, boilerplate and non-sentences skipped") {
  test::TestLogger log;
  const Options options;
  const StageContext ctx{"claims", options, log};
  ClaimsAnalyzer analyzer(ctx);
  Document doc = make_doc({"Rising costs", "Parcel volumes rose 14% in the third quarter.", "Read the full report on our website.",
                           "Mayor Linda Park told the council that the town would apply for a grant.",
                           "Sales doubled last year, the firm said."},
                          {"heading", "sentence", "sentence", "sentence", "sentence"});
  const auto& s = doc.annotations_of(annotation::sentence);
  doc.annotate(annotation::boilerplate, s[4]->span, Object{{"reason", "test"}});
  analyzer.analyze(doc);

  REQUIRE(doc.findings.size() == 2);
  const Finding& f = doc.findings[0];
  CHECK(f.stage == "claims");
  CHECK(f.category == "statistical");
  CHECK(f.severity == Severity::warning);
  CHECK_THAT(f.message, Catch::StartsWith("Statistical claim without a source (score ") && Catch::Contains("number with %"));
  CHECK(f.span == s[1]->span);
  CHECK(f.score > 50);
  for (const char* key : {"tags", "triggers", "hedges", "evidence", "supported", "score", "score_breakdown", "band",
                          "needs_support", "suggestion", "check_worthy"}) {
    INFO(key);
    CHECK(f.data.contains(key));
  }
  CHECK(f.data.find("suggestion")->as_string() == "Add a source for this statistic (a link, a named report or survey)");
  const Array& triggers = f.data.find("triggers")->as_array();
  REQUIRE_FALSE(triggers.empty());
  const Object& value = triggers[0].as_object().find("value")->as_object();
  CHECK(value.find("unit")->as_string() == "percent");
  CHECK(value.find("direction")->as_string() == "up");

  const Finding& g = doc.findings[1];
  CHECK(g.category == "attributed");
  CHECK(g.severity == Severity::info);
  const Object& attribution = g.data.find("attribution")->as_object();
  CHECK(attribution.find("source")->as_string() == "Linda Park");
  CHECK(attribution.find("source_kind")->as_string() == "person");
  CHECK(attribution.find("cue_text")->as_string() == "told");

  CHECK(doc.annotations_of("claim").size() == 2);
  const Object& m = doc.metrics.find("claims")->as_object();
  CHECK(m.find("sentences")->as_int() == 3);  // heading and boilerplate skipped
  CHECK(m.find("check_worthy")->as_int() == 2);
  CHECK(m.find("needs_support")->as_int() == 1);
  CHECK(m.find("share_needing_support")->as_double() == Approx(0.5));
  CHECK(m.find("claims_per_1000_words")->as_double() > 0);
  const Array& top = m.find("top_unsupported")->as_array();
  REQUIRE(top.size() == 1);
  CHECK(top[0].as_object().find("category")->as_string() == "statistical");
}

TEST_CASE("component: an empty document gets zero metrics and no findings") {
  test::TestLogger log;
  const Options options;
  ClaimsAnalyzer analyzer(StageContext{"c", options, log});
  Document doc;
  analyzer.analyze(doc);
  CHECK(doc.findings.empty());
  const Object& m = doc.metrics.find("c")->as_object();
  CHECK(m.find("words")->as_int() == 0);
  CHECK(m.find("claims_per_1000_words")->as_double() == 0);
  CHECK(m.find("top_unsupported")->as_array().empty());
}

TEST_CASE("component: sentence spans past the text are ignored, not a crash") {
  const Engine& e = default_engine();
  Document doc;
  doc.text = "Short.";
  doc.annotate(annotation::sentence, {0, 60}, Object{{"kind", "sentence"}});
  CHECK(e.analyze(doc).empty());
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

TEST_CASE("sweeping: past narrative with an absolute describes an event, not the world") {
  CHECK(one("Delgado kept a notebook of every delivery.").primary.empty());
  CHECK(one("The investment industry has completely failed female founders.").primary == "sweeping");
  CHECK(one("Every successful company is built on a culture of trust.").primary == "sweeping");
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
