// Every declared option of every bundled plugin, given edge values from the command line, either
// runs or is refused as a configuration error: never a crash. The options are read from the real
// binary (`plugins info NAME --json`), so a new option is swept without touching this test.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

#include "process.hpp"

using namespace docpipe::test;
namespace fs = std::filesystem;

namespace {

const char* const kPipeline = R"(inputs = ["in"]
[[analyzers]]
plugin = "boilerplate"
[[analyzers]]
plugin = "stats"
[[analyzers]]
plugin = "segment"
[[analyzers]]
plugin = "readability"
[[analyzers]]
plugin = "claims"
[[exporters]]
plugin = "json"
[[exporters]]
plugin = "jsonl"
[[exporters]]
plugin = "csv"
[[exporters]]
plugin = "sqlite"
[[exporters]]
plugin = "sarif"
[[exporters]]
plugin = "markdown_report"
[[exporters]]
plugin = "html_report"
[[exporters]]
plugin = "console"
)";

/// Components listed by `docpipe plugins`: the first word of each line naming a kind.
std::vector<std::string> component_names() {
  auto r = run_docpipe({"plugins"});
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> names;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string name, kind;
    if (words >> name >> kind && (kind == "reader" || kind == "analyzer" || kind == "exporter"))
      names.push_back(name);
  }
  return names;
}

/// TOML texts of edge values for one option of the JSON Schema: the type's extremes, the wrong
/// type, an unknown choice, and the declared bounds themselves (which must be accepted).
std::vector<std::string> edge_values(const nlohmann::json& property) {
  const std::string type = property.value("type", "");
  std::vector<std::string> v;
  if (type == "integer" || type == "number") {
    v = {"0", "-1", "9223372036854775807", "-9223372036854775808", "\"\"", "\"x\"", "true"};
    if (type == "number") v.insert(v.end(), {"1e308", "-1e308", "nan", "inf", "0.5"});
    else v.push_back("1.5");
    for (const char* bound : {"minimum", "maximum"})
      if (property.contains(bound)) {
        const double b = property[bound].get<double>();
        std::ostringstream s;
        if (type == "integer") s << static_cast<long long>(b); else s << b;
        v.push_back(s.str());
      }
  } else if (type == "string") {
    v = {"\"\"", "\"no-such-choice-at-all\"", "5", "\"../outside\"", "\"/tmp\"", "\"" + std::string(5000, 'x') + "\""};
  } else if (type == "array") {
    v = {"[]", "[\"\"]", "[\"no-such-choice-at-all\"]", "\"x\"", "[1]"};
  } else if (type == "boolean") {
    v = {"0", "\"\"", "\"true\""};
  }
  return v;
}

}  // namespace

TEST_CASE("every declared option of every bundled plugin survives edge values: run or refuse, never crash") {
  TempDir tmp;
  write_file(tmp / "p.toml", kPipeline);
  write_file(tmp / "in" / "a.txt", "A Title\n\nThe council said 40% of shops closed in 2023. It may rise.\n");
  write_file(tmp / "in" / "b.md", "---\ntitle: B\n---\n# Heading\n\nSome *markdown* text that says a thing.\n");
  fs::copy_file(SOURCE_DIR "/tests/fixtures/html/nested_article_comments.html", tmp / "in" / "c.html");
  fs::copy_file(SOURCE_DIR "/tests/fixtures/docx/sample.docx", tmp / "in" / "d.docx");
  fs::copy_file(SOURCE_DIR "/tests/fixtures/pdf/report.pdf", tmp / "in" / "e.pdf");

  const auto names = component_names();
  REQUIRE(names.size() >= 18);
  std::vector<std::pair<std::string, std::string>> cases;  // option name, --set assignment
  for (const auto& name : names) {
    auto info = run_docpipe({"plugins", "info", name, "--json"});
    REQUIRE(info.exit_code == 0);
    const auto schema = nlohmann::json::parse(info.out);
    for (const auto& [option, property] : schema["properties"].items())
      for (const auto& value : edge_values(property)) cases.emplace_back(option, name + "." + option + "=" + value);
  }
  // A few runs at a time: each is mostly waiting on plugin loading and file writes.
  std::vector<Result> results(cases.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i; (i = next.fetch_add(1)) < cases.size();) {
        // A fresh directory each time: an earlier case's file must not be what a later one trips on.
        const fs::path out = tmp / ("out" + std::to_string(t));
        results[i] = run_docpipe({"-q", "run", (tmp / "p.toml").string(), "-o", out.string(), "-j", "1", "--set",
                                  cases[i].second});
        std::error_code ec;
        fs::remove_all(out, ec);
      }
    });
  for (auto& t : threads) t.join();
  std::size_t refused = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Result& r = results[i];
    INFO("--set " << cases[i].second.substr(0, 200) << "\nexit " << r.exit_code << "\n" << r.err.substr(0, 2000));
    // 0 ok, 1 documents failed, 2 refused before reading, 4 a findings gate. Not 3 (an output
    // error: a file option the checks let through), not a signal.
    CHECK((r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2 || r.exit_code == 4));
    if (r.exit_code == 2) {
      ++refused;
      // Refused by name (or, for a rule between options, by the stage), before anything was read.
      CHECK(r.err.find("nothing was read") != std::string::npos);
      CHECK((r.err.find("option '" + cases[i].first + "'") != std::string::npos ||
             r.err.find("refused its options") != std::string::npos));
    }
  }
  const std::size_t count = cases.size();
  WARN(count << " option values swept, " << refused << " refused as configuration errors");
  CHECK(count > 300);
}

TEST_CASE("out-of-range options are refused with their position before anything is read") {
  TempDir tmp;
  write_file(tmp / "in" / "a.txt", "text\n");
  write_file(tmp / "p.toml", "inputs = [\"in\"]\n[readers.text]\nmax_bytes = -1\nheading_max_words = 100000\n"
                             "encoding = \"no-such-encoding\"\n[[exporters]]\nplugin = \"json\"\n");
  auto r = run_docpipe({"run", (tmp / "p.toml").string(), "-o", (tmp / "out").string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  const std::string p = (tmp / "p.toml").string();
  CHECK_THAT(r.err, Catch::Contains(p + ":3:13: option 'max_bytes' of stage 'text' must be an integer from 1 to "
                                        "1099511627776, got -1"));
  CHECK_THAT(r.err, Catch::Contains(p + ":4:21: option 'heading_max_words' of stage 'text' must be an integer from "
                                        "0 to 1000, got 100000"));
  CHECK_THAT(r.err, Catch::Contains(p + ":5:12: option 'encoding' of stage 'text' must be \"auto\", \"utf-8\" or an "
                                        "encoding name ICU knows"));
  CHECK_FALSE(fs::exists(tmp / "out" / "docpipe.json"));

  auto v = run_docpipe({"validate", (tmp / "p.toml").string()});
  CHECK(v.exit_code == 2);

  write_file(tmp / "q.toml", "inputs = [\"in\"]\n[[exporters]]\nplugin = \"json\"\n");
  auto s = run_docpipe({"run", (tmp / "q.toml").string(), "-o", (tmp / "out").string(), "--set",
                        "markdown.max_bytes=0", "--set", "docx.max_entries=-5"});
  INFO(s.err);
  CHECK(s.exit_code == 2);
  CHECK_THAT(s.err, Catch::Contains("command line: option 'max_bytes' of stage 'markdown' must be an integer from 1"));
  CHECK_THAT(s.err, Catch::Contains("command line: option 'max_entries' of stage 'docx' must be an integer from 1 "
                                    "to 10000000, got -5"));
}
