// Unit tests of the claims analyzer as a whole: tokens, lexicons, the model and its score, options and
// the component's findings and metrics. Each detector's tests are in rules/.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "claims_test_support.hpp"
#include "support/test_logger.hpp"

using namespace docpipe;
using namespace docpipe::plugins::claims;
using namespace docpipe::plugins::claims::test_support;

// ---------------------------------------------------------------------------------------------
TEST_CASE("tokenize: words, numbers, joiners and punctuation with document offsets") {
  const auto t = tokenize("Sales rose 1,850.5 units, the firm\xE2\x80\x99s 14th year; see A7 and 2bn.", 10);
  std::vector<std::string> texts;
  for (const plugins::claims::Token& x : t) texts.push_back(x.text);
  CHECK(texts == std::vector<std::string>{"sales", "rose", "1,850.5", "units", ",", "the", "firm's", "14th", "year", ";",
                                          "see", "a7", "and", "2", "bn", "."});
  CHECK(t[0].capitalised);
  CHECK(t[0].begin == 10);
  CHECK(t[0].end == 15);
  CHECK(t[2].kind == plugins::claims::TokenKind::number);
  CHECK(t[2].number == Approx(1850.5));
  CHECK(t[7].has_digit);
  CHECK(t[11].has_digit);
  CHECK(t[13].kind == plugins::claims::TokenKind::number);
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
  const std::filesystem::path dir = DOCPIPE_CLAIMS_DATA_DIR;
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

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

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
    CHECK(r[0].score == Approx(100.0 * logistic(sum)).margin(1.0));  // contributions are rounded for display
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

