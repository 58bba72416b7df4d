#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "docpipe/error.hpp"
#include "pipeline/inputs.hpp"

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
std::vector<std::string> ids(const std::vector<InputItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.id + (i.error.empty() ? "" : "!"));
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
  CHECK(ids(expand_inputs({(t.root / "corpus").string()}, {"*.md", "*/sub/*"})) ==
        std::vector<std::string>{"corpus/b.txt"});
}
