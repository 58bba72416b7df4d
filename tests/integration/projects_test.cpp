// The shared base pipeline and the example projects in configs/ produce the files they promise.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
/// The files an exporter wrote in dir, not counting the marker every run leaves (docs/inputs.md).
std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  CHECK(fs::exists(dir / ".docpipe-output"));
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != ".docpipe-output") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("the base pipeline and each project write their own exporters' files") {
  TempDir tmp;
  auto r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/base.toml", "-o", (tmp / "base").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(files_in(tmp / "base") == std::vector<std::string>{"docpipe.json"});

  r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/projects/data-team.toml", "-o", (tmp / "data").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(files_in(tmp / "data") == std::vector<std::string>{"corpus.sqlite", "documents.csv", "findings.csv"});

  r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/projects/editorial.toml", "-o", (tmp / "ed").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(files_in(tmp / "ed") == std::vector<std::string>{"docpipe.json", "report.html", "report.md"});

  // The same documents and analysis in base and editorial, except the changed option.
  const auto base = read_json(tmp / "base" / "docpipe.json");
  const auto ed = read_json(tmp / "ed" / "docpipe.json");
  REQUIRE(base["documents"].size() == ed["documents"].size());
  CHECK(base["documents"][0]["metrics"]["claims"] == ed["documents"][0]["metrics"]["claims"]);
  CHECK(base["run"]["pipeline_hash"] != ed["run"]["pipeline_hash"]);
}

TEST_CASE("validate shows the merged project: inherited options kept, changed ones changed") {
  auto r = run_docpipe({"validate", SOURCE_DIR "/configs/projects/editorial.toml"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("target_grade = 10.0"));
  CHECK_THAT(r.out, Contains("max_sentence_words = 35"));
  CHECK_THAT(r.out, Contains("exporter html_report"));
  r = run_docpipe({"validate", SOURCE_DIR "/configs/projects/data-team.toml"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("exporter json") == std::string::npos);
}

TEST_CASE("exporters swapped with --exporter for one run, and console fail_on gating the exit code") {
  TempDir tmp;
  auto r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/base.toml", "-o", tmp.path().string(), "--exporter", "csv"});
  REQUIRE(r.exit_code == 0);
  CHECK(files_in(tmp.path()) == std::vector<std::string>{"documents.csv", "findings.csv"});
  r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/base.toml", "-o", (tmp / "c").string(), "--exporter", "console",
                   "--set", "console.fail_on=warning", "--set", "console.color=never"});
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.out, Contains("examples/late-payments.txt:"));
  CHECK_THAT(r.out, Contains(": warning: "));
  r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/base.toml", "-o", (tmp / "d").string(), "--exporter", "console",
                   "--set", "console.fail_on=never"});
  CHECK(r.exit_code == 0);
}

TEST_CASE("the html report of a real run groups its findings by rule, filters them and escapes the text") {
  TempDir tmp;
  write_file(tmp / "extra.md", "# Notes\n\nSales rose 40% in 2023 after `<script>alert(1)</script>` was removed & "
                               "\"fixed\".\n\nEveryone always agrees that this works.\n");
  write_file(tmp / "p.toml", "inputs = [\"" SOURCE_DIR "/examples\", \"extra.md\"]\nexclude = [\"*/plugins/*\"]\n"
                             "[[analyzers]]\nplugin = \"segment\"\n[[analyzers]]\nplugin = \"readability\"\n"
                             "[[analyzers]]\nplugin = \"claims\"\n[[exporters]]\nplugin = \"json\"\n"
                             "[[exporters]]\nplugin = \"html_report\"\n");
  auto r = run_docpipe({"-q", "run", "p.toml"}, tmp.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto json = read_json(tmp / "out" / "docpipe.json");
  const std::string html = read_file(tmp / "out" / "report.html");
  std::map<std::string, int> by_rule;
  std::size_t findings = 0, readability = 0;
  for (const auto& d : json["documents"])
    for (const auto& f : d["findings"]) {
      ++by_rule[f["rule"].get<std::string>()];
      ++findings;
      readability += f["stage"] == "readability";
    }
  REQUIRE(by_rule.size() >= 3);
  REQUIRE(readability > 0);
  // One group per rule, holding that rule's findings, and a ticked box with its count.
  for (const auto& [rule, n] : by_rule) {
    INFO(rule);
    const auto at = html.find("data-group=\"" + rule + "\"");
    REQUIRE(at != std::string::npos);
    const std::string group = html.substr(at, html.find("</details>", at) - at);
    CHECK_THAT(group, Contains("<span class=\"group-count\">" + std::to_string(n) + (n == 1 ? " finding" : " findings")));
    std::size_t items = 0;
    for (auto p = group.find("<li class=\"group-item\""); p != std::string::npos; p = group.find("<li class=\"group-item\"", p + 1))
      ++items;
    CHECK(items == static_cast<std::size_t>(n));
    CHECK_THAT(html, Contains("name=\"rule\" value=\"" + rule + "\" checked> "));
    CHECK_THAT(html, Contains("<code>" + rule + "</code> (" + std::to_string(n) + ")</label>"));
  }
  for (const char* sev : {"error", "warning", "info"})
    CHECK_THAT(html, Contains(std::string("name=\"severity\" value=\"") + sev + "\" checked>"));
  // Every finding is highlighted once; readability's are quiet until the (unticked) toggle.
  const std::regex mark("<mark [^>]*class=\"finding [^\"]*\"");
  const auto marks = std::distance(std::sregex_iterator(html.begin(), html.end(), mark), std::sregex_iterator());
  CHECK(static_cast<std::size_t>(marks) == findings);
  const std::regex quiet("<mark [^>]*class=\"finding [^\"]*quiet\" data-rule=\"readability/");
  CHECK(static_cast<std::size_t>(std::distance(std::sregex_iterator(html.begin(), html.end(), quiet),
                                               std::sregex_iterator())) == readability);
  CHECK_THAT(html, Contains("<input type=\"checkbox\" id=\"show-quiet\"> Highlight the findings of readability"));
  // The claim's sentence is shown, escaped; nothing of the document is markup.
  CHECK_THAT(html, Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK_THAT(html, Contains("<blockquote class=\"sentence\">"));
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
}
