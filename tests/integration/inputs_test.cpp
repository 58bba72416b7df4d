// What a run reads, through the real binary: never its own or another run's outputs, ignore files
// as git applies them (checked against `git check-ignore` on the same tree), --list-inputs, and
// unreadable folders reported.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
const char* pipeline = R"([[analyzers]]
plugin = "stats"
[[exporters]]
plugin = "json"
options = { include_text = true, include_annotations = true }
[[exporters]]
plugin = "jsonl"
)";

void write_corpus(const fs::path& dir) {
  for (int i = 0; i < 12; ++i)
    write_file(dir / ("sub" + std::to_string(i % 3)) / ("doc" + std::to_string(i) + ".md"),
               "# Note " + std::to_string(i) + "\n\nA paragraph of plain words for document " + std::to_string(i) +
                   ".\n");
  write_file(dir / "top.txt", "A text file at the top of the corpus.\n");
}

std::vector<std::string> run_args(const fs::path& p, const std::vector<std::string>& extra) {
  std::vector<std::string> a = {"run", p.string()};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

/// Runs a shell command in dir and returns its standard output.
std::string shell(const fs::path& dir, const std::string& command) {
  const std::string full = "cd '" + dir.string() + "' && " + command;
  std::FILE* p = ::popen(full.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

/// The paths --list-inputs prints as read, relative to root.
std::set<std::string> listed(const std::string& out, const fs::path& root) {
  std::set<std::string> paths;
  for (const auto& line : lines(out)) {
    const auto tab = line.find('\t');
    if (line.find("\tskipped: ") != std::string::npos) continue;
    paths.insert(fs::path(line.substr(0, tab)).lexically_relative(root).generic_string());
  }
  return paths;
}

/// A tree exercising gitignore(5): nesting, negation, anchoring, folder-only patterns, "**", escapes.
void write_ignore_tree(const fs::path& root, const std::string& ignore_name) {
  for (const char* f : {"README.md", "notes.txt", "build.log", "keep.log", "#hash.txt", "docs/a.md", "docs/b.txt",
                        "docs/draft/x.md", "docs/draft/keep.md", "docs/deeper/b.txt", "src/gen/out.txt",
                        "src/main.txt", "src/trace.log", "src/deep/x/y/z.txt", "src/deep/x/y/z.md",
                        "data/raw/r.txt", "data/raw/keep/k.txt", "build/b.txt", "nested/build/c.txt",
                        "nested/build/d.txt", "tmpdir/t.txt", "logs/2024/a.log", "gen"})
    write_file(root / f, std::string("content of ") + f + "\n");
  write_file(root / ignore_name, "# top level\n*.log\n!keep.log\n/build/\ntmpdir\ndata/raw/*\n!data/raw/keep/\n"
                                 "**/y/*.txt\n\\#hash.txt\n");
  write_file(root / "docs" / ignore_name, "draft/\n!draft/keep.md\n/b.txt\n");
  write_file(root / "src" / ignore_name, "/gen/\n!*.log\n");
  write_file(root / "nested" / ignore_name, "build/*\n!build/c.txt\n");
}

std::set<std::string> all_files(const fs::path& root) {
  std::set<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().filename().string()[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) out.insert(it->path().lexically_relative(root).generic_string());
  }
  return out;
}

/// The files of root that `git check-ignore` does not report.
std::set<std::string> git_kept(const fs::path& root) {
  const std::set<std::string> files = all_files(root);
  std::string list;
  for (const auto& f : files) list += f + "\n";
  write_file(root / ".git" / "paths-to-check", list);
  std::set<std::string> kept = files;
  for (const auto& ignored : lines(shell(root, "git check-ignore --stdin < .git/paths-to-check"))) kept.erase(ignored);
  return kept;
}
}  // namespace

TEST_CASE("three runs over a folder holding their own output read the same files and write the same outputs") {
  TempDir tmp;
  write_corpus(tmp / "corpus");
  write_file(tmp / "p.toml", pipeline);
  std::string first_json, first_jsonl;
  for (int run = 0; run < 3; ++run) {
    auto r = run_docpipe(run_args(tmp / "p.toml", {"corpus", "-o", "corpus/out", "--jobs", "2"}), tmp.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("13 documents, 0 failed"));
    if (run > 0) CHECK_THAT(r.err, Contains("1 output folder"));
    const std::string json = normalized(read_json(tmp / "corpus/out/docpipe.json")).dump();
    const std::string jsonl = normalized_jsonl(tmp / "corpus/out/docpipe.jsonl");
    if (run == 0) {
      first_json = json;
      first_jsonl = jsonl;
    }
    CHECK(json == first_json);
    CHECK(jsonl == first_jsonl);
  }
  // The marker is what is recognised: a renamed output folder is still skipped by another run...
  fs::rename(tmp / "corpus/out", tmp / "corpus/renamed");
  auto r = run_docpipe(run_args(tmp / "p.toml", {"corpus", "-o", (tmp / "elsewhere").string(), "-v"}), tmp.path());
  CHECK_THAT(r.err, Contains("13 documents"));
  CHECK_THAT(r.err, Contains("corpus/renamed/: skipped: output folder: holds docpipe outputs (.docpipe-output)"));
  // ...and a file of that name written by someone else is an ordinary file.
  write_file(tmp / "corpus/sub0/.docpipe-output", "not a marker\n");
  write_file(tmp / "corpus/sub0/manifest.json", "{\"name\": \"not a shard\"}\n");
  r = run_docpipe(run_args(tmp / "p.toml", {"corpus", "-o", (tmp / "elsewhere").string()}), tmp.path());
  CHECK_THAT(r.err, Contains("14 documents"));  // manifest.json is read; .docpipe-output is hidden
}

TEST_CASE("a sharded run with its output inside the corpus, merged, equals an unsharded run") {
  TempDir tmp;
  write_corpus(tmp / "corpus");
  write_file(tmp / "p.toml", pipeline);
  REQUIRE(run_docpipe(run_args(tmp / "p.toml", {"corpus", "-o", "corpus/whole"}), tmp.path()).exit_code == 0);
  std::uint64_t documents = 0;
  for (int k = 0; k < 3; ++k) {
    auto r = run_docpipe(run_args(tmp / "p.toml", {"corpus", "-o", "corpus/sharded", "--shard", std::to_string(k) + "/3"}),
                         tmp.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    documents += read_json(tmp / "corpus/sharded" / ("part-" + std::to_string(k) + "-of-3") / "manifest.json")["documents"]
                     .get<std::uint64_t>();
  }
  CHECK(documents == 13);
  auto r = run_docpipe({"merge", (tmp / "corpus/sharded").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(normalized(read_json(tmp / "corpus/sharded/docpipe.json")) ==
        normalized(read_json(tmp / "corpus/whole/docpipe.json")));
  CHECK(normalized_jsonl(tmp / "corpus/sharded/docpipe.jsonl") == normalized_jsonl(tmp / "corpus/whole/docpipe.jsonl"));
  // The merged folder is marked too, so the next run skips it and still reads 13 documents.
  r = run_docpipe(run_args(tmp / "p.toml", {"corpus", "-o", "corpus/whole"}), tmp.path());
  CHECK_THAT(r.err, Contains("13 documents, 0 failed"));
}

TEST_CASE("ignore files at several depths with negations select the files git check-ignore keeps") {
  TempDir tmp;
  write_file(tmp / "p.toml", pipeline);
  const fs::path repo = tmp / "repo";
  write_ignore_tree(repo, ".gitignore");
  REQUIRE(std::system(("git init -q '" + repo.string() + "'").c_str()) == 0);
  const std::set<std::string> expected = git_kept(repo);
  REQUIRE(expected.size() < all_files(repo).size());
  CHECK(expected.count("keep.log") == 1);             // negation
  CHECK(expected.count("nested/build/c.txt") == 1);   // negation below a folder's contents
  CHECK(expected.count("docs/draft/keep.md") == 0);   // cannot re-include inside an excluded folder

  auto r = run_docpipe(run_args(tmp / "p.toml", {repo.string(), "--list-inputs", "-v"}));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(listed(r.out, repo) == expected);
  // Each skip names the same file and line git names.
  std::string skipped;
  for (const auto& line : lines(r.out))
    if (line.find("skipped: ignore file: ") != std::string::npos)
      skipped += fs::path(line.substr(0, line.find('\t'))).lexically_relative(repo).generic_string() + "\n";
  write_file(repo / ".git" / "skipped", skipped);
  for (const auto& line : lines(shell(repo, "git check-ignore -v --stdin < .git/skipped"))) {
    // "<source>:<line>:<pattern>\t<path>"
    const std::string source = line.substr(0, line.find(':', line.find(':') + 1));
    CHECK_THAT(r.out, Contains((repo / source).string()));
  }

  // The same patterns as .docpipeignore (and .ignore) outside any git work tree select the same files.
  for (const char* name : {".docpipeignore", ".ignore"}) {
    const fs::path plain = tmp / (std::string("plain") + name);
    write_ignore_tree(plain, name);
    r = run_docpipe(run_args(tmp / "p.toml", {plain.string(), "--list-inputs"}));
    CHECK(listed(r.out, plain) == expected);
  }
  // Outside git, .gitignore means nothing; --no-ignore turns every ignore file off.
  const fs::path no_git = tmp / "nogit";
  write_ignore_tree(no_git, ".gitignore");
  CHECK(listed(run_docpipe(run_args(tmp / "p.toml", {no_git.string(), "--list-inputs"})).out, no_git) ==
        all_files(no_git));
  CHECK(listed(run_docpipe(run_args(tmp / "p.toml", {repo.string(), "--list-inputs", "--no-ignore"})).out, repo) ==
        all_files(repo));
}

TEST_CASE("a folder named as an input is read even when an ignore file above it excludes it") {
  // make bench generates its corpus under build/, which the project's .gitignore lists.
  TempDir tmp;
  write_file(tmp / "p.toml", pipeline);
  const fs::path repo = tmp / "repo";
  write_file(repo / ".gitignore", "build/\n*.log\n");
  write_file(repo / "build/corpus/a.md", "# A\n\nwords\n");
  write_file(repo / "build/corpus/sub/b.md", "# B\n\nwords\n");
  write_file(repo / "build/corpus/c.log", "words\n");            // the pattern outside no longer applies
  write_file(repo / "build/corpus/.ignore", "sub/\n");            // the folder's own ignore file does
  write_file(repo / "build/other.md", "# Other\n\nwords\n");
  REQUIRE(std::system(("git init -q '" + repo.string() + "'").c_str()) == 0);
  auto r = run_docpipe(run_args(tmp / "p.toml", {(repo / "build/corpus").string(), "--list-inputs"}));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(listed(r.out, repo / "build/corpus") == std::set<std::string>{"a.md", "c.log"});
  // Walked from the top of the repository, the folder stays excluded.
  r = run_docpipe(run_args(tmp / "p.toml", {repo.string(), "--list-inputs"}));
  CHECK(listed(r.out, repo).count("build/corpus/a.md") == 0);
}

TEST_CASE(".docpipeignore overrides .gitignore, and a run's summary counts what was skipped") {
  TempDir tmp;
  write_file(tmp / "p.toml", pipeline);
  const fs::path repo = tmp / "repo";
  write_file(repo / "a.md", "# A\n\nwords\n");
  write_file(repo / "generated.md", "# Generated\n\nwords\n");
  write_file(repo / "draft.md", "# Draft\n\nwords\n");
  write_file(repo / ".gitignore", "generated.md\n");
  write_file(repo / ".docpipeignore", "!generated.md\ndraft.md\n");
  REQUIRE(std::system(("git init -q '" + repo.string() + "'").c_str()) == 0);
  auto r = run_docpipe(run_args(tmp / "p.toml", {repo.string(), "-o", (tmp / "out").string()}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("2 documents, 0 failed"));
  CHECK_THAT(r.err, Contains("skipped 4 (3 hidden, 1 ignore file)"));  // .git, .gitignore, .docpipeignore
}

TEST_CASE("list-inputs names each file's reader and, with -v, every skip and its reason, and validate counts inputs") {
  TempDir tmp;
  const fs::path c = tmp / "mixed";
  write_file(c / "a.md", "# A\n\nwords\n");
  write_file(c / "b.html", "<html><body><p>words</p></body></html>\n");
  write_file(c / "c.txt", "words\n");
  write_file(c / "page", "<!DOCTYPE html><html><body><p>sniffed</p></body></html>\n");
  write_file(c / "big.txt", std::string(4096, 'x'));
  write_file(c / "part.json.tmp-4242-7", "{");
  write_file(c / ".cache/x.txt", "hidden\n");
  write_file(c / ".docpipeignore", "skip-me.txt\n");
  write_file(c / "skip-me.txt", "ignored\n");
  write_file(tmp / "p.toml", std::string("inputs = [\"mixed\"]\nmax_bytes = 1000\n") + pipeline);
  auto r = run_docpipe(run_args(tmp / "p.toml", {"--list-inputs"}), tmp.path());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const std::string m = c.string();  // inputs in the pipeline file are relative to it
  CHECK(lines(r.out) == std::vector<std::string>{m + "/a.md\tmarkdown", m + "/b.html\thtml", m + "/c.txt\ttext",
                                                   m + "/page\thtml"});
  CHECK_THAT(r.err, Contains("docpipe: 4 inputs; skipped 5 (2 hidden, 1 ignore file, 1 temporary file, 1 too large)"));
  r = run_docpipe({"-v", "run", (tmp / "p.toml").string(), "--list-inputs"}, tmp.path());
  CHECK_THAT(r.out, Contains(m + "/.cache/\tskipped: hidden"));
  CHECK_THAT(r.out, Contains(m + "/big.txt\tskipped: too large: 4096 bytes, over max_bytes (1000)"));
  CHECK_THAT(r.out, Contains(m + "/part.json.tmp-4242-7\tskipped: temporary file"));
  CHECK_THAT(r.out, Contains(m + "/skip-me.txt\tskipped: ignore file: " + m + "/.docpipeignore:1: skip-me.txt"));
  CHECK_FALSE(fs::exists(tmp / "out"));  // nothing was written
  r = run_docpipe({"validate", (tmp / "p.toml").string()}, tmp.path());
  CHECK_THAT(r.out, Contains("inputs:   4 files would be read; skipped 5"));
}

TEST_CASE("an unreadable folder inside the corpus is reported, not silently skipped") {
  TempDir tmp;
  write_file(tmp / "corpus/a.md", "# A\n\nwords\n");
  write_file(tmp / "corpus/locked/b.md", "# B\n\nwords\n");
  write_file(tmp / "p.toml", pipeline);
  fs::permissions(tmp / "corpus/locked", fs::perms::none);
  // root reads any folder, so the check runs docpipe as nobody when the tests run as root.
  std::string cmd = "'" DOCPIPE_BIN "' run '" + (tmp / "p.toml").string() + "' corpus --list-inputs";
  if (::geteuid() == 0) {
    fs::permissions(tmp.path(), fs::perms::all, fs::perm_options::add);
    const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    // A build tree under a private folder (mktemp -d makes it 0700) is out of nobody's reach.
    if (shell(tmp.path(), as_nobody + "sh -c 'test -x \"$0\" && echo reachable' '" DOCPIPE_BIN "'").find("reachable") ==
        std::string::npos) {
      WARN("docpipe's build tree is not reachable by user nobody: skipped");
      return;
    }
    cmd = as_nobody + cmd;
  }
  const std::string out = shell(tmp.path(), cmd + " 2>&1");
  CHECK_THAT(out, Contains("corpus/a.md\tmarkdown"));
  CHECK_THAT(out, Contains("corpus/locked/: not read: unreadable: cannot list: Permission denied"));
  CHECK_THAT(out, Contains("skipped 1 (1 unreadable)"));
}

TEST_CASE("the README quick start runs twice in a project folder and gets the same result") {
  const std::string readme = read_file(SOURCE_DIR "/README.md");
  const auto section = readme.find("## Quick start: a project folder");
  REQUIRE(section != std::string::npos);
  const auto begin = readme.find("```sh\n", section) + 6;
  const std::string block = readme.substr(begin, readme.find("```\n", begin) - begin);
  // The block as written, with the binary under test, keeping the first run's output to compare.
  std::string script = "set -e\n";
  bool first = true;
  for (const auto& line : lines(block)) {
    std::string l = line;
    if (const auto at = l.find("../build/host/docpipe"); at != std::string::npos)
      l.replace(at, std::string("../build/host/docpipe").size(), "'" DOCPIPE_BIN "'");
    script += l + "\n";
    if (first && l.find("run docpipe.toml") != std::string::npos) {
      script += "cp out/docpipe.json ../first.json\n";
      first = false;
    }
  }
  TempDir tmp;
  fs::copy(SOURCE_DIR "/examples", tmp / "examples", fs::copy_options::recursive);
  write_file(tmp / "quick-start.sh", script);
  const std::string out = shell(tmp.path(), "env -u DOCPIPE_PLUGIN_PATH bash quick-start.sh 2>&1; echo exit=$?");
  INFO(script << out);
  CHECK_THAT(out, Contains("exit=0"));
  CHECK_THAT(out, Contains("4 documents, 0 failed, ") && Contains("skipped 1 (1 pipeline file)"));
  CHECK_THAT(out, Contains("skipped 2 (1 output folder, 1 pipeline file)"));
  CHECK(normalized(read_json(tmp / "first.json")) == normalized(read_json(tmp / "notes/out/docpipe.json")));
}

TEST_CASE("a document that would export far more than its input fails alone, and the others are exported") {
  TempDir tmp;
  write_file(tmp / "in/a.txt", "An ordinary document.\n");
  write_file(tmp / "in/b.txt", "This one says BALLOON and an analyzer floods it with annotations.\n");
  write_file(tmp / "in/c.txt", "Another ordinary document.\n");
  write_file(tmp / "p.toml", std::string("[[analyzers]]\nplugin = \"balloon\"\n") + pipeline);
  // 100,000 annotations over a 67-byte input: about 3 MB encoded, over 64 x 67 bytes + 1 MiB.
  auto r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "run", (tmp / "p.toml").string(), (tmp / "in").string(), "-o",
                        (tmp / "out").string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("3 documents, 1 failed"));
  CHECK_THAT(r.err, Contains("in/b.txt: output guard: the document would export "));
  CHECK_THAT(r.err, Contains("over max_output_ratio = 64 (x input + 1 MiB); none of it was written"));
  const auto out = read_json(tmp / "out/docpipe.json");
  REQUIRE(out["documents"].size() == 3);
  CHECK(out["documents"][1]["status"] == "failed");
  CHECK(out["documents"][1]["annotations"].empty());
  CHECK(out["documents"][0]["status"] == "ok");
  CHECK(out["documents"][2]["status"] == "ok");
  CHECK(fs::file_size(tmp / "out/docpipe.json") < 100000);
  // The ratio is the pipeline's to choose: raised, the same document passes; below 1, the file is refused.
  write_file(tmp / "p.toml", std::string("max_output_ratio = 100000\n[[analyzers]]\nplugin = \"balloon\"\n") + pipeline);
  r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "run", (tmp / "p.toml").string(), (tmp / "in").string(), "-o",
                   (tmp / "out").string()});
  CHECK(r.exit_code == 0);
  write_file(tmp / "p.toml", std::string("max_output_ratio = 0.5\n") + pipeline);
  r = run_docpipe({"run", (tmp / "p.toml").string(), (tmp / "in").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("p.toml:1:20: max_output_ratio must be a number of at least 1"));
}
