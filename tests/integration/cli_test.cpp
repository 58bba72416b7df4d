// The command line and plugin discovery, with the real plugin files and broken test plugins.
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;

TEST_CASE("version and help exit 0") {
  auto r = run_docpipe({"--version"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("docpipe 0.1.0 (SDK API 2)"));
  r = run_docpipe({"--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("Exit codes"));
}

TEST_CASE("a usage error exits 2") {
  CHECK(run_docpipe({"frobnicate"}).exit_code == 2);
  CHECK(run_docpipe({"run", "--no-such-option"}).exit_code == 2);
  CHECK(run_docpipe({"run", FIXTURES_DIR "/basic.toml", "--jobs", "0"}).exit_code == 2);
}

TEST_CASE("plugins lists the bundled components with their files") {
  auto r = run_docpipe({"plugins"});
  REQUIRE(r.exit_code == 0);
  for (const char* name : {"text", "stats", "json", "jsonl"}) CHECK_THAT(r.out, Contains(name));
  CHECK_THAT(r.out, Contains("docpipe-stats.so"));
}

TEST_CASE("broken plugins are skipped with the file and the reason, never fatal") {
  auto r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "plugins", "--all"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("explode"));  // the working test plugin loads
  CHECK_THAT(r.out, Contains("docpipe-test-wrong-api.so: built against SDK API version 999 (SDK 9.9.9), but this "
                             "docpipe 0.1.0 speaks SDK API version 2"));
  CHECK_THAT(r.out, Contains("docpipe-test-no-entry.so: not a docpipe plugin (no docpipe_plugin_manifest symbol)"));
  CHECK_THAT(r.out, Contains("docpipe-test-unresolved.so: cannot load"));
  CHECK_THAT(r.out, Contains("docpipe_test_symbol_that_does_not_exist"));
  CHECK_THAT(r.out, Contains("docpipe-test-not-elf.so: cannot load"));
  CHECK_THAT(r.out, Contains("docpipe-test-throws-registering.so: threw while registering its components: "
                             "registration exploded on purpose"));
  // The same reasons reach stderr as warnings on every command that loads plugins.
  CHECK_THAT(r.err, Contains("skipping plugin"));
}

TEST_CASE("DOCPIPE_PLUGIN_PATH is searched") {
  auto r = run_docpipe({"plugins"}, {}, {}, {std::string("DOCPIPE_PLUGIN_PATH=/nonexistent:") + TEST_PLUGIN_DIR});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("explode"));
}

TEST_CASE("plugins info describes options, and with --json gives a JSON Schema") {
  auto r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "plugins", "info", "explode"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("trigger (string, default \"BOOM\")"));
  r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "plugins", "info", "refuses", "--json"});
  REQUIRE(r.exit_code == 0);
  auto schema = nlohmann::json::parse(r.out);
  CHECK(schema["type"] == "object");
  CHECK(schema["properties"]["level"]["type"] == "integer");
  CHECK(schema["properties"]["level"]["default"] == 1);
  CHECK(schema["required"] == nlohmann::json::array({"mode"}));
  CHECK(schema["additionalProperties"] == false);

  r = run_docpipe({"plugins", "info", "stat"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("did you mean 'stats'"));
}

TEST_CASE("validate prints the resolved stages in order") {
  auto r = run_docpipe({"validate", FIXTURES_DIR "/basic.toml"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto stats = r.out.find("analyzer stats");
  const auto json = r.out.find("exporter json");
  CHECK(stats != std::string::npos);
  CHECK(json != std::string::npos);
  CHECK(stats < json);
  CHECK_THAT(r.out, Contains("include_text = true"));
  CHECK_THAT(r.out, Contains("OK"));
}
