// What both JSON exporters promise about their output file: where it goes, that it appears only
// after finish(), and how failures to write are reported.
#include <catch2/catch.hpp>

#include "docpipe/error.hpp"
#include "exporter_test_support.hpp"
#include "json_exporter.hpp"
#include "jsonl_exporter.hpp"
#include "output_file.hpp"

using namespace docpipe;
using namespace docpipe::test;
using Catch::Matchers::Contains;
using docpipe::plugins::JsonExporter;
using docpipe::plugins::JsonlExporter;
using docpipe::plugins::OrderedJson;

namespace {

template <class T>
std::string default_file() {
  return std::is_same_v<T, JsonExporter> ? "docpipe.json" : "docpipe.jsonl";
}

}  // namespace

TEMPLATE_TEST_CASE("an exporter destroyed without finish leaves no file and keeps the previous one", "", JsonExporter,
                   JsonlExporter) {
  TempDir tmp;
  const std::string file = default_file<TestType>();

  SECTION("no previous output") {
    {
      ExporterUnderTest<TestType> e;
      e->begin(make_run(tmp.path()));
      e->write(make_document("a.txt"));
    }
    CHECK(list_dir(tmp.path()).empty());
  }
  SECTION("a previous output stays byte for byte") {
    write_file(tmp / file, "previous output\n");
    {
      ExporterUnderTest<TestType> e;
      e->begin(make_run(tmp.path()));
      e->write(make_document("a.txt"));
      e->write(make_document("b.txt"));
    }
    CHECK(read_file(tmp / file) == "previous output\n");
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{file});
  }
  SECTION("finish replaces the previous output") {
    write_file(tmp / file, "previous output\n");
    ExporterUnderTest<TestType> e;
    e->begin(make_run(tmp.path()));
    e->write(make_document("a.txt"));
    e->finish({});
    CHECK(read_file(tmp / file).find("\"a.txt\"") != std::string::npos);
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{file});
  }
}

TEMPLATE_TEST_CASE("a missing output directory is created, nested ones included", "", JsonExporter, JsonlExporter) {
  TempDir tmp;
  ExporterUnderTest<TestType> e(Object{{"file", "reports/today/out.json"}});
  e->begin(make_run(tmp / "a" / "b"));
  e->write(make_document("a.txt"));
  e->finish({});
  CHECK(fs::is_regular_file(tmp / "a" / "b" / "reports" / "today" / "out.json"));
}

TEMPLATE_TEST_CASE("an unwritable output location is an error naming the path", "", JsonExporter, JsonlExporter) {
  TempDir tmp;
  const std::string file = default_file<TestType>();

  SECTION("the output directory lies under a regular file") {
    write_file(tmp / "plain", "x");
    const fs::path dir = tmp / "plain" / "sub";
    ExporterUnderTest<TestType> e;
    CHECK_THROWS_WITH(e->begin(make_run(dir)), Contains((dir / file).string()));
    CHECK(read_file(tmp / "plain") == "x");
  }
  SECTION("the output directory is read-only") {
    // root ignores permission bits, so this case only means something for other users.
    if (::geteuid() == 0) {
      SUCCEED("running as root: permission bits are not enforced");
    } else {
      const fs::path dir = tmp / "ro";
      fs::create_directories(dir);
      fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
      ExporterUnderTest<TestType> e;
      CHECK_THROWS_WITH(e->begin(make_run(dir)), Contains((dir / file).string()));
      fs::permissions(dir, fs::perms::owner_all);
      CHECK(list_dir(dir).empty());
    }
  }
  SECTION("the output file's place is taken by a directory: publishing fails") {
    fs::create_directories(tmp / file / "inside");
    ExporterUnderTest<TestType> e;
    e->begin(make_run(tmp.path()));
    e->write(make_document("a.txt"));
    CHECK_THROWS_WITH(e->finish({}), Contains((tmp / file).string()));
    CHECK(fs::is_directory(tmp / file / "inside"));
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{file});  // no temporary left behind
  }
}

TEMPLATE_TEST_CASE("calls out of order and an empty file option are refused", "", JsonExporter, JsonlExporter) {
  TempDir tmp;
  {
    ExporterUnderTest<TestType> e;
    CHECK_THROWS_AS(e->write(make_document("a.txt")), Error);
    CHECK_THROWS_AS(e->finish({}), Error);
    e->begin(make_run(tmp.path()));
    e->finish({});
    CHECK_THROWS_WITH(e->write(make_document("a.txt")), Contains("after finish()"));
  }
  CHECK_THROWS_WITH(ExporterUnderTest<TestType>(Object{{"file", ""}}), Contains("'file'"));
}

TEMPLATE_TEST_CASE("an absolute file option ignores the output directory", "", JsonExporter, JsonlExporter) {
  TempDir tmp;
  const fs::path target = tmp / "elsewhere" / "run.out";
  ExporterUnderTest<TestType> e(Object{{"file", target.string()}});
  e->begin(make_run(tmp / "out"));
  e->finish({});
  CHECK(fs::is_regular_file(target));
  CHECK_FALSE(fs::exists(tmp / "out"));
}

TEST_CASE("output_path joins relative names to the output directory") {
  RunInfo run;
  run.output_dir = "out/dir";
  CHECK(plugins::output_path(run, "x.json") == "out/dir/x.json");
  CHECK(plugins::output_path(run, "/abs/x.json") == "/abs/x.json");
  run.output_dir = "";
  CHECK(plugins::output_path(run, "x.json") == "x.json");
}
