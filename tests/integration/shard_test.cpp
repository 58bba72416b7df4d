// Sharded runs and their merge, run with the real binary: the merged outputs equal the unsharded
// run's apart from timing fields, and a missing or failed shard is refused by name.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
/// A corpus big enough that every one of 4 shards gets documents, one of which can be made to fail.
void write_corpus(const fs::path& dir) {
  for (int i = 0; i < 24; ++i)
    write_file(dir / "in" / ("doc" + std::to_string(i) + ".txt"),
               "Document number " + std::to_string(i) + " has a short paragraph.\n\nAnd a second one.\n");
  write_file(dir / "p.toml", R"(inputs = ["in"]
[[analyzers]]
plugin = "explode"
[[analyzers]]
plugin = "stats"
[[exporters]]
plugin = "json"
options = { include_text = true, include_annotations = true }
[[exporters]]
plugin = "jsonl"
)");
}

std::vector<std::string> args(const fs::path& dir, const std::vector<std::string>& extra) {
  std::vector<std::string> a = {"--plugin-path", TEST_PLUGIN_DIR, "-q", "run", (dir / "p.toml").string()};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

}  // namespace

TEST_CASE("four shards merged equal the unsharded run") {
  TempDir tmp;
  write_corpus(tmp.path());
  REQUIRE(run_docpipe(args(tmp.path(), {"-o", (tmp / "whole").string()})).exit_code == 0);
  std::set<std::string> seen_ids;
  for (int k = 0; k < 4; ++k) {
    auto r = run_docpipe(args(tmp.path(), {"-o", (tmp / "sharded").string(), "--shard", std::to_string(k) + "/4",
                                           "--jobs", std::to_string(1 + k % 2)}),
                         {}, {}, {"SLURM_ARRAY_TASK_ID=" + std::to_string(k)});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto manifest = read_json(tmp / "sharded" / ("part-" + std::to_string(k) + "-of-4") / "manifest.json");
    CHECK(manifest["shard"] == k);
    CHECK(manifest["shards"] == 4);
    CHECK(manifest["status"] == "completed");
    CHECK(manifest["engine"]["SLURM_ARRAY_TASK_ID"] == std::to_string(k));
    CHECK(manifest["documents"].get<int>() > 0);
    const auto part = read_json(tmp / "sharded" / ("part-" + std::to_string(k) + "-of-4") / "docpipe.json");
    for (const auto& d : part["documents"]) CHECK(seen_ids.insert(d["id"].get<std::string>()).second);  // one shard each
  }
  CHECK(seen_ids.size() == 24);
  auto r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "merge", (tmp / "sharded").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("merged 4 shards: 24 documents"));
  CHECK(normalized(read_json(tmp / "sharded" / "docpipe.json")) == normalized(read_json(tmp / "whole" / "docpipe.json")));
  CHECK(normalized_jsonl(tmp / "sharded" / "docpipe.jsonl") == normalized_jsonl(tmp / "whole" / "docpipe.jsonl"));
}

TEST_CASE("merge refuses a missing or failed shard, naming it, and a rerun replaces only that shard") {
  TempDir tmp;
  write_corpus(tmp.path());
  const auto out = (tmp / "sharded").string();
  for (int k : {0, 2}) REQUIRE(run_docpipe(args(tmp.path(), {"-o", out, "--shard", std::to_string(k) + "/3"})).exit_code == 0);
  auto r = run_docpipe({"merge", out});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("shard 1 of 3 is missing (part-1-of-3); run it with --shard 1/3"));

  // Shard 1 fails: it cannot write its exporter output.
  fs::create_directories(tmp / "sharded" / "part-1-of-3" / "docpipe.json");
  r = run_docpipe(args(tmp.path(), {"-o", out, "--shard", "1/3"}));
  CHECK(r.exit_code == 3);
  CHECK(read_json(tmp / "sharded" / "part-1-of-3" / "manifest.json")["status"] == "failed");
  r = run_docpipe({"merge", out});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("part-1-of-3: the shard failed (status \"failed\"); rerun it with --shard 1/3"));

  // Rerun shard 1 alone; shards 0 and 2 are untouched.
  const auto before = read_file(tmp / "sharded" / "part-0-of-3" / "manifest.json");
  fs::remove_all(tmp / "sharded" / "part-1-of-3");
  REQUIRE(run_docpipe(args(tmp.path(), {"-o", out, "--shard", "1/3"})).exit_code == 0);
  CHECK(read_file(tmp / "sharded" / "part-0-of-3" / "manifest.json") == before);
  r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "merge", out, "-o", (tmp / "merged").string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(read_json(tmp / "merged" / "docpipe.json")["documents"].size() == 24);
}

TEST_CASE("shards of different pipelines are not merged, and --shard is checked") {
  TempDir tmp;
  write_corpus(tmp.path());
  const auto out = (tmp / "sharded").string();
  REQUIRE(run_docpipe(args(tmp.path(), {"-o", out, "--shard", "0/2"})).exit_code == 0);
  REQUIRE(run_docpipe(args(tmp.path(), {"-o", out, "--shard", "1/2", "--set", "explode.trigger=XYZ"})).exit_code == 0);
  auto r = run_docpipe({"merge", out});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("differs from shard 0's"));
  for (const char* bad : {"2/2", "1", "a/b", "0/0"}) {
    r = run_docpipe(args(tmp.path(), {"--shard", bad}));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("expected K/N with 0 <= K < N"));
  }
}
