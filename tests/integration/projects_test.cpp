// The shared base pipeline and the example projects in configs/ produce the files they promise.
#include <catch2/catch.hpp>

#include <filesystem>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
/// The files an exporter wrote in dir, not counting the marker every run leaves (docs/inputs.md).
std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  CHECK(fs::exists(dir / ".docpipe-output"));
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != ".docpipe-output") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("the base pipeline and each project write their own exporters' files") {
  TempDir tmp;
  auto r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/base.toml", "-o", (tmp / "base").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(files_in(tmp / "base") == std::vector<std::string>{"docpipe.json"});

  r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/projects/data-team.toml", "-o", (tmp / "data").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(files_in(tmp / "data") == std::vector<std::string>{"corpus.sqlite", "documents.csv", "findings.csv"});

  r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/projects/editorial.toml", "-o", (tmp / "ed").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(files_in(tmp / "ed") == std::vector<std::string>{"docpipe.json", "report.html", "report.md"});

  // The same documents and analysis in base and editorial, except the changed option.
  const auto base = read_json(tmp / "base" / "docpipe.json");
  const auto ed = read_json(tmp / "ed" / "docpipe.json");
  REQUIRE(base["documents"].size() == ed["documents"].size());
  CHECK(base["documents"][0]["metrics"]["claims"] == ed["documents"][0]["metrics"]["claims"]);
  CHECK(base["run"]["pipeline_hash"] != ed["run"]["pipeline_hash"]);
}

TEST_CASE("validate shows the merged project: inherited options kept, changed ones changed") {
  auto r = run_docpipe({"validate", SOURCE_DIR "/configs/projects/editorial.toml"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("target_grade = 10.0"));
  CHECK_THAT(r.out, Contains("max_sentence_words = 35"));
  CHECK_THAT(r.out, Contains("exporter html_report"));
  r = run_docpipe({"validate", SOURCE_DIR "/configs/projects/data-team.toml"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("exporter json") == std::string::npos);
}

TEST_CASE("exporters swapped with --exporter for one run, and console fail_on gating the exit code") {
  TempDir tmp;
  auto r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/base.toml", "-o", tmp.path().string(), "--exporter", "csv"});
  REQUIRE(r.exit_code == 0);
  CHECK(files_in(tmp.path()) == std::vector<std::string>{"documents.csv", "findings.csv"});
  r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/base.toml", "-o", (tmp / "c").string(), "--exporter", "console",
                   "--set", "console.fail_on=warning", "--set", "console.color=never"});
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.out, Contains("examples/late-payments.txt:"));
  CHECK_THAT(r.out, Contains(": warning: "));
  r = run_docpipe({"-q", "run", SOURCE_DIR "/configs/base.toml", "-o", (tmp / "d").string(), "--exporter", "console",
                   "--set", "console.fail_on=never"});
  CHECK(r.exit_code == 0);
}
