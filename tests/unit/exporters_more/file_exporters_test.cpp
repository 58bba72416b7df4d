// What every file-writing exporter of this folder promises: nothing is published before finish(),
// an aborted run leaves the previous output byte for byte and no temporary behind, an unwritable
// location is an error naming the path, and calls out of order are refused.
#include <catch2/catch.hpp>

#include "csv_exporter.hpp"
#include "html_exporter.hpp"
#include "markdown_exporter.hpp"
#include "more_test_support.hpp"
#include "sarif_exporter.hpp"
#include "sqlite_exporter.hpp"

using namespace docpipe;
using namespace docpipe::test;
using namespace docpipe::plugins;
using Catch::Matchers::Contains;

namespace {

template <class T>
std::string main_file() {
  if constexpr (std::is_same_v<T, CsvExporter>) return "documents.csv";
  if constexpr (std::is_same_v<T, SqliteExporter>) return "docpipe.sqlite";
  if constexpr (std::is_same_v<T, MarkdownExporter>) return "report.md";
  if constexpr (std::is_same_v<T, SarifExporter>) return "docpipe.sarif";
  return "report.html";
}

}  // namespace

TEMPLATE_TEST_CASE("an aborted run publishes nothing and keeps the previous output", "", CsvExporter, SqliteExporter,
                   MarkdownExporter, SarifExporter, HtmlExporter) {
  TempDir tmp;
  const std::string file = main_file<TestType>();
  SECTION("no previous output") {
    {
      ExporterUnderTest<TestType> e;
      e->begin(make_run(tmp.path()));
      for (const Document& d : golden_corpus()) e->write(d);
    }
    CHECK(list_dir(tmp.path()).empty());
  }
  SECTION("a previous output stays byte for byte") {
    {
      ExporterUnderTest<TestType> e;
      export_all(*e.exporter, tmp.path(), golden_corpus());
    }
    const std::string before = read_file(tmp / file);
    const auto names = list_dir(tmp.path());
    {
      ExporterUnderTest<TestType> e;
      e->begin(make_run(tmp.path()));
      e->write(golden_corpus()[1]);
    }
    CHECK(read_file(tmp / file) == before);
    CHECK(list_dir(tmp.path()) == names);
  }
}

TEMPLATE_TEST_CASE("an unwritable output location is an error naming the path", "", CsvExporter, SqliteExporter,
                   MarkdownExporter, SarifExporter, HtmlExporter) {
  TempDir tmp;
  SECTION("the output directory lies under a regular file") {
    write_file(tmp / "plain", "x");
    const fs::path dir = tmp / "plain" / "sub";
    ExporterUnderTest<TestType> e;
    CHECK_THROWS_WITH(e->begin(make_run(dir)), Contains(dir.string()));
    CHECK(read_file(tmp / "plain") == "x");
  }
  SECTION("the output directory is read-only") {
    if (::geteuid() == 0) {
      SUCCEED("running as root: permission bits are not enforced");
    } else {
      const fs::path dir = tmp / "ro";
      fs::create_directories(dir);
      fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
      ExporterUnderTest<TestType> e;
      CHECK_THROWS_WITH(e->begin(make_run(dir)), Contains(dir.string()));
      fs::permissions(dir, fs::perms::owner_all);
      CHECK(list_dir(dir).empty());
    }
  }
  SECTION("the output file's place is taken by a directory: publishing fails, no temporary is left") {
    const std::string file = main_file<TestType>();
    fs::create_directories(tmp / file / "inside");
    ExporterUnderTest<TestType> e;
    bool threw = false;
    try {
      e->begin(make_run(tmp.path()));
      for (const Document& d : golden_corpus()) e->write(d);
      e->finish({});
    } catch (const Error& error) {
      threw = true;
      CHECK_THAT(error.what(), Contains((tmp / file).string()));
    }
    CHECK(threw);
    e.exporter.reset();
    CHECK(fs::is_directory(tmp / file / "inside"));
    for (const auto& name : list_dir(tmp.path())) CHECK(name.find(".tmp-") == std::string::npos);
  }
}

TEMPLATE_TEST_CASE("calls out of order are refused", "", CsvExporter, SqliteExporter, MarkdownExporter, SarifExporter,
                   HtmlExporter) {
  TempDir tmp;
  ExporterUnderTest<TestType> e;
  CHECK_THROWS_WITH(e->write(golden_corpus()[0]), Contains("before begin()"));
  CHECK_THROWS_WITH(e->finish({}), Contains("before begin()"));
  e->begin(make_run(tmp.path()));
  e->finish({});
  CHECK_THROWS_WITH(e->write(golden_corpus()[0]), Contains("after finish()"));
}

TEMPLATE_TEST_CASE("an empty file option is refused", "", SqliteExporter, MarkdownExporter, SarifExporter,
                   HtmlExporter) {
  CHECK_THROWS_WITH(ExporterUnderTest<TestType>(Object{{"file", ""}}), Contains("'file'"));
}
