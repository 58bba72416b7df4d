#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "docpipe/error.hpp"
#include "pipeline/inputs.hpp"
#include "pipeline/output_marker.hpp"

using namespace docpipe::host;
namespace fs = std::filesystem;

namespace {
struct Tree {
  // Unique per process and object: ctest runs test cases in parallel processes.
  fs::path root = fs::temp_directory_path() /
                  ("docpipe-inputs-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
  static int& counter() {
    static int n = 0;
    return n;
  }
  Tree() {
    for (const char* f : {"corpus/b.txt", "corpus/a.md", "corpus/sub/c.txt", "corpus/.hidden/x.txt", "corpus/.y.txt",
                          "other/a.md"}) {
      fs::create_directories((root / f).parent_path());
      std::ofstream(root / f) << f;
    }
  }
  ~Tree() { fs::remove_all(root); }
};
std::vector<std::string> ids(const InputList& list) {
  std::vector<std::string> out;
  for (const auto& i : list.items) out.push_back(i.id + (i.error.empty() ? "" : "!"));
  return out;
}
}  // namespace

TEST_CASE("directories are walked in sorted order, hidden entries skipped, ids independent of the cwd") {
  Tree t;
  CHECK(ids(expand_inputs({(t.root / "corpus").string()})) ==
        std::vector<std::string>{"corpus/a.md", "corpus/b.txt", "corpus/sub/c.txt"});
  CHECK(ids(expand_inputs({(t.root / "corpus/").string()})) ==
        std::vector<std::string>{"corpus/a.md", "corpus/b.txt", "corpus/sub/c.txt"});
}

TEST_CASE("globs, files, stdin, missing paths and colliding ids") {
  Tree t;
  CHECK(ids(expand_inputs({(t.root / "corpus/*.txt").string()})) == std::vector<std::string>{"corpus/b.txt"});
  // Ids are relative to the pattern's fixed part, prefixed with that directory's name.
  const std::string root_name = t.root.filename().string();
  CHECK(ids(expand_inputs({(t.root / "*/a.md").string()})) ==
        std::vector<std::string>{root_name + "/corpus/a.md", root_name + "/other/a.md"});
  const auto items = expand_inputs({(t.root / "corpus/a.md").string(), (t.root / "other/a.md").string(), "-",
                                    (t.root / "nope.txt").string(), (t.root / "*.none").string()});
  CHECK(ids(items) == std::vector<std::string>{"a.md", "a.md#2", "-", "nope.txt!", (t.root / "*.none").string() + "!"});
}

TEST_CASE("read_input refuses files over the limit before reading and names missing files") {
  Tree t;
  CHECK(read_input((t.root / "corpus/b.txt").string(), 100) == "corpus/b.txt");
  CHECK_THROWS_WITH(read_input((t.root / "corpus/b.txt").string(), 5), Catch::Contains("over max_bytes (5)"));
  CHECK_THROWS_WITH(read_input((t.root / "nope").string(), 5), Catch::Contains("nope: cannot open"));
  CHECK_THROWS_WITH(read_input((t.root / "corpus").string(), 5), Catch::Contains("not a regular file"));
}

TEST_CASE("media types from extension and content") {
  CHECK(extension_of("a/b.TXT") == "txt");
  CHECK(extension_of("a.d/b") == "");
  CHECK(sniff_media_type("x", "%PDF-1.7\n") == "application/pdf");
  CHECK(sniff_media_type("x", "PK\x03\x04rest") ==
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(sniff_media_type("x", "  <!DOCTYPE html><html>") == "text/html");
  CHECK(sniff_media_type("x", "plain words") == "text/plain");
}

TEST_CASE("exclude patterns drop files by id") {
  Tree t;
  CHECK(ids(expand_inputs({(t.root / "corpus").string()}, {.excludes = {"*.md", "*/sub/*"}})) ==
        std::vector<std::string>{"corpus/b.txt"});
}

TEST_CASE("folders holding docpipe outputs, this run's output folder and temporaries are skipped at any depth") {
  Tree t;
  const fs::path deep = t.root / "corpus/sub/deeper/results";
  fs::create_directories(deep);
  docpipe::host::write_output_marker(deep.string(), "hash");
  std::ofstream(deep / "docpipe.json") << "{}";
  const fs::path part = t.root / "corpus/part-3-of-4";
  fs::create_directories(part);
  std::ofstream(part / "manifest.json") << R"({"shard": 3, "shards": 4, "pipeline_hash": "x", "exporters": []})";
  std::ofstream(part / "documents.jsonl") << "{}\n";
  const fs::path own = t.root / "corpus/mine";
  fs::create_directories(own);
  std::ofstream(own / "report.md") << "not marked yet";
  std::ofstream(t.root / "corpus/b.txt.tmp-123-0") << "half written";
  std::ofstream(t.root / "corpus/notes.tmp-draft") << "an ordinary name";
  const InputList list = expand_inputs({(t.root / "corpus").string()}, {.output_dirs = {own.string()}});
  CHECK(ids(list) == std::vector<std::string>{"corpus/a.md", "corpus/b.txt", "corpus/notes.tmp-draft", "corpus/sub/c.txt"});
  std::vector<std::string> why;
  for (const auto& s : list.skipped)
    why.push_back(fs::path(s.path).lexically_relative(t.root).string() + " " + std::string(to_string(s.reason)) + " " +
                  s.detail);
  CHECK(why == std::vector<std::string>{
                   "corpus/.hidden hidden its name starts with '.'",
                   "corpus/.y.txt hidden its name starts with '.'",
                   "corpus/b.txt.tmp-123-0 temporary file an unfinished output file",
                   "corpus/mine output folder this run's output folder",
                   "corpus/part-3-of-4 output folder holds docpipe outputs (manifest.json)",
                   "corpus/sub/deeper/results output folder holds docpipe outputs (.docpipe-output)"});
}

TEST_CASE("walked files no reader claims are skipped, named files are kept for the run to report") {
  Tree t;
  WalkOptions w;
  w.claim = [](const std::string& path) { return extension_of(path) == "md" ? std::string("markdown") : std::string(); };
  const InputList list = expand_inputs({(t.root / "corpus").string(), (t.root / "corpus/b.txt").string()}, w);
  CHECK(ids(list) == std::vector<std::string>{"corpus/a.md", "b.txt"});
  CHECK(list.items[0].reader == "markdown");
  CHECK(std::count_if(list.skipped.begin(), list.skipped.end(),
                      [](const SkippedInput& s) { return s.reason == SkipReason::no_reader; }) == 2);
}
