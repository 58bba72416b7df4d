// Full runs of the real binary: outputs, ordering, determinism across --jobs, bad documents.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
const nlohmann::json* find_doc(const nlohmann::json& run, const std::string& id) {
  for (const auto& d : run["documents"])
    if (d["id"] == id) return &d;
  return nullptr;
}
}  // namespace

TEST_CASE("a full run matches the golden output") {
  TempDir tmp;
  auto r = run_docpipe({"run", FIXTURES_DIR "/basic.toml", "--output", tmp.path().string(), "--jobs", "2"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("3 documents, 0 failed"));
  const auto actual = normalized(read_json(tmp / "docpipe.json"));
  const fs::path golden = FIXTURES_DIR "/golden/basic.json";
  if (std::getenv("DOCPIPE_UPDATE_GOLDEN")) write_file(golden, actual.dump(2) + "\n");
  REQUIRE(fs::exists(golden));
  CHECK(actual == read_json(golden));
}

TEST_CASE("documents arrive in input order and the output is identical for --jobs 1 and 4") {
  TempDir a, b;
  REQUIRE(run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", a.path().string(), "--jobs", "1"}).exit_code == 0);
  REQUIRE(run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", b.path().string(), "--jobs", "4"}).exit_code == 0);
  const auto ja = normalized(read_json(a / "docpipe.json"));
  CHECK(ja == normalized(read_json(b / "docpipe.json")));
  std::vector<std::string> ids;
  for (const auto& d : ja["documents"]) ids.push_back(d["id"]);
  CHECK(ids == std::vector<std::string>{"corpus/alpha.txt", "corpus/beta.txt", "corpus/sub/gamma.txt"});
  // JSON Lines: header, one line per document, summary.
  const std::string lines = read_file(a / "docpipe.jsonl");
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 5);
}

TEST_CASE("the json export carries schema version, provenance and stats") {
  TempDir tmp;
  REQUIRE(run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", tmp.path().string()}).exit_code == 0);
  const auto j = read_json(tmp / "docpipe.json");
  CHECK(j["schema_version"] == "1");
  CHECK(j["run"]["docpipe_version"] == "0.1.0");
  CHECK(j["run"]["pipeline_hash"].get<std::string>().size() == 16);
  bool has_stats = false;
  for (const auto& s : j["run"]["stages"]) has_stats = has_stats || s["plugin"] == "stats";
  CHECK(has_stats);
  const auto* beta = find_doc(j, "corpus/beta.txt");
  REQUIRE(beta);
  CHECK((*beta)["metrics"]["stats"]["list_items"] == 3);
  CHECK((*beta)["status"] == "ok");
}

TEST_CASE("inputs on the command line replace the file's, and stdin is read with -") {
  TempDir tmp;
  write_file(tmp / "one.txt", "Just one short document here.\n");
  auto r = run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", (tmp / "out").string(), (tmp / "one.txt").string()});
  REQUIRE(r.exit_code == 0);
  auto j = read_json(tmp / "out" / "docpipe.json");
  REQUIRE(j["documents"].size() == 1);
  CHECK(j["documents"][0]["id"] == "one.txt");

  r = run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", (tmp / "out2").string(), "-"}, {},
              "Text that arrives on standard input.\n");
  REQUIRE(r.exit_code == 0);
  j = read_json(tmp / "out2" / "docpipe.json");
  REQUIRE(j["documents"].size() == 1);
  CHECK(j["documents"][0]["id"] == "-");
  CHECK(j["documents"][0]["metrics"]["stats"]["words"] == 6);
}

TEST_CASE("bad documents are reported by name and the run goes on") {
  TempDir tmp;
  write_file(tmp / "in" / "good.txt", "A perfectly ordinary paragraph of text.\n");
  write_file(tmp / "in" / "binary.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16));
  write_file(tmp / "in" / "latin1.txt", "Caf\xe9 au lait, na\xefve.\n");
  write_file(tmp / "in" / "empty.txt", "");
  auto r = run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", (tmp / "out").string(), (tmp / "in").string(),
                    (tmp / "missing.txt").string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("binary"));
  CHECK_THAT(r.err, Contains("missing.txt"));
  CHECK_THAT(r.err, Contains("5 documents, 2 failed"));
  const auto j = read_json(tmp / "out" / "docpipe.json");
  REQUIRE(j["documents"].size() == 5);
  CHECK((*find_doc(j, "in/good.txt"))["status"] == "ok");
  CHECK((*find_doc(j, "in/binary.txt"))["status"] == "failed");
  CHECK((*find_doc(j, "missing.txt"))["status"] == "failed");
  CHECK_THAT((*find_doc(j, "missing.txt"))["diagnostics"][0]["message"].get<std::string>(),
             Contains("no such file or directory"));
  // Invalid UTF-8 is repaired with a warning that names the byte offset, not a failure.
  const auto& latin1 = *find_doc(j, "in/latin1.txt");
  CHECK(latin1["status"] == "ok");
  CHECK_THAT(latin1["diagnostics"].dump(), Contains("offset 3"));
  CHECK((*find_doc(j, "in/empty.txt"))["status"] == "ok");
}

TEST_CASE("a throwing analyzer fails only its document, naming the stage") {
  TempDir tmp;
  write_file(tmp / "p.toml", R"(inputs = ["in"]
[[analyzers]]
plugin = "explode"
[[analyzers]]
plugin = "stats"
[[exporters]]
plugin = "json"
)");
  write_file(tmp / "in" / "a.txt", "Calm text.\n");
  write_file(tmp / "in" / "b.txt", "This one goes BOOM today.\n");
  write_file(tmp / "in" / "c.txt", "More calm text.\n");
  for (const char* std_exception : {"false", "true"}) {
    auto r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "run", (tmp / "p.toml").string(), "-o",
                      (tmp / "out").string(), "--set", std::string("explode.std_exception=") + std_exception});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const auto j = read_json(tmp / "out" / "docpipe.json");
    REQUIRE(j["documents"].size() == 3);
    const auto& b = *find_doc(j, "in/b.txt");
    CHECK(b["status"] == "failed");
    CHECK(b["diagnostics"].back()["stage"] == "explode");
    CHECK_THAT(b["diagnostics"].back()["message"].get<std::string>(), Contains("stage 'explode' failed"));
    // Later stages did not run on the failed document; the others went through every stage.
    CHECK_FALSE(b["metrics"].contains("stats"));
    CHECK((*find_doc(j, "in/c.txt"))["metrics"]["stats"]["words"] == 3);
  }
}

TEST_CASE("on_error = fail stops the run and leaves the previous output intact") {
  TempDir tmp;
  write_file(tmp / "p.toml", R"(inputs = ["in"]
on_error = "fail"
[[analyzers]]
plugin = "explode"
[[exporters]]
plugin = "json"
)");
  write_file(tmp / "in" / "a.txt", "Calm text.\n");
  write_file(tmp / "in" / "b.txt", "BOOM\n");
  write_file(tmp / "out" / "docpipe.json", "previous output\n");
  auto r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "run", (tmp / "p.toml").string(), "-o", (tmp / "out").string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("on_error = \"fail\""));
  CHECK(read_file(tmp / "out" / "docpipe.json") == "previous output\n");
  // No temporary file is left behind; the folder is marked as docpipe's.
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(tmp / "out")) files.insert(e.path().filename().string());
  CHECK(files == std::set<std::string>{".docpipe-output", "docpipe.json"});
}

TEST_CASE("an unwritable output directory is reported with its path and exit code 3") {
  if (geteuid() == 0) {
    // root ignores directory permissions; use a path under a regular file instead.
    TempDir tmp;
    write_file(tmp / "file", "x");
    auto r = run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", (tmp / "file" / "sub").string()});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains((tmp / "file" / "sub").string()));
    return;
  }
  TempDir tmp;
  fs::create_directories(tmp / "ro");
  fs::permissions(tmp / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  auto r = run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", (tmp / "ro").string()});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Contains((tmp / "ro").string()));
}

TEST_CASE("an exporter that cannot publish its file fails the run with exit 3, naming the path") {
  TempDir tmp;
  // A directory where the output file should go: the final rename must fail.
  fs::create_directories(tmp / "out" / "docpipe.json");
  auto r = run_docpipe({"run", FIXTURES_DIR "/basic.toml", "-o", (tmp / "out").string()});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Contains((tmp / "out" / "docpipe.json").string()));
  CHECK(fs::is_directory(tmp / "out" / "docpipe.json"));
}
