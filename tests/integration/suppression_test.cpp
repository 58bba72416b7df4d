// docpipe-disable / docpipe-enable / docpipe-disable-next-line comments in each reader's format.
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;

namespace {

struct Outcome {
  int long_sentences = 0;
  int unknown_rules = 0;
  std::vector<std::string> unknown_at;  // "line:column" of each docpipe/unknown-rule finding in the JSON export
  std::string err;
  std::string out;
};

Outcome run_on(const std::string& name, const std::string& content) {
  TempDir tmp;
  write_file(tmp / name, content);
  write_file(tmp / "p.toml", "inputs = [\"" + name + "\"]\noutput = \"out\"\n[[analyzers]]\nplugin = \"segment\"\n"
                             "[[analyzers]]\nplugin = \"readability\"\n[[exporters]]\nplugin = \"json\"\n"
                             "[[exporters]]\nplugin = \"console\"\noptions = { excerpt = false }\n");
  auto r = run_docpipe({"run", (tmp / "p.toml").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  Outcome o{0, 0, {}, r.err, r.out};
  const auto run = read_json(tmp / "out" / "docpipe.json");
  for (const auto& f : run["documents"][0]["findings"]) {
    o.long_sentences += f["rule"] == "readability/long-sentence";
    o.unknown_rules += f["rule"] == "docpipe/unknown-rule";
    if (f["rule"] == "docpipe/unknown-rule")
      o.unknown_at.push_back(std::to_string(f.value("line", 0)) + ":" + std::to_string(f.value("column", 0)));
  }
  return o;
}

}  // namespace

TEST_CASE("a docpipe-disable region silences a rule until docpipe-enable, in markdown, html and text") {
  const std::string md = "# T\n\n" + long_sentence + "\n\n<!-- docpipe-disable readability/long-sentence -->\n\n" + long_sentence +
                         "\n\n" + long_sentence + "\n\n<!-- docpipe-enable readability/long-sentence -->\n\n" + long_sentence + "\n";
  auto o = run_on("doc.md", md);
  CHECK(o.long_sentences == 2);
  CHECK_THAT(o.err, Contains("2 findings suppressed by comments"));
  CHECK_THAT(o.out, Contains("2 suppressed"));

  const std::string html = "<html><body><h1>T</h1>\n<p>" + long_sentence + "</p>\n<!-- docpipe-disable -->\n<p>" + long_sentence +
                           "</p>\n<!-- docpipe-enable -->\n<p>" + long_sentence + "</p>\n</body></html>\n";
  o = run_on("doc.html", html);
  CHECK(o.long_sentences == 2);
  CHECK_THAT(o.err, Contains("1 finding suppressed by comments"));

  const std::string text = long_sentence + "\n\ndocpipe-disable readability/long-sentence\n" + long_sentence + "\ndocpipe-enable\n\n" +
                           long_sentence + "\n";
  o = run_on("doc.txt", text);
  CHECK(o.long_sentences == 2);
}

TEST_CASE("docpipe-disable-next-line silences only the line after the comment") {
  const std::string md = "<!-- docpipe-disable-next-line readability/long-sentence -->\n" + long_sentence + "\n\n" + long_sentence + "\n";
  auto o = run_on("doc.md", md);
  CHECK(o.long_sentences == 1);
  const std::string text = "docpipe-disable-next-line readability/long-sentence\n" + long_sentence + "\n\n" + long_sentence + "\n";
  o = run_on("doc.txt", text);
  CHECK(o.long_sentences == 1);
  // A comment naming another rule silences nothing.
  o = run_on("doc.md", "<!-- docpipe-disable-next-line readability/hard-paragraph -->\n" + long_sentence + "\n");
  CHECK(o.long_sentences == 1);
}

TEST_CASE("an unknown rule id in a comment is itself a finding") {
  auto o = run_on("doc.md", "# T\n\n<!-- docpipe-disable readability/long-sentense -->\n\n" + long_sentence + "\n");
  CHECK(o.unknown_rules == 1);
  CHECK(o.long_sentences == 1);
  CHECK_THAT(o.out, Contains("Line 3: the comment names rule 'readability/long-sentense', which this pipeline cannot "
                             "emit"));
  CHECK_THAT(o.out, Contains("[docpipe/unknown-rule]"));
}

TEST_CASE("an unknown rule id's finding is placed at its comment's own line and column, in markdown, html and text") {
  // The comment after curly quotes and a dash (columns count characters), and inside a paragraph.
  auto o = run_on("doc.md", "# T\n\n" + long_sentence + "\n\n\u201cQuoted\u201d \u2014 <!-- docpipe-disable-next-line "
                            "readability/nope -->\nThe next line.\n\n<!-- docpipe-disable hedges/none -->\n\nText.\n");
  CHECK(o.unknown_at == std::vector<std::string>{"5:12", "8:1"});
  CHECK_THAT(o.out, Contains("doc.md:5:12: warning: Line 5: the comment names rule 'readability/nope'"));
  CHECK_THAT(o.out, Contains("doc.md:8:1: warning: Line 8: the comment names rule 'hedges/none'"));

  o = run_on("doc.html", "<html><body><h1>T</h1>\n<p>One.</p>\n  <!-- docpipe-disable readability/nope -->\n<p>" +
                             long_sentence + "</p>\n</body></html>\n");
  CHECK(o.unknown_at == std::vector<std::string>{"3:3"});
  CHECK_THAT(o.out, Contains("doc.html:3:3: warning:"));

  o = run_on("doc.txt", "Intro.\n\ndocpipe-disable readability/nope\n" + long_sentence + "\n");
  CHECK(o.unknown_at == std::vector<std::string>{"3:1"});
}
