// csv exporter: RFC 4180 output read back by python3's csv module, golden files, columns, BOM,
// atomic publication.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "csv_exporter.hpp"
#include "more_test_support.hpp"

using namespace docpipe;
using namespace docpipe::test;
using docpipe::plugins::CsvExporter;
using Catch::Matchers::Contains;

namespace {

// python3's csv module is the independent RFC 4180 reader; it hands the rows back as JSON.
nlohmann::json parse_with_python(const fs::path& file) {
  const std::string script =
      "import csv, json, sys\n"
      "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
      "    print(json.dumps(list(csv.reader(f, strict=True))))\n";
  std::string out;
  const int rc = run_command("python3 -c " + shell_quote(script) + " " + shell_quote(file.string()), out);
  if (rc != 0) throw std::runtime_error("python3 could not parse " + file.string());
  return nlohmann::json::parse(out);
}

}  // namespace

TEST_CASE("csv fields are quoted as RFC 4180 asks") {
  using plugins::csv_record;
  CHECK(csv_record({"a", "b"}) == "a,b\r\n");
  CHECK(csv_record({"a,b", "say \"hi\"", "two\nlines", "cr\r", ""}) ==
        "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n");
  CHECK(csv_record({" padded ", "caf\u00e9"}) == "\" padded \",caf\u00e9\r\n");
}

TEST_CASE("csv output reads back with python's csv module, field for field") {
  TempDir tmp;
  ExporterUnderTest<CsvExporter> e;
  const auto docs = golden_corpus();
  export_all(*e.exporter, tmp.path(), docs);

  const auto documents = parse_with_python(tmp / "documents.csv");
  REQUIRE(documents.size() == 4);
  CHECK(documents[0] == nlohmann::json({"id", "path", "title", "status", "stats.words", "stats.average_word_length",
                                        "readability.document.flesch_kincaid_grade", "readability.document.sentences",
                                        "claims.claims_per_1000_words", "claims.kinds"}));
  CHECK(documents[1] == nlohmann::json({"alpha.txt", "corpus/alpha.txt", "Alpha, \"quoted\" report", "ok", "14",
                                        "4.25", "7.5", "2", "71.4", "[\"statistical\",\"causal\"]"}));
  // Missing metrics are empty cells, not shifted columns.
  CHECK(documents[2] == nlohmann::json({"b\u00e9ta.md", "corpus/b\u00e9ta.md", "Caf\u00e9 na\u00efve", "ok", "6",
                                        "4.0", "", "", "", ""}));
  CHECK(documents[3] == nlohmann::json({"gamma.txt", "corpus/gamma.txt", "", "failed", "", "", "", "", "", ""}));

  const auto findings = parse_with_python(tmp / "findings.csv");
  REQUIRE(findings.size() == 5);
  CHECK(findings[0] == nlohmann::json({"document", "rule", "stage", "category", "severity", "score", "line", "column",
                                       "offset", "message", "excerpt"}));
  CHECK(findings[1] == nlohmann::json({"alpha.txt", "claims/statistical", "claims", "statistical", "warning", "0.8", "3", "1", "14",
                                       "statistic without a source", "Sales rose 40%"}));
  CHECK(findings[3] == nlohmann::json({"alpha.txt", "style/weasel", "style", "weasel", "error", "0.9", "3", "27", "40",
                                       "unsupported \"clearly\"", "\"clearly\""}));
  // The message keeps its line break; the excerpt is flattened to one line. Column 5: "\u00c9t\u00e9 " is 4 characters.
  CHECK(findings[4] == nlohmann::json({"b\u00e9ta.md", "style/line-break", "style", "line-break", "warning", "0.5",
                                       "3", "5", "22", "sentence spans\nlines", "chaud, line"}));
}

TEST_CASE("csv output matches the golden files") {
  TempDir tmp;
  ExporterUnderTest<CsvExporter> e;
  export_all(*e.exporter, tmp.path(), golden_corpus());
  CHECK(read_file(tmp / "documents.csv") == golden("documents.csv", read_file(tmp / "documents.csv")));
  CHECK(read_file(tmp / "findings.csv") == golden("findings.csv", read_file(tmp / "findings.csv")));
}

TEST_CASE("csv bom option and file names") {
  TempDir tmp;
  ExporterUnderTest<CsvExporter> e(Object{{"bom", true}, {"documents_file", "t/docs.csv"}, {"excerpt_bytes", 4}});
  export_all(*e.exporter, tmp.path(), golden_corpus());
  const std::string docs = read_file(tmp / "t" / "docs.csv");
  CHECK(docs.rfind("\xEF\xBB\xBFid,path,", 0) == 0);
  CHECK(read_file(tmp / "findings.csv").rfind("\xEF\xBB\xBF" "document,", 0) == 0);
  // Excerpts are cut on a character boundary with an ellipsis.
  CHECK_THAT(read_file(tmp / "findings.csv"), Contains(",Sale\u2026\r\n"));
  CHECK_THROWS_WITH(ExporterUnderTest<CsvExporter>(Object{{"findings_file", ""}}), Contains("'findings_file'"));
}

TEST_CASE("csv publishes nothing before finish and keeps previous files when aborted") {
  TempDir tmp;
  write_file(tmp / "documents.csv", "old\n");
  {
    ExporterUnderTest<CsvExporter> e;
    e->begin(make_run(tmp.path()));
    e->write(golden_corpus()[0]);
  }
  CHECK(read_file(tmp / "documents.csv") == "old\n");
  CHECK(list_dir(tmp.path()) == std::vector<std::string>{"documents.csv"});
  ExporterUnderTest<CsvExporter> e;
  CHECK_THROWS_WITH(e->write(golden_corpus()[0]), Contains("before begin()"));
}
