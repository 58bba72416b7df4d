// Exporters write inside the output directory: absolute paths and ".." are refused before any
// document is read (unless allow_outside_output = true), and two exporters may not share a file.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
Result run_in(const TempDir& tmp, const std::string& toml, const std::vector<std::string>& extra = {}) {
  write_file(tmp / "in" / "a.txt", "Some text.\n");
  write_file(tmp / "p.toml", toml);
  std::vector<std::string> args = {"run", (tmp / "p.toml").string(), "-o", (tmp / "out").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_docpipe(args);
}
}  // namespace

TEST_CASE("an exporter file climbing out of the output directory is refused with its position") {
  TempDir tmp;
  write_file(tmp / "victim.json", "keep me");
  auto r = run_in(tmp, "inputs = [\"in\"]\n[[exporters]]\nplugin = \"json\"\noptions = { file = \"../victim.json\" }\n");
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains((tmp / "p.toml").string() + ":4:20: option 'file' of stage 'json' must be a path inside "
                             "the output directory, got \"../victim.json\""));
  CHECK_THAT(r.err, Contains("allow_outside_output = true"));
  CHECK(read_file(tmp / "victim.json") == "keep me");
}

TEST_CASE("absolute exporter files are refused from --set too, for every file-writing exporter") {
  TempDir tmp;
  for (const std::string& set : std::vector<std::string>{"json.file=" + (tmp / "abs.json").string(), "jsonl.file=/tmp/x.jsonl",
                                "csv.documents_file=../d.csv", "csv.findings_file=a/../../f.csv",
                                "sqlite.file=/tmp/x.sqlite", "sarif.file=../s.sarif"}) {
    const std::string plugin = set.substr(0, set.find('.'));
    auto r = run_in(tmp, "inputs = [\"in\"]\n[[exporters]]\nplugin = \"" + plugin + "\"\n", {"--set", set});
    INFO(set << "\n" << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("command line: option '"));
    CHECK_THAT(r.err, Contains("must be a path inside the output directory"));
  }
  CHECK_FALSE(fs::exists(tmp / "abs.json"));
}

TEST_CASE("allow_outside_output = true lets an exporter write outside the output directory") {
  TempDir tmp;
  auto r = run_in(tmp, "allow_outside_output = true\ninputs = [\"in\"]\n[[exporters]]\nplugin = \"json\"\n"
                       "options = { file = \"../beside.json\" }\n");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(tmp / "beside.json"));
}

TEST_CASE("two exporters writing one file are refused by validate and run") {
  TempDir tmp;
  const std::string toml = "inputs = [\"in\"]\n[[exporters]]\nplugin = \"json\"\noptions = { file = \"r.json\" }\n"
                           "[[exporters]]\nplugin = \"jsonl\"\noptions = { file = \"./r.json\" }\n";
  auto r = run_in(tmp, toml);
  CHECK(r.exit_code == 2);
  auto v = run_docpipe({"validate", (tmp / "p.toml").string()});
  INFO(v.err);
  CHECK(v.exit_code == 2);
  CHECK_THAT(v.err, Contains((tmp / "p.toml").string() + ":7:20: option 'file' of stage 'jsonl' writes \"r.json\", "
                             "which json.file writes too"));
  // The same exporter twice with its default file is the same clash.
  write_file(tmp / "q.toml", "inputs = [\"in\"]\n[[exporters]]\nplugin = \"csv\"\n[[exporters]]\nplugin = \"csv\"\n"
                             "id = \"csv2\"\n");
  auto q = run_docpipe({"validate", (tmp / "q.toml").string()});
  INFO(q.err);
  CHECK(q.exit_code == 2);
  CHECK_THAT(q.err, Contains("writes \"documents.csv\", which csv.documents_file writes too"));
}

namespace {
std::string sqlite_count(const fs::path& db, const std::string& sql) {
  TempDir io;
  const std::string cmd = "sqlite3 -bail '" + db.string() + "' \"" + sql + "\" >'" + (io / "out").string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  return (rc == 0 ? "" : "sqlite3 failed: ") + read_file(io / "out");
}
}  // namespace

TEST_CASE("two docpipe runs writing one SQLite database at once both land, and a locked database is waited for") {
  // Before, each run copied the database, wrote its copy and renamed it over the original: of two
  // runs at once, the last rename won and the other run's rows were lost (both exited 0).
  TempDir tmp;
  for (int i = 0; i < 30; ++i)
    write_file(tmp / "in" / ("doc" + std::to_string(i) + ".txt"), "Document " + std::to_string(i) + " has a few words.\n");
  const fs::path db = tmp / "shared.sqlite";
  for (const std::string name : {"one", "two"})
    write_file(tmp / (name + ".toml"), "allow_outside_output = true\ninputs = [\"in\"]\noutput = \"out-" + name +
                                           "\"\n[[analyzers]]\nplugin = \"stats\"\n[[exporters]]\nplugin = \"sqlite\"\n"
                                           "options = { file = \"" + db.string() + "\" }\n");
  constexpr int kRounds = 3;
  for (int round = 0; round < kRounds; ++round) {
    Result one, two;
    std::thread a([&] { one = run_docpipe({"run", (tmp / "one.toml").string()}); });
    std::thread b([&] { two = run_docpipe({"run", (tmp / "two.toml").string()}); });
    a.join();
    b.join();
    INFO(one.err << two.err);
    CHECK(one.exit_code == 0);
    CHECK(two.exit_code == 0);
  }
  CHECK(sqlite_count(db, "SELECT count(*) FROM runs; SELECT count(*) FROM documents; "
                         "SELECT count(DISTINCT run_id) FROM documents;") == "6\n180\n6\n");
  CHECK(sqlite_count(db, "PRAGMA foreign_key_check;").empty());

  // Another writer holds the database for 2 s: the run waits (busy timeout, BEGIN IMMEDIATE) and lands.
  std::thread holder([&] {
    std::system(("sqlite3 '" + db.string() + "' 'BEGIN IMMEDIATE;' '.shell sleep 2' 'COMMIT;' >/dev/null 2>&1").c_str());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const Result waited = run_docpipe({"run", (tmp / "one.toml").string()});
  holder.join();
  INFO(waited.err);
  CHECK(waited.exit_code == 0);
  CHECK(sqlite_count(db, "SELECT count(*) FROM runs; SELECT count(*) FROM documents;") == "7\n210\n");
}

TEST_CASE("a second run into an output folder in use says who holds it and exits 3, or waits with --wait") {
  // Before, two runs into one folder both wrote there and could leave a mix of both outputs.
  TempDir tmp;
  write_file(tmp / "in" / "a.txt", "Some text.\n");
  write_file(tmp / "p.toml", "inputs = [\"in\"]\noutput = \"out\"\n[[exporters]]\nplugin = \"json\"\n");
  const fs::path lock = tmp / "out" / ".docpipe-lock";
  // The first run reads standard input, kept open for 3 s: it holds the folder meanwhile.
  std::thread first([&] {
    std::system(("cd '" + tmp.path().string() + "' && sleep 3 | env -u DOCPIPE_PLUGIN_PATH '" DOCPIPE_BIN
                 "' run p.toml - >first.out 2>first.err; echo $? >first.rc")
                    .c_str());
  });
  for (int i = 0; i < 100 && read_file(lock).find("started ") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string holder = read_file(lock);
  INFO(holder);
  REQUIRE(holder.find("pid ") == 0);
  const std::string pid = holder.substr(4, holder.find('\n') - 4);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);

  const Result refused = run_docpipe({"run", (tmp / "p.toml").string()});
  INFO(refused.err);
  CHECK(refused.exit_code == 3);
  CHECK_THAT(refused.err, Contains("is in use by another run: PID " + pid + " on host " + std::string(host) +
                                   ", started 20"));
  CHECK_THAT(refused.err, Contains("--wait"));

  const auto t0 = std::chrono::steady_clock::now();
  const Result waited = run_docpipe({"run", (tmp / "p.toml").string(), "--wait"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  first.join();
  INFO(waited.err << read_file(tmp / "first.err"));
  CHECK(read_file(tmp / "first.rc") == "0\n");
  CHECK(waited.exit_code == 0);
  CHECK_THAT(waited.err, Contains("waiting for it to finish"));
  CHECK(seconds > 1.0);
  CHECK(read_json(tmp / "out" / "docpipe.json")["documents"].size() == 1);  // the waiting run's, not a mix
  CHECK_FALSE(fs::exists(lock));  // removed by the run that held it last
}

TEST_CASE("the lock left in an output folder by a run that died is taken over") {
  TempDir tmp;
  write_file(tmp / "in" / "a.txt", "Some text.\n");
  write_file(tmp / "p.toml", "inputs = [\"in\"]\noutput = \"out\"\n[[exporters]]\nplugin = \"json\"\n");
  // What a run killed with -9 leaves: the file, with nobody holding the lock on it.
  write_file(tmp / "out" / ".docpipe-lock", "pid 999999999\nhost elsewhere\nstarted 2026-01-01T00:00:00Z\ncommand docpipe run p.toml\n");
  const Result r = run_docpipe({"run", (tmp / "p.toml").string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("took over the lock on " + (tmp / "out").string() +
                             " from a run that no longer runs (PID 999999999 on host elsewhere"));
  CHECK(fs::exists(tmp / "out" / "docpipe.json"));
  CHECK_FALSE(fs::exists(tmp / "out" / ".docpipe-lock"));
}

TEST_CASE("temporaries left in the output folder by a dead run are removed by the next run, those of a live process stay") {
  // Before, the temporaries of a run killed with -9 (437 MB in one probe) stayed for good.
  TempDir tmp;
  write_file(tmp / "in" / "a.txt", "Some text.\n");
  write_file(tmp / "p.toml", "inputs = [\"in\"]\noutput = \"out\"\n[[exporters]]\nplugin = \"json\"\n");
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  REQUIRE(child > 0);
  ::waitpid(child, nullptr, 0);  // a PID that no longer runs
  const std::string dead = std::to_string(child), live = std::to_string(::getpid());
  const fs::path dead_top = tmp / "out" / ("docpipe.json.tmp-" + dead + "-0");
  const fs::path dead_below = tmp / "out" / "reports" / ("docpipe.sqlite.tmp-" + dead + "-3");
  const fs::path live_one = tmp / "out" / ("docpipe.jsonl.tmp-" + live + "-1");
  const fs::path not_ours = tmp / "out" / "notes.tmp-x-1";
  for (const auto& p : {dead_top, dead_below, live_one, not_ours}) write_file(p, std::string(1000, 'x'));
  const Result r = run_docpipe({"run", (tmp / "p.toml").string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("removed 2 temporary files (0.0 MB) left in " + (tmp / "out").string() +
                             " by runs that no longer run"));
  CHECK_FALSE(fs::exists(dead_top));
  CHECK_FALSE(fs::exists(dead_below));
  CHECK(fs::exists(live_one));
  CHECK(fs::exists(not_ours));
  CHECK(fs::exists(tmp / "out" / "docpipe.json"));
}

TEST_CASE("a closed stdout does not kill the run: console output into head -1, and the json file is still written") {
  // Before, SIGPIPE killed the run (exit 141) before the json exporter had written its file.
  TempDir tmp;
  std::string text = "# Report\n\n";
  for (int i = 0; i < 2000; ++i) text += long_sentence + "\n\n";  // a long-sentence finding each: ~1 MB of console output
  write_file(tmp / "in" / "doc.md", text);
  write_file(tmp / "p.toml", "inputs = [\"in\"]\noutput = \"out\"\n[[analyzers]]\nplugin = \"segment\"\n"
                             "[[analyzers]]\nplugin = \"readability\"\n[[exporters]]\nplugin = \"json\"\n");
  const std::string cmd = "cd '" + tmp.path().string() + "' && bash -c 'env -u DOCPIPE_PLUGIN_PATH \"" DOCPIPE_BIN
                          "\" run p.toml --exporter console --exporter json 2>err | head -1 >head.out; "
                          "echo ${PIPESTATUS[0]} >rc'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  INFO(read_file(tmp / "err"));
  CHECK(read_file(tmp / "rc") == "0\n");
  CHECK_THAT(read_file(tmp / "head.out"), Contains("doc.md:"));
  REQUIRE(fs::exists(tmp / "out" / "docpipe.json"));
  CHECK(read_json(tmp / "out" / "docpipe.json")["documents"].size() == 1);
}

TEST_CASE("a newline or control character in a file name cannot forge a line on stderr") {
  TempDir tmp;
  // The name carries what would read as docpipe's own summary line; the file fails, so its name
  // is in a warning.
  const std::string forged = "a\ndocpipe: 99 documents, 0 failed\x1b[2K.txt";
  write_file(tmp / "in" / forged, std::string("\0\0\0binary", 9));
  write_file(tmp / "p.toml", "inputs = [\"in\"]\noutput = \"out\"\n[[exporters]]\nplugin = \"json\"\n");
  const Result r = run_docpipe({"run", (tmp / "p.toml").string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("a\\ndocpipe: 99 documents, 0 failed\\x1b[2K.txt"));
  CHECK(r.err.find("\ndocpipe: 99 documents") == std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
}
