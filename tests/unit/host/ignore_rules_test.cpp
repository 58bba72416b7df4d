#include <catch2/catch.hpp>

#include "pipeline/ignore_rules.hpp"

using docpipe::host::IgnoreFile;

namespace {
/// "ignored", "kept" (a negation matched) or "none".
std::string verdict(const IgnoreFile& f, const char* path, bool dir = false) {
  auto m = f.match(path, dir);
  return !m ? "none" : m->ignored ? "ignored" : "kept";
}
}  // namespace

TEST_CASE("gitignore patterns: names at any depth, anchoring, folder-only, negation, last match wins") {
  const IgnoreFile f("x", "# comment\n*.log\n!keep.log\n/top.txt\ndocs/*.md\nbuild/\n\\#lit\n\\!bang\nspace\\ \ntrail   \n");
  CHECK(verdict(f, "a/b/c.log") == "ignored");
  CHECK(verdict(f, "a/keep.log") == "kept");
  CHECK(verdict(f, "top.txt") == "ignored");
  CHECK(verdict(f, "a/top.txt") == "none");          // a leading '/' anchors to the file's folder
  CHECK(verdict(f, "docs/a.md") == "ignored");
  CHECK(verdict(f, "x/docs/a.md") == "none");        // a middle '/' anchors too
  CHECK(verdict(f, "docs/sub/a.md") == "none");      // '*' does not cross '/'
  CHECK(verdict(f, "a/build", true) == "ignored");
  CHECK(verdict(f, "a/build", false) == "none");     // "build/" is for folders only
  CHECK(verdict(f, "#lit") == "ignored");
  CHECK(verdict(f, "!bang") == "ignored");
  CHECK(verdict(f, "space ") == "ignored");
  CHECK(verdict(f, "trail") == "ignored");
  CHECK(f.match("top.txt", false)->line == 4);
}

TEST_CASE("gitignore patterns: ** before, between and after folders") {
  const IgnoreFile f("x", "**/cache\na/**/z.txt\nlogs/**\n");
  CHECK(verdict(f, "cache", true) == "ignored");
  CHECK(verdict(f, "p/q/cache", true) == "ignored");
  CHECK(verdict(f, "a/z.txt") == "ignored");
  CHECK(verdict(f, "a/b/c/z.txt") == "ignored");
  CHECK(verdict(f, "b/a/z.txt") == "none");
  CHECK(verdict(f, "logs/x/y.txt") == "ignored");
  CHECK(verdict(f, "logs", true) == "none");  // "logs/**" is what is inside logs, not logs itself
}
