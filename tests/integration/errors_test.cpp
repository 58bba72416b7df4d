// Every pipeline-file error is reported as file:line:column before any document is read.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;

namespace {
/// Writes the pipeline, runs it, and returns stderr; the run must stop with exit code 2.
std::string config_error(const std::string& toml, const std::vector<std::string>& extra = {}) {
  TempDir tmp;
  write_file(tmp / "p.toml", toml);
  write_file(tmp / "in" / "a.txt", "text\n");
  std::vector<std::string> args = {"--plugin-path", TEST_PLUGIN_DIR, "run", (tmp / "p.toml").string(), "-o",
                                   (tmp / "out").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_docpipe(args);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("nothing was read"));
  // Nothing was exported.
  CHECK_FALSE(std::filesystem::exists(tmp / "out" / "docpipe.json"));
  // Make the path in messages stable for assertions.
  std::string err = r.err;
  const std::string prefix = (tmp / "p.toml").string();
  for (auto pos = err.find(prefix); pos != std::string::npos; pos = err.find(prefix))
    err.replace(pos, prefix.size(), "p.toml");
  return err;
}
const std::string tail = "\n[[exporters]]\nplugin = \"json\"\n";
}  // namespace

TEST_CASE("TOML syntax error") {
  CHECK_THAT(config_error("inputs = [\"in\"\njobs = 2\n"), Contains("p.toml:2:1: TOML syntax error"));
}

TEST_CASE("unknown plugin with a suggestion") {
  auto err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"stast\"\n" + tail);
  CHECK_THAT(err, Contains("p.toml:3:10: unknown analyzer 'stast'; did you mean 'stats'?"));
}

TEST_CASE("a plugin of the wrong kind") {
  auto err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"json\"\nid = \"j\"\n" + tail);
  CHECK_THAT(err, Contains("p.toml:3:10: plugin 'json' is exporter, but this stage needs an analyzer"));
}

TEST_CASE("unknown option, listing the valid ones") {
  auto err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"explode\"\noptions = { triger = \"X\" }\n" + tail);
  CHECK_THAT(err, Contains("p.toml:4:22: unknown option 'triger' for stage 'explode' (plugin explode); valid "
                           "options: trigger, std_exception (did you mean 'trigger'?)"));
}

TEST_CASE("wrong option type") {
  auto err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"explode\"\noptions = { trigger = 5 }\n" + tail);
  CHECK_THAT(err, Contains("p.toml:4:23: option 'trigger' of stage 'explode' must be a string, got an integer"));
}

TEST_CASE("missing required option") {
  auto err = config_error("inputs = [\"in\"]\n[[exporters]]\nplugin = \"refuses\"\n");
  CHECK_THAT(err, Contains("p.toml:2:1: stage 'refuses' (plugin refuses) is missing required option 'mode'"));
}

TEST_CASE("an analyzer whose required annotation type nothing earlier provides") {
  auto err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"needs-sentences\"\n" + tail);
  CHECK_THAT(err, Contains("p.toml:3:10: analyzer 'needs-sentences' requires annotation type 'test-sentence', which "
                           "no earlier stage provides"));
}

TEST_CASE("unknown top-level key and bad values") {
  auto err = config_error("inputz = [\"in\"]\non_error = \"ignore\"\njobs = -1\n" + tail);
  CHECK_THAT(err, Contains("p.toml:1:1: unknown key 'inputz'"));
  CHECK_THAT(err, Contains("(did you mean 'inputs'?)"));
  CHECK_THAT(err, Contains("p.toml:2:12: on_error must be \"skip\" or \"fail\", got \"ignore\""));
  CHECK_THAT(err, Contains("p.toml:3:8: jobs must be an integer"));
}

TEST_CASE("duplicate stage ids and a stage without a plugin") {
  auto err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"stats\"\n[[analyzers]]\nplugin = \"stats\"\n"
                          "[[analyzers]]\nid = \"x\"\n" + tail);
  CHECK_THAT(err, Contains("stage id 'stats' is used twice"));
  CHECK_THAT(err, Contains("p.toml:6:1: [[analyzers]] stage 'x' has no 'plugin'"));
}

TEST_CASE("no exporter") { CHECK_THAT(config_error("inputs = [\"in\"]\n"), Contains("no [[exporters]] stage")); }

TEST_CASE("a stage that refuses its options at construction stops the run before reading") {
  auto err = config_error("inputs = [\"in\"]\n[[exporters]]\nplugin = \"refuses\"\noptions = { mode = \"m\", level = 7 }\n");
  CHECK_THAT(err, Contains("p.toml:2:1: stage 'refuses' refused its options: level must be at most 3"));
}

TEST_CASE("overrides with --set are checked like the file") {
  auto err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"explode\"\n" + tail, {"--set", "explode.trigger=5"});
  CHECK_THAT(err, Contains("command line: option 'trigger' of stage 'explode' must be a string, got an integer"));
  err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"explode\"\n" + tail, {"--set", "explod.trigger=x"});
  CHECK_THAT(err, Contains("no stage 'explod'"));
  err = config_error("inputs = [\"in\"]\n" + tail, {"--set", "nonsense"});
  CHECK_THAT(err, Contains("expected STAGE.OPTION=VALUE"));
}

TEST_CASE("extends pointing at a device, a directory or a FIFO is refused with its position, without hanging") {
  // Before, /dev/zero and a directory were reported without a position, and the type was only
  // learnt by trying the file; a FIFO is now refused from its type alone, never opened.
  TempDir fifo_dir;
  const auto fifo = fifo_dir / "base.toml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/dev/zero", "a character device"}, {fifo_dir.path().string(), "a directory"}, {fifo.string(), "a FIFO"}};
  for (const auto& [target, kind] : cases) {
    const std::string err = config_error("extends = \"" + target + "\"\ninputs = [\"in\"]\n" + tail);
    CHECK_THAT(err, Contains("p.toml:1:11: extends \"" + target + "\": " + kind + ", not a pipeline file"));
  }
}

TEST_CASE("an empty stage id is refused with its position") {
  auto err = config_error("inputs = [\"in\"]\n[[analyzers]]\nplugin = \"stats\"\nid = \"\"\n" + tail);
  CHECK_THAT(err, Contains("p.toml:4:6: 'id' must not be empty"));
}
