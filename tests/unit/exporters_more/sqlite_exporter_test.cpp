// sqlite exporter: schema, runs kept across re-runs, atomicity, and the example queries of
// docs/sqlite.md run with the sqlite3 CLI.
#include <catch2/catch.hpp>

#include <regex>

#include "more_test_support.hpp"
#include "sqlite_exporter.hpp"

using namespace docpipe;
using namespace docpipe::test;
using docpipe::plugins::SqliteExporter;
using Catch::Matchers::Contains;

namespace {

std::string sqlite3_cli(const fs::path& db, const std::string& sql) {
  std::string out;
  const int rc = run_command("sqlite3 -bail -separator '|' " + shell_quote(db.string()) + " " + shell_quote(sql) +
                                 " 2>&1",
                             out);
  if (rc != 0) throw std::runtime_error("sqlite3 failed on " + sql + ": " + out);
  return out;
}

// The ```sql blocks of docs/sqlite.md, in order.
std::vector<std::string> documented_queries() {
  const std::string doc = read_file(fs::path(DOCPIPE_SOURCE_DIR) / "docs" / "sqlite.md");
  const std::regex block("```sql\n([^`]*)```");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), block); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

std::vector<Document> second_run_corpus() {
  auto docs = golden_corpus();
  docs.erase(docs.begin() + 2);  // gamma no longer fails (it is gone)
  docs[0].stage_metrics("readability").set("document", Object{{"flesch_kincaid_grade", 9.25}});
  Document extra = located_document("delta.txt", "Plain words only.\n");
  extra.stage_metrics("readability").set("document", Object{{"flesch_kincaid_grade", 3.0}});
  docs.push_back(std::move(extra));
  return docs;
}

}  // namespace

TEST_CASE("sqlite keeps every run and the documented queries answer correctly") {
  TempDir tmp;
  const fs::path db = tmp / "docpipe.sqlite";
  {
    ExporterUnderTest<SqliteExporter> e;
    export_all(*e.exporter, tmp.path(), golden_corpus());
  }
  {
    ExporterUnderTest<SqliteExporter> e;
    export_all(*e.exporter, tmp.path(), second_run_corpus());
  }
  CHECK(list_dir(tmp.path()) == std::vector<std::string>{"docpipe.sqlite"});
  CHECK(sqlite3_cli(db, "PRAGMA user_version;") == "1\n");
  CHECK(sqlite3_cli(db, "SELECT count(*) FROM runs; SELECT count(*) FROM documents;") == "2\n6\n");
  CHECK(sqlite3_cli(db, "PRAGMA foreign_key_check;").empty());

  const auto queries = documented_queries();
  REQUIRE(queries.size() == 3);
  CHECK(sqlite3_cli(db, queries[0]) ==
        "claims/statistical|warning|1\n"
        "hedges/hedge|info|1\n"
        "style/line-break|warning|1\n"
        "style/weasel|error|1\n");
  CHECK(sqlite3_cli(db, queries[1]) == "alpha.txt|9.25\ndelta.txt|3.0\n");
  CHECK(sqlite3_cli(db, queries[2]) ==
        "1|2024-05-01T12:00:00Z|3|1|4\n"
        "2|2024-05-01T12:00:00Z|3|0|4\n");
}

TEST_CASE("sqlite stores values with their types, positions and diagnostics") {
  TempDir tmp;
  const fs::path db = tmp / "docpipe.sqlite";
  ExporterUnderTest<SqliteExporter> e(Object{{"include_annotations", true}});
  auto docs = golden_corpus();
  docs[0].annotate("sentence", {14, 55}, Object{{"words", 8}});
  export_all(*e.exporter, tmp.path(), docs);
  CHECK(sqlite3_cli(db, "SELECT name, typeof(value), value FROM metrics JOIN documents d ON d.id = document_id "
                        "WHERE d.doc_id = 'alpha.txt' ORDER BY stage, name;") ==
        "claims_per_1000_words|real|71.4\n"
        "kinds|text|[\"statistical\",\"causal\"]\n"
        "document.flesch_kincaid_grade|real|7.5\n"
        "document.sentences|integer|2\n"
        "average_word_length|real|4.25\n"
        "words|integer|14\n");
  CHECK(sqlite3_cli(db, "SELECT line, \"column\", span_begin, excerpt, data FROM findings WHERE category = 'weasel';") ==
        "3|27|40|\"clearly\"|{\"evidence\":\"\\\"clearly\\\"\"}\n");
  CHECK(sqlite3_cli(db, "SELECT d.status, g.severity, g.stage, g.message FROM diagnostics g "
                        "JOIN documents d ON d.id = g.document_id;") == "failed|error|text|binary file refused\n");
  CHECK(sqlite3_cli(db, "SELECT type, span_begin, span_end, features FROM annotations;") ==
        "sentence|14|55|{\"words\":8}\n");
  CHECK(sqlite3_cli(db, "SELECT title FROM documents ORDER BY id;") == "Alpha, \"quoted\" report\nCaf\u00e9 na\u00efve\n\n");
}

TEST_CASE("sqlite leaves the previous database intact when a run is aborted") {
  TempDir tmp;
  const fs::path db = tmp / "docpipe.sqlite";
  {
    ExporterUnderTest<SqliteExporter> e;
    export_all(*e.exporter, tmp.path(), golden_corpus());
  }
  const std::string before = read_file(db);
  {
    ExporterUnderTest<SqliteExporter> e;
    e->begin(make_run(tmp.path()));
    e->write(golden_corpus()[0]);
  }
  CHECK(read_file(db) == before);
  CHECK(list_dir(tmp.path()) == std::vector<std::string>{"docpipe.sqlite"});
  CHECK(sqlite3_cli(db, "SELECT count(*) FROM runs;") == "1\n");
}

TEST_CASE("sqlite refuses a file that is not a database, naming it, and keeps it") {
  TempDir tmp;
  write_file(tmp / "docpipe.sqlite", std::string(4096, 'x'));
  ExporterUnderTest<SqliteExporter> e;
  CHECK_THROWS_WITH(e->begin(make_run(tmp.path())), Contains((tmp / "docpipe.sqlite").string()));
  e.exporter.reset();
  CHECK(read_file(tmp / "docpipe.sqlite") == std::string(4096, 'x'));
  CHECK(list_dir(tmp.path()) == std::vector<std::string>{"docpipe.sqlite"});
}

TEST_CASE("sqlite calls out of order are refused") {
  ExporterUnderTest<SqliteExporter> e;
  CHECK_THROWS_WITH(e->write(golden_corpus()[0]), Contains("before begin()"));
  CHECK_THROWS_WITH(e->finish({}), Contains("before begin()"));
}
