#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "config/pipeline_config.hpp"

using namespace docpipe;
using namespace docpipe::host;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
// Unique per process and call: ctest runs test cases in parallel processes.
fs::path unique_path(const std::string& stem) {
  static int counter = 0;
  return fs::temp_directory_path() / (stem + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& content, fs::path where = unique_path("docpipe-cfg-")) : path(std::move(where)) {
    std::ofstream(path) << content;
  }
  ~TempFile() { fs::remove(path); }
};

std::vector<std::string> errors_of(const std::string& toml) {
  TempFile f(toml);
  try {
    parse_pipeline_file(f.path);
  } catch (const ConfigError& e) {
    std::vector<std::string> out;
    for (auto s : e.errors()) out.push_back(s.substr(f.path.string().size()));  // drop the path
    return out;
  }
  return {};
}
}  // namespace

TEST_CASE("a complete pipeline file parses, with paths relative to the file") {
  TempFile f(R"(inputs = ["docs", "/abs/x.txt", "-"]
output = "out"
reader = "text"
on_error = "fail"
jobs = 3
max_bytes = 1000
plugin_paths = ["plugins"]
[readers.text]
max_bytes = 10
[[analyzers]]
plugin = "stats"
id = "s1"
options = { a = 1, b = [1.5, "x"], c = { d = true } }
[[exporters]]
plugin = "json"
)");
  const PipelineConfig c = parse_pipeline_file(f.path);
  const fs::path dir = f.path.parent_path();
  CHECK(c.inputs == std::vector<std::string>{(dir / "docs").string(), "/abs/x.txt", "-"});
  CHECK(c.output == (dir / "out").string());
  CHECK(c.reader == "text");
  CHECK(c.on_error == "fail");
  CHECK(c.jobs == 3);
  CHECK(c.max_bytes == 1000);
  CHECK(c.plugin_paths == std::vector<std::string>{(dir / "plugins").string()});
  REQUIRE(c.readers.size() == 1);
  CHECK(c.readers[0].raw_options.at("max_bytes").value == Value(10));
  REQUIRE(c.analyzers.size() == 1);
  const StageConfig& s = c.analyzers[0];
  CHECK(s.id == "s1");
  CHECK(s.plugin == "stats");
  CHECK(s.plugin_origin.line == 11);
  CHECK(s.plugin_origin.column == 10);
  CHECK(s.raw_options.at("a").value == Value(1));
  CHECK(s.raw_options.at("b").value == Value(Array{Value(1.5), Value("x")}));
  CHECK(s.raw_options.at("c").value == Value(Object{{"d", Value(true)}}));
  CHECK(s.raw_options.at("a").origin.line == 13);
  REQUIRE(c.exporters.size() == 1);
  CHECK(c.exporters[0].id == "json");
}

TEST_CASE("each shape error carries its line and column") {
  CHECK(errors_of("inputs = 3\n[[exporters]]\nplugin='json'\n") ==
        std::vector<std::string>{":1:10: 'inputs' must be an array of strings, got an integer"});
  CHECK(errors_of("[[exporters]]\nplugin = 1\n") == std::vector<std::string>{":2:10: 'plugin' must be a string, got an integer"});
  CHECK(errors_of("[[exporters]]\nplugin = 'json'\nfoo = 1\n")[0] ==
        ":3:1: unknown key 'foo' in [[exporters]]; expected plugin, id, options or enabled");
  CHECK(errors_of("analyzers = 1\n[[exporters]]\nplugin = 'json'\n")[0] ==
        ":1:13: 'analyzers' must be an array of tables ([[analyzers]]), got an integer");
  CHECK(errors_of("[readers]\ntext = 1\n[[exporters]]\nplugin = 'json'\n")[0] ==
        ":2:8: [readers.text] must be a table of options, got an integer");
  CHECK_THAT(errors_of("x = \n")[0], Contains(":1:5: TOML syntax error"));
}

TEST_CASE("a missing pipeline file is a configuration error naming it") {
  try {
    parse_pipeline_file("/nonexistent/pipeline.toml");
    FAIL("expected ConfigError");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.errors()[0], Contains("/nonexistent/pipeline.toml"));
  }
}

TEST_CASE("closest_match suggests near names only") {
  CHECK(closest_match("stast", {"stats", "json", "jsonl"}) == "stats");
  CHECK(closest_match("jsnl", {"stats", "json", "jsonl"}) == "jsonl");
  CHECK(closest_match("readability", {"stats", "json"}).empty());
  CHECK(closest_match("x", {}).empty());
}

TEST_CASE("extends merges stages by id: change options, add, disable, replace the plugin") {
  const fs::path dir = unique_path("docpipe-ext-");
  fs::create_directories(dir / "shared");
  TempFile base(R"(inputs = ["corpus"]
jobs = 2
[readers.text]
max_bytes = 100
[[analyzers]]
plugin = "stats"
options = { a = 1, b = 2 }
[[analyzers]]
plugin = "segment"
[[exporters]]
plugin = "json"
options = { file = "all.json" }
)", dir / "shared" / "base.toml");
  TempFile project(R"(extends = "shared/base.toml"
output = "project-out"
[readers.text]
max_bytes = 200
[[analyzers]]
id = "stats"
options = { b = 3 }
[[analyzers]]
plugin = "claims"
[[exporters]]
id = "json"
enabled = false
[[exporters]]
plugin = "csv"
)", dir / "project.toml");
  const PipelineConfig c = parse_pipeline_file(project.path);
  // Paths stay relative to the file that wrote them.
  CHECK(c.inputs == std::vector<std::string>{(dir / "shared" / "corpus").string()});
  CHECK(c.output == (dir / "project-out").string());
  CHECK(c.jobs == 2);
  REQUIRE(c.readers.size() == 1);
  CHECK(c.readers[0].raw_options.at("max_bytes").value == Value(200));
  REQUIRE(c.analyzers.size() == 3);
  CHECK(c.analyzers[0].id == "stats");
  CHECK(c.analyzers[0].raw_options.at("a").value == Value(1));
  CHECK(c.analyzers[0].raw_options.at("b").value == Value(3));
  CHECK(c.analyzers[0].raw_options.at("b").origin.file == project.path.string());
  CHECK(c.analyzers[1].id == "segment");
  CHECK(c.analyzers[2].id == "claims");
  REQUIRE(c.exporters.size() == 1);
  CHECK(c.exporters[0].plugin == "csv");
  fs::remove_all(dir);
}

TEST_CASE("extends reports cycles, missing files and errors in the base file with its own position") {
  const fs::path dir = unique_path("docpipe-ext-");
  fs::create_directories(dir);
  {
    TempFile a("extends = \"b.toml\"\n", dir / "a.toml");
    TempFile b("extends = \"a.toml\"\n", dir / "b.toml");
    try {
      parse_pipeline_file(a.path);
      FAIL("expected a cycle error");
    } catch (const ConfigError& e) {
      CHECK_THAT(e.errors()[0], Contains("b.toml:1:11: extends cycle: a.toml -> b.toml -> a.toml"));
    }
  }
  {
    TempFile a("extends = \"missing.toml\"\n", dir / "a.toml");
    CHECK_THROWS_WITH(parse_pipeline_file(a.path), Contains("a.toml:1:11: extends \"missing.toml\": no such file"));
  }
  {
    TempFile base("jobs = \"many\"\n", dir / "base.toml");
    TempFile a("extends = \"base.toml\"\n[[analyzers]]\nid = \"nothing\"\nenabled = false\n", dir / "a.toml");
    try {
      parse_pipeline_file(a.path);
      FAIL("expected errors");
    } catch (const ConfigError& e) {
      REQUIRE(e.errors().size() == 2);
      CHECK_THAT(e.errors()[0], Contains("base.toml:1:8: jobs must be an integer"));
      CHECK_THAT(e.errors()[1], Contains("a.toml:2:1: enabled = false, but no inherited stage has id 'nothing'"));
    }
  }
  fs::remove_all(dir);
}
