#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "docpipe/testing.hpp"
#include "hedge_analyzer.hpp"

using namespace docpipe::testing;

TEST_CASE("hedges finds single words and multi-word phrases with their spans") {
  PluginUnderTest plugin;
  auto doc = plugin.analyze("hedges", document("It is believed that prices MAY rise. Some  say\nthey could."));
  const auto found = findings_of(doc, "hedge");
  REQUIRE(found.size() == 4);
  CHECK(doc.slice(found[0]->span) == "It is believed");
  CHECK(doc.slice(found[1]->span) == "MAY");
  CHECK(doc.slice(found[2]->span) == "Some  say");
  CHECK(doc.slice(found[3]->span) == "could");
  CHECK(texts_of(doc, "hedge").size() == 4);
  CHECK(doc.annotations_of("hedge")[0]->features.find("phrase")->as_string() == "it is believed");
  CHECK(metric(doc, "hedges", "hedges") == docpipe::Value(4));
  CHECK(metric(doc, "hedges", "words") == docpipe::Value(11));
}

TEST_CASE("hedges matches whole words only and not across punctuation") {
  PluginUnderTest plugin;
  auto doc = plugin.analyze("hedges", document("Mayday in Mayfield. Some. Say nothing, it is. Believed."));
  CHECK(findings_of(doc).empty());
  CHECK(metric(doc, "hedges", "hedges") == docpipe::Value(0));
}

TEST_CASE("hedges prefers the longest phrase") {
  PluginUnderTest plugin;
  auto doc = plugin.analyze("hedges", document("It could be argued that it works."));
  REQUIRE(findings_of(doc, "hedge").size() == 1);
  CHECK(doc.slice(findings_of(doc, "hedge")[0]->span) == "It could be argued");
}

TEST_CASE("hedges adds the phrases option to the built-in list") {
  PluginUnderTest plugin;
  auto doc = plugin.analyze("hedges", document("Sort of fine, maybe."),
                            {{"phrases", docpipe::Array{"sort of", "maybe"}}});
  CHECK(texts_of(doc, "hedge") == std::vector<std::string>{"Sort of", "maybe"});
  // The built-in words stay.
  doc = plugin.analyze("hedges", document("It might."), {{"phrases", docpipe::Array{"sort of"}}});
  CHECK(findings_of(doc, "hedge").size() == 1);
}

TEST_CASE("hedges warns when the density passes max_per_1000_words") {
  PluginUnderTest plugin;
  // 2 hedges in 10 words = 200 per 1000.
  const auto text = "Perhaps the plan works and arguably the costs stay low.";
  auto doc = plugin.analyze("hedges", document(text), {{"max_per_1000_words", 100}});
  const auto dense = findings_of(doc, "hedge-density");
  REQUIRE(dense.size() == 1);
  CHECK(dense[0]->severity == docpipe::Severity::warning);
  CHECK(dense[0]->message == "200.0 hedges per 1000 words (limit 100.0)");
  CHECK(dense[0]->stage == "hedges");
  CHECK(metric(doc, "hedges", "hedges_per_1000_words") == docpipe::Value(200.0));
  CHECK(findings_of(plugin.analyze("hedges", document(text), {{"max_per_1000_words", 250}}), "hedge-density").empty());
  CHECK(findings_of(plugin.analyze("hedges", document(text), {{"max_per_1000_words", 0}}), "hedge-density").empty());
}

TEST_CASE("hedges ignores code and refuses bad options") {
  PluginUnderTest plugin;
  auto doc = document("This may fail:\nx.may_throw() could crash");
  annotate_text(doc, "code", "x.may_throw() could crash");
  doc = plugin.analyze("hedges", std::move(doc));
  CHECK(texts_of(doc, "hedge") == std::vector<std::string>{"may"});
  CHECK_THROWS_AS(plugin.analyzer("hedges", {{"max_per_1000_words", "ten"}}), docpipe::Error);
  CHECK_THROWS_AS(plugin.analyzer("hedges", {{"max_per_1000_words", -1}}), docpipe::Error);
  CHECK_THROWS_AS(plugin.analyzer("hedges", {{"phrases", docpipe::Array{"..."}}}), docpipe::Error);
}

TEST_CASE("hedges declares what it provides") {
  PluginUnderTest plugin;
  CHECK(plugin.info("hedges").provides_annotations == std::vector<std::string>{"hedge"});
  CHECK(plugin.info("hedges").kind == docpipe::Kind::analyzer);
}
