// Which pipeline `docpipe run` uses: the named file, the project's docpipe.toml found from the
// current folder up, or the built-in default; and what it says when the file is wrong or missing.
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("docpipe run without a pipeline finds docpipe.toml in a parent folder") {
  TempDir tmp;
  fs::create_directories(tmp / "docs" / "guide");
  write_file(tmp / "docs" / "guide" / "page.md", long_sentence);
  write_file(tmp / "docpipe.toml",
             "inputs = [\"docs\"]\n[rules]\n\"readability/hard-sentence\" = \"off\"\n[[analyzers]]\nplugin = \"segment\"\n"
             "[[analyzers]]\nplugin = \"readability\"\n[[exporters]]\nplugin = \"console\"\noptions = { color = \"never\" }\n");
  auto r = run_docpipe({"run"}, tmp / "docs" / "guide");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("using " + (tmp / "docpipe.toml").string()));
  CHECK_THAT(r.out, Contains("[readability/long-sentence]"));
  CHECK_THAT(r.out, Contains("page.md:1:1:"));

  // A hidden .docpipe.toml is found the same way; the nearest file wins.
  write_file(tmp / "docs" / ".docpipe.toml",
             "inputs = [\"guide\"]\n[[analyzers]]\nplugin = \"stats\"\n[[exporters]]\nplugin = \"console\"\n");
  r = run_docpipe({"run"}, tmp / "docs" / "guide");
  CHECK_THAT(r.err, Contains("using " + (tmp / "docs" / ".docpipe.toml").string()));
  CHECK_THAT(r.out, !Contains("long-sentence"));

  // validate finds it too.
  r = run_docpipe({"validate"}, tmp / "docs" / "guide");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains(".docpipe.toml"));
}

TEST_CASE("with no project file docpipe run uses the built-in default pipeline on the current folder") {
  TempDir tmp;
  write_file(tmp / "notes.txt", long_sentence);
  auto r = run_docpipe({"run"}, tmp.path());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("using the built-in default pipeline"));
  CHECK_THAT(r.out, Contains("notes.txt:1:1:"));
  CHECK_THAT(r.out, Contains("[readability/long-sentence]"));
  CHECK_FALSE(fs::exists(tmp / "out"));  // it only prints
}

TEST_CASE("a document where the pipeline should be, and a missing pipeline, are each said in a sentence") {
  TempDir tmp;
  write_file(tmp / "notes.md", "# Notes\n\nSome text.\n");
  auto r = run_docpipe({"run", "notes.md"}, tmp.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("notes.md is a document, not a pipeline file: `docpipe run` takes the pipeline (a "
                             ".toml file) first and then the documents, e.g. `docpipe run docpipe.toml notes.md`"));
  CHECK_THAT(r.err, !Contains("syntax error"));

  r = run_docpipe({"run", "missing.toml"}, tmp.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("missing.toml: pipeline file not found"));
  CHECK_THAT(r.err, !Contains("syntax error"));
}

TEST_CASE("docpipe help prints the commands, and docpipe help run the run command's options") {
  auto r = run_docpipe({"help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("baseline"));
  CHECK_THAT(r.out, Contains("validate"));
  r = run_docpipe({"help", "run"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("--baseline"));
  CHECK_THAT(r.out, Contains("--rule"));
  CHECK(run_docpipe({"help", "frobnicate"}).exit_code == 2);
}

namespace {
void readability_project(const TempDir& tmp) {
  write_file(tmp / "docpipe.toml", "inputs = [\".\"]\nexclude = [\"out/*\"]\n[[analyzers]]\nplugin = \"segment\"\n"
                                   "[[analyzers]]\nplugin = \"readability\"\n[[exporters]]\nplugin = \"json\"\n");
}
}  // namespace

TEST_CASE("run --format json and --format sarif write the whole result to standard output") {
  TempDir tmp;
  write_file(tmp / "notes.txt", long_sentence);
  readability_project(tmp);
  auto r = run_docpipe({"run", "--format", "json"}, tmp.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["documents"][0]["findings"][0]["rule"] == "readability/long-sentence");
  r = run_docpipe({"run", "--format", "sarif"}, tmp.path());
  REQUIRE(r.exit_code == 0);
  const auto sarif = nlohmann::json::parse(r.out);
  CHECK(sarif["runs"][0]["results"][0]["ruleId"] == "readability/long-sentence");
  CHECK_FALSE(fs::exists(tmp / "out"));
  CHECK(run_docpipe({"run", "--format", "yaml"}, tmp.path()).exit_code == 2);
}

TEST_CASE("console output shows the line with the trigger underlined and a summary per rule") {
  TempDir tmp;
  write_file(tmp / "notes.txt", "Short one.\n" + long_sentence);
  readability_project(tmp);
  auto r = run_docpipe({"run", "--format", "console"}, tmp.path());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("notes.txt:2:1: warning: Sentence has 47 words (limit 35)"));
  CHECK_THAT(r.out, Contains(" 2 | The team said that the shop on the hill"));
  CHECK_THAT(r.out, Contains("   | ^~~~~~~~~~"));
  CHECK_THAT(r.out, Contains("  readability/long-sentence  1 warning\n"));
  CHECK_THAT(r.out, Contains("0 errors, 1 warning, 0 info in 1 file\n"));
}
