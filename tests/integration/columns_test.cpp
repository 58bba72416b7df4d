// Columns are counted in characters (code points) in every output a person or a tool reads.
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;

namespace {

// Curly quotes, an em dash and an emoji (4 bytes) before the statistic: 24 characters, 33 bytes.
const std::string kLine = "\xE2\x80\x9CQuotes\xE2\x80\x9D \xE2\x80\x94 and \xF0\x9F\x8E\x89 emoji. Sales rose 40% last year.";

nlohmann::json statistical(const nlohmann::json& run) {
  for (const auto& f : run["documents"][0]["findings"])
    if (f["rule"] == "claims/statistical") return f;
  return {};
}

void check_columns(const std::string& name, const std::string& content, int column) {
  TempDir tmp;
  write_file(tmp / name, content);
  write_file(tmp / "p.toml",
             "inputs = [\"" + name + "\"]\noutput = \"out\"\n[[analyzers]]\nplugin = \"segment\"\n"
             "[[analyzers]]\nplugin = \"claims\"\n[[exporters]]\nplugin = \"json\"\n[[exporters]]\nplugin = \"csv\"\n"
             "[[exporters]]\nplugin = \"sarif\"\n[[exporters]]\nplugin = \"markdown_report\"\n"
             "[[exporters]]\nplugin = \"html_report\"\n[[exporters]]\nplugin = \"console\"\n");
  auto r = run_docpipe({"run", (tmp / "p.toml").string()});
  INFO(name << "\n" << r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const std::string at = ":2:" + std::to_string(column);
  CHECK_THAT(r.out, Contains(name + at + ": warning:"));
  const auto f = statistical(read_json(tmp / "out" / "docpipe.json"));
  CHECK(f["line"] == 2);
  CHECK(f["column"] == column);
  CHECK_THAT(read_file(tmp / "out" / "findings.csv"), Contains(",2," + std::to_string(column) + ","));
  const auto sarif = read_json(tmp / "out" / "docpipe.sarif");
  CHECK(sarif["runs"][0]["columnKind"] == "unicodeCodePoints");
  bool found = false;
  for (const auto& res : sarif["runs"][0]["results"]) {
    if (res["ruleId"] != "claims/statistical") continue;
    found = true;
    const auto& region = res["locations"][0]["physicalLocation"]["region"];
    CHECK(region["startColumn"] == column);
    CHECK(region["endColumn"] == column + 25);  // "Sales rose 40% last year." is 25 characters
  }
  CHECK(found);
  CHECK_THAT(read_file(tmp / "out" / "report.md"), Contains("2" + at.substr(2)));
  CHECK_THAT(read_file(tmp / "out" / "report.html"), Contains("2" + at.substr(2)));
}

}  // namespace

TEST_CASE("columns count characters after curly quotes, dashes and emoji in text, markdown and html") {
  check_columns("doc.txt", "First line.\n" + kLine + "\n", 25);
  check_columns("doc.md", "# Title\n" + kLine + "\n", 25);
  check_columns("doc.html", "<html><body><h1>Title</h1>\n<p>" + kLine + "</p></body></html>\n", 28);
}
