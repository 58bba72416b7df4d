// console exporter: compiler-style lines, colour switch, the fail_on gate.
#include <catch2/catch.hpp>

#include "console_exporter.hpp"
#include "more_test_support.hpp"

using namespace docpipe;
using namespace docpipe::test;
using docpipe::plugins::ConsoleExporter;
using Catch::Matchers::Contains;

namespace {

struct Console {
  explicit Console(const Object& overrides = {})
      : options(options_with_defaults(ConsoleExporter::option_specs(), overrides)),
        context{"console", options, log},
        file(std::tmpfile()),
        exporter(context, file) {}
  ~Console() { std::fclose(file); }
  std::string output() {
    std::fflush(file);
    std::rewind(file);
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file)) > 0) out.append(buf, n);
    return out;
  }
  Options options;
  TestLogger log;
  StageContext context;
  std::FILE* file;
  ConsoleExporter exporter;
};

}  // namespace

TEST_CASE("console prints compiler-style lines that match the golden file") {
  TempDir tmp;
  Console c;
  export_all(c.exporter, tmp.path(), golden_corpus());
  const std::string out = c.output();
  CHECK(out == golden("console.txt", out));
  CHECK_THAT(out, Contains("corpus/alpha.txt:3:1: warning: statistic without a source [claims/statistical]\n"));
  CHECK_THAT(out, Contains("corpus/gamma.txt: error: binary file refused [text]\n"));
  CHECK(out.find('\x1b') == std::string::npos);  // a temporary file is not a terminal
  CHECK_FALSE(c.exporter.gate_failed());
  CHECK(list_dir(tmp.path()).empty());  // nothing written to the output directory
}

TEST_CASE("console lines are in source order and fall back to byte offsets") {
  Console c;
  Document doc;
  doc.id = doc.source_uri = "page.pdf";
  doc.text = "first second";
  doc.findings.push_back({.stage = "s", .category = "b", .severity = Severity::info, .message = "later", .span = {6, 12}});
  doc.findings.push_back({.stage = "s", .category = "a", .severity = Severity::info, .message = "earlier", .span = {0, 5}});
  c.exporter.begin(make_run("."));
  c.exporter.write(doc);
  c.exporter.finish({});
  CHECK(c.output() ==
        "page.pdf:@0: info: earlier [s/a]\n  | first second\n  | ^~~~~\n"
        "page.pdf:@6: info: later [s/b]\n  | first second\n  |       ^~~~~~\n"
        "  s/a  1 info\n  s/b  1 info\n0 errors, 0 warnings, 2 info in 1 file\n");
}

TEST_CASE("console colours when asked") {
  Console c(Object{{"color", "always"}});
  export_all(c.exporter, ".", golden_corpus());
  CHECK_THAT(c.output(), Contains("\x1b[1;31merror:\x1b[0m"));
  CHECK_THROWS_WITH(Console(Object{{"color", "sometimes"}}), Contains("'color'"));
}

TEST_CASE("console fail_on gates on the worst finding, only after finish") {
  SECTION("error threshold reached") {
    Console c(Object{{"fail_on", "error"}});
    c.exporter.begin(make_run("."));
    for (const Document& d : golden_corpus()) c.exporter.write(d);
    CHECK_FALSE(c.exporter.gate_failed());
    c.exporter.finish({});
    CHECK(c.exporter.gate_failed());
  }
  SECTION("error threshold not reached by warnings") {
    Console c(Object{{"fail_on", "error"}});
    auto docs = golden_corpus();
    docs.erase(docs.begin());  // alpha holds the only error
    export_all(c.exporter, ".", docs);
    CHECK_FALSE(c.exporter.gate_failed());
  }
  SECTION("warning threshold") {
    Console c(Object{{"fail_on", "warning"}});
    auto docs = golden_corpus();
    docs.erase(docs.begin());
    export_all(c.exporter, ".", docs);
    CHECK(c.exporter.gate_failed());
  }
  SECTION("min_severity hides lines but the gate still counts them") {
    Console c(Object{{"fail_on", "error"}, {"min_severity", "error"}});
    export_all(c.exporter, ".", golden_corpus());
    const std::string out = c.output();
    CHECK(out.find("warning:") == std::string::npos);
    CHECK_THAT(out, Contains("1 error, 2 warnings, 1 info in 1 file; 1 document failed"));
    CHECK(c.exporter.gate_failed());
  }
}
