// markdown exporter: golden report, escaping, summary columns, atomic publication.
#include <catch2/catch.hpp>

#include "markdown_exporter.hpp"
#include "more_test_support.hpp"

using namespace docpipe;
using namespace docpipe::test;
using docpipe::plugins::MarkdownExporter;
using Catch::Matchers::Contains;

TEST_CASE("markdown escaping keeps table cells in one piece") {
  using plugins::markdown_escape;
  CHECK(markdown_escape("a | b") == "a \\| b");
  CHECK(markdown_escape("*bold* _x_ [l](u) <b>") == "\\*bold\\* \\_x\\_ \\[l\\](u) \\<b\\>");
  CHECK(markdown_escape("two\nlines\\") == "two lines\\\\");
  CHECK(markdown_escape("caf\u00e9 40%") == "caf\u00e9 40%");
}

TEST_CASE("markdown report matches the golden file") {
  TempDir tmp;
  ExporterUnderTest<MarkdownExporter> e;
  export_all(*e.exporter, tmp.path(), golden_corpus());
  const std::string report = read_file(tmp / "report.md");
  CHECK(report == golden("report.md", report));
  // Every table row has the same number of unescaped pipes as its header.
  std::istringstream lines(report);
  std::string line;
  std::size_t header_cells = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') {
      header_cells = 0;
      continue;
    }
    std::size_t cells = 0;
    for (std::size_t i = 0; i < line.size(); ++i) cells += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    if (header_cells == 0) header_cells = cells;
    CHECK(cells == header_cells);
  }
}

TEST_CASE("markdown summary shows only metrics some document has") {
  TempDir tmp;
  ExporterUnderTest<MarkdownExporter> e(Object{{"summary_metrics", Array{"stats.words", "nowhere.x"}}});
  export_all(*e.exporter, tmp.path(), golden_corpus());
  const std::string report = read_file(tmp / "report.md");
  CHECK_THAT(report, Contains("| Info | stats.words |\n"));
  CHECK(report.find("nowhere") == std::string::npos);
  CHECK_THAT(report, Contains("| [alpha.txt](#doc-1) | Alpha, \"quoted\" report | ok | 1 | 1 | 1 | 14 |\n"));
}

