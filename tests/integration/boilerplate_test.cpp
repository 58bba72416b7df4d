// The boilerplate analyzer through the docpipe binary: a saved page's furniture is marked with
// its reason and signals (in the JSON export and, with -v, in the log), and its story is counted.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("a saved page's furniture is marked with reasons and signals, and only its story is counted") {
  TempDir tmp;
  fs::create_directories(tmp / "in");
  fs::copy_file(FIXTURES_DIR "/../boilerplate/site-furniture.txt", tmp / "in" / "page.txt");
  write_file(tmp / "p.toml", R"(inputs = ["in"]
[[analyzers]]
plugin = "boilerplate"
[[analyzers]]
plugin = "segment"
[[analyzers]]
plugin = "readability"
[[exporters]]
plugin = "json"
options = { include_text = true, include_annotations = true }
)");
  auto r = run_docpipe({"-v", "run", (tmp / "p.toml").string(), "-o", (tmp / "out").string()}, tmp.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // -v shows why each span was dropped.
  CHECK_THAT(r.err, Contains("byline (pattern=\"By\" + names)") && Contains("By Tomas Reyes") &&
                        Contains("caption (pattern=caption or credit prefix, line=true)"));

  const auto run = read_json(tmp / "out" / "docpipe.json");
  const auto& doc = run["documents"][0];
  const std::string text = doc["text"];
  std::map<std::string, std::string> reasons;  // marked text -> reason
  int sentences = 0;
  for (const auto& a : doc["annotations"]) {
    const std::string piece = text.substr(a["span"][0], a["span"][1].get<std::size_t>() - a["span"][0].get<std::size_t>());
    if (a["type"] == "boilerplate") {
      CHECK(a["features"].contains("pattern"));
      reasons[piece] = a["features"]["reason"];
    }
    if (a["type"] == "sentence" && a["features"]["kind"] == "sentence") ++sentences;
  }
  CHECK(reasons == std::map<std::string, std::string>{
                       {"Updated by the city desk at riverside-gazette.com on Tuesday 14 January 2025", "updated"},
                       {"Featured image for Harbour Lights Return to the Old Pier", "caption"},
                       {"By Tomas Reyes, staff writer", "byline"},
                       {"Share this article", "share-prompt"},
                       {"Readers can find more stories like this in the local history section on Riverside-Gazette.com.",
                        "cross-link"}});
  // The two sentences of the story, and nothing else, are the prose readability measures.
  CHECK(sentences == 2);
  CHECK(doc["metrics"]["readability"]["document"]["sentences"] == 2);
  CHECK(doc["metrics"]["boilerplate"]["by_reason"]["menu"] == 0);
}
