#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "docpipe/atomic_file.hpp"
#include "docpipe/error.hpp"

namespace fs = std::filesystem;
using docpipe::AtomicFile;
using Catch::Matchers::Contains;

namespace {

// A fresh directory per test, removed afterwards (even when a check fails).
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "docpipe-atomic-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::size_t entries_in(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("AtomicFile: commit publishes the content under the final name", "[atomic_file]") {
  TempDir dir;
  const std::string target = dir.file("out.json");
  std::string temp;
  {
    AtomicFile f(target);
    temp = f.temp_path();
    CHECK(f.path() == target);
    CHECK(temp != target);
    CHECK(temp.rfind(target + ".tmp-", 0) == 0);  // beside the target, so rename stays on one filesystem
    f.write("{\"a\": ");
    f.write("");
    f.write("1}\n");
    CHECK(fs::exists(temp));
    CHECK_FALSE(fs::exists(target));  // nothing visible before commit
    f.commit();
    CHECK(fs::exists(target));
    CHECK_FALSE(fs::exists(temp));
  }
  CHECK(slurp(target) == "{\"a\": 1}\n");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("AtomicFile: commit replaces an existing file", "[atomic_file]") {
  TempDir dir;
  const std::string target = dir.file("report.txt");
  spit(target, "old content that is longer than the new one");
  AtomicFile f(target);
  f.write("new");
  CHECK(slurp(target) == "old content that is longer than the new one");
  f.commit();
  CHECK(slurp(target) == "new");
}

TEST_CASE("AtomicFile: destruction without commit removes the temp and keeps the previous file",
          "[atomic_file]") {
  TempDir dir;
  const std::string target = dir.file("docpipe.json");
  spit(target, "previous run");
  std::string temp;
  {
    AtomicFile f(target);
    temp = f.temp_path();
    f.write("half-written output of an aborted run");
    REQUIRE(fs::exists(temp));
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK(slurp(target) == "previous run");
  CHECK(entries_in(dir.path()) == 1);

  SECTION("and leaves nothing when there was no previous file") {
    const std::string fresh = dir.file("never.json");
    { AtomicFile f(fresh); }
    CHECK_FALSE(fs::exists(fresh));
    CHECK(entries_in(dir.path()) == 1);
  }
}

TEST_CASE("AtomicFile: write after commit throws, a second commit does nothing", "[atomic_file][errors]") {
  TempDir dir;
  const std::string target = dir.file("a.txt");
  AtomicFile f(target);
  f.write("x");
  f.commit();
  CHECK_THROWS_AS(f.write("y"), docpipe::Error);
  CHECK_THROWS_WITH(f.write("y"), Contains(target));
  CHECK_NOTHROW(f.commit());
  CHECK(slurp(target) == "x");
}

TEST_CASE("AtomicFile: two files for one path get distinct temporaries", "[atomic_file]") {
  TempDir dir;
  const std::string target = dir.file("same.txt");
  AtomicFile a(target);
  AtomicFile b(target);
  CHECK(a.temp_path() != b.temp_path());
  a.write("a");
  b.write("b");
  a.commit();
  b.commit();
  CHECK(slurp(target) == "b");
}

TEST_CASE("AtomicFile: a directory that cannot be written throws naming the path", "[atomic_file][errors]") {
  TempDir dir;
  SECTION("directory does not exist") {
    const std::string target = dir.file("missing-dir/out.json");
    CHECK_THROWS_AS(AtomicFile(target), docpipe::Error);
    CHECK_THROWS_WITH(AtomicFile(target), Contains(target) && Contains("No such file"));
  }
  SECTION("a path component is a regular file") {
    spit(dir.file("plain"), "x");
    const std::string target = dir.file("plain/out.json");
    CHECK_THROWS_WITH(AtomicFile(target), Contains(target) && Contains("Not a directory"));
  }
  SECTION("directory without write permission") {
    // root ignores permission bits, so this case only means something for other users.
    if (::geteuid() == 0) {
      SUCCEED("running as root: permission bits are not enforced");
    } else {
      const fs::path ro = dir.path() / "read-only";
      fs::create_directory(ro);
      fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
      const std::string target = (ro / "out.json").string();
      CHECK_THROWS_WITH(AtomicFile(target), Contains(target) && Contains("Permission denied"));
      fs::permissions(ro, fs::perms::owner_all);
    }
  }
  CHECK(entries_in(dir.path()) <= 1);  // no stray temporaries
}

TEST_CASE("join_path", "[atomic_file]") {
  CHECK(docpipe::join_path("", "a.json") == "a.json");
  CHECK(docpipe::join_path("out", "a.json") == "out/a.json");
  CHECK(docpipe::join_path("out/", "a.json") == "out/a.json");
  CHECK(docpipe::join_path("/", "a.json") == "/a.json");
  CHECK(docpipe::join_path("out/default", "sub/a.json") == "out/default/sub/a.json");
}
