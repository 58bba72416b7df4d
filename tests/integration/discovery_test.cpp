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

TEST_CASE("docpipe run FILE.md runs the discovered pipeline over the files named, as vale FILE.md does") {
  TempDir tmp;
  fs::create_directories(tmp / "docs" / "guide");
  write_file(tmp / "docs" / "guide" / "page.md", long_sentence);
  write_file(tmp / "docs" / "guide" / "other.md", long_sentence);
  write_file(tmp / "docs" / "guide" / "third.txt", long_sentence);
  write_file(tmp / "docpipe.toml",
             "inputs = [\"docs\"]\n[[analyzers]]\nplugin = \"segment\"\n[[analyzers]]\nplugin = \"readability\"\n"
             "[[exporters]]\nplugin = \"console\"\noptions = { color = \"never\" }\n");
  const fs::path here = tmp / "docs" / "guide";
  // One document: only it is read, with the project's pipeline.
  auto r = run_docpipe({"run", "page.md"}, here);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("using " + (tmp / "docpipe.toml").string()));
  CHECK_THAT(r.err, Contains("docpipe: 1 document, 0 failed"));
  CHECK_THAT(r.out, Contains("page.md:1:1:"));
  CHECK_THAT(r.out, Contains("[readability/long-sentence]"));
  CHECK_THAT(r.out, !Contains("other.md"));
  // Several, a glob pattern among them; the --options still apply.
  r = run_docpipe({"run", "page.md", "*.txt", "--rule", "readability/long-sentence=error"}, here);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("docpipe: 2 documents, 0 failed"));
  CHECK_THAT(r.out, Contains("third.txt:1:1: error:"));
  CHECK_THAT(r.out, !Contains("other.md"));
  // A folder.
  r = run_docpipe({"run", "."}, here);
  CHECK_THAT(r.err, Contains("docpipe: 3 documents, 0 failed"));
  // baseline takes documents the same way.
  r = run_docpipe({"baseline", "page.md", "-o", (tmp / "b.json").string()}, here);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("wrote a baseline of 1 finding"));

  // Without a project file: the built-in default pipeline over the document only.
  TempDir bare;
  write_file(bare / "notes.md", "# Notes\n\n" + long_sentence);
  write_file(bare / "skipped.md", long_sentence);
  r = run_docpipe({"run", "notes.md"}, bare.path());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("using the built-in default pipeline"));
  CHECK_THAT(r.err, Contains("docpipe: 1 document, 0 failed"));
  CHECK_THAT(r.out, Contains("notes.md:3:1:"));
  CHECK_THAT(r.out, !Contains("skipped.md"));
  CHECK_THAT(r.err, !Contains("syntax error"));
}

TEST_CASE("an argument that is neither a pipeline nor an input, and a missing pipeline, are each said in a sentence") {
  TempDir tmp;
  write_file(tmp / "notes.md", "# Notes\n\nSome text.\n");
  auto r = run_docpipe({"run", "nothere.md"}, tmp.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("nothere.md: no such file or folder; `docpipe run` takes a pipeline file (.toml) or the "
                             "documents, folders or glob patterns to check with the docpipe.toml of this folder or a "
                             "parent (else the built-in default pipeline)"));
  CHECK_THAT(r.err, !Contains("syntax error"));

  r = run_docpipe({"run", "missing.toml"}, tmp.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("missing.toml: pipeline file not found"));
  CHECK_THAT(r.err, !Contains("syntax error"));

  // validate takes only a pipeline: a document there is said to be one.
  r = run_docpipe({"validate", "notes.md"}, tmp.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("notes.md is a document, not a pipeline file (a .toml file): check it with `docpipe run "
                             "notes.md`"));
  CHECK_THAT(r.err, !Contains("syntax error"));

  // A pipeline file without an extension is still read as one; a document without one is an input.
  write_file(tmp / "Pipeline", "inputs = [\"notes.md\"]\n[[analyzers]]\nplugin = \"stats\"\n[[exporters]]\n"
                               "plugin = \"console\"\n");
  r = run_docpipe({"run", "Pipeline"}, tmp.path());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("docpipe: 1 document, 0 failed"));
  write_file(tmp / "README", long_sentence);
  r = run_docpipe({"run", "README"}, tmp.path());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("README:1:1:"));
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
