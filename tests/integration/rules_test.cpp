// Rule ids, the [rules] table and --rule through the real binary.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "process.hpp"

using namespace docpipe::test;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

// One sentence of 40 short words: a long-sentence finding, and a statistic for claims.
const std::string kText =
    "Sales rose 40% last year and the team said that the shop on the hill and the shop by the sea and the "
    "shop in the town all did well in the long hot summer that we had when the rain did not come at all.\n";

std::string pipeline(const std::string& rules) {
  return "inputs = [\"doc.txt\"]\noutput = \"out\"\n" + rules +
         "\n[[analyzers]]\nplugin = \"segment\"\n[[analyzers]]\nplugin = \"readability\"\n"
         "[[analyzers]]\nplugin = \"claims\"\n[[exporters]]\nplugin = \"json\"\n";
}

std::vector<std::string> rules_of(const nlohmann::json& run) {
  std::vector<std::string> out;
  for (const auto& f : run["documents"][0]["findings"]) out.push_back(f["rule"].get<std::string>() + "=" + f["severity"].get<std::string>());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST_CASE("every finding carries its rule id, and [rules] or --rule switch a rule off or re-level it") {
  TempDir tmp;
  write_file(tmp / "doc.txt", kText);
  write_file(tmp / "p.toml", pipeline(""));
  auto r = run_docpipe({"run", (tmp / "p.toml").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto found = rules_of(read_json(tmp / "out" / "docpipe.json"));
  CHECK(has(found, "readability/long-sentence=warning"));
  CHECK(has(found, "claims/statistical=warning"));

  write_file(tmp / "p.toml", pipeline("[rules]\n\"readability/long-sentence\" = \"off\"\n\"claims/statistical\" = \"error\"\n"));
  REQUIRE(run_docpipe({"run", (tmp / "p.toml").string()}).exit_code == 0);
  found = rules_of(read_json(tmp / "out" / "docpipe.json"));
  CHECK_FALSE(has(found, "readability/long-sentence=warning"));
  CHECK(has(found, "claims/statistical=error"));

  // The command line wins over the file.
  REQUIRE(run_docpipe({"run", (tmp / "p.toml").string(), "--rule", "claims/statistical=off", "--rule",
                       "readability/long-sentence=info"}).exit_code == 0);
  found = rules_of(read_json(tmp / "out" / "docpipe.json"));
  CHECK(has(found, "readability/long-sentence=info"));
  CHECK_FALSE(has(found, "claims/statistical=error"));
}

TEST_CASE("extends merges [rules] and validate shows each rule's level and where it was set") {
  TempDir tmp;
  write_file(tmp / "base.toml", pipeline("[rules]\n\"readability/long-sentence\" = \"off\"\n\"claims/quote\" = \"info\"\n"));
  write_file(tmp / "p.toml", "extends = \"base.toml\"\n[rules.claims]\nquote = \"error\"\n");
  auto r = run_docpipe({"validate", (tmp / "p.toml").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::string out;  // the columns' widths follow the longest id: compare with single spaces
  for (char c : r.out)
    if (c != ' ' || out.empty() || out.back() != ' ') out += c;
  CHECK_THAT(out, Contains("readability/long-sentence off (" + (tmp / "base.toml").string() + ":4:31)"));
  CHECK_THAT(out, Contains("claims/quote error (" + (tmp / "p.toml").string() + ":3:9)"));
  CHECK_THAT(out, Contains("readability/hard-sentence info (default)"));
  CHECK_THAT(r.out, Contains("docpipe/unknown-rule"));
}

TEST_CASE("an unknown rule id or level is a configuration error at file:line:column with a suggestion") {
  TempDir tmp;
  write_file(tmp / "doc.txt", kText);
  write_file(tmp / "p.toml", pipeline("[rules]\n\"readability/hard-sentense\" = \"off\"\n"));
  auto r = run_docpipe({"run", (tmp / "p.toml").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains((tmp / "p.toml").string() + ":4:31: unknown rule 'readability/hard-sentense'; did you "
                                                          "mean 'readability/hard-sentence'?"));
  CHECK_FALSE(std::filesystem::exists(tmp / "out" / "docpipe.json"));

  write_file(tmp / "p.toml", pipeline("[rules]\n\"claims/statistical\" = \"warnin\"\n"));
  r = run_docpipe({"validate", (tmp / "p.toml").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains(":4:24: rule 'claims/statistical' must be \"off\", \"info\", \"warning\" or \"error\", "
                             "got \"warnin\" (did you mean 'warning'?)"));

  write_file(tmp / "p.toml", pipeline(""));
  r = run_docpipe({"validate", (tmp / "p.toml").string(), "--rule", "claims/statistics=off"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("command line: unknown rule 'claims/statistics'; did you mean 'claims/statistical'?"));
  r = run_docpipe({"validate", (tmp / "p.toml").string(), "--rule", "claims/statistical"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("expected STAGE/category=LEVEL"));
}

TEST_CASE("a plugin whose manifest predates the rule list loads, and its rule ids are accepted unchecked") {
  TempDir tmp;
  write_file(tmp / "doc.txt", "Some words.\n");
  write_file(tmp / "p.toml",
             "inputs = [\"doc.txt\"]\noutput = \"out\"\n[rules]\n\"legacy-findings/old-style\" = \"error\"\n"
             "[[analyzers]]\nplugin = \"legacy-findings\"\n[[exporters]]\nplugin = \"json\"\n");
  auto r = run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "validate", (tmp / "p.toml").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("legacy-findings/*: plugin legacy-findings declares no rules; ids under it are not checked"));
  REQUIRE(run_docpipe({"--plugin-path", TEST_PLUGIN_DIR, "run", (tmp / "p.toml").string()}).exit_code == 0);
  CHECK(rules_of(read_json(tmp / "out" / "docpipe.json")) == std::vector<std::string>{"legacy-findings/old-style=error"});
}

namespace {
// The fenced block of README.md that starts with `fence` + "\n" + first_line, without the fences.
std::string readme_block(const std::string& fence, const std::string& first_line) {
  const std::string readme = read_file(SOURCE_DIR "/README.md");
  const std::string open = fence + "\n" + first_line;
  const auto at = readme.find(open);
  if (at == std::string::npos) return {};
  const auto body = at + fence.size() + 1;
  return readme.substr(body, readme.find("\n```", body) + 1 - body);
}
}  // namespace

TEST_CASE("docs/rules.md lists every rule id the bundled analyzers declare, with its meaning") {
  TempDir tmp;
  write_file(tmp / "p.toml", pipeline(""));
  auto r = run_docpipe({"validate", (tmp / "p.toml").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const std::string doc = read_file(SOURCE_DIR "/docs/rules.md");
  const std::regex rule_line("\n  ([a-z-]+/[a-z-]+) +(info|warning|error) ");
  std::size_t n = 0;
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), rule_line); it != std::sregex_iterator(); ++it, ++n) {
    INFO((*it)[1]);
    CHECK_THAT(doc, Contains("| `" + (*it)[1].str() + "` |"));
  }
  CHECK(n == 12);  // 3 readability, 8 claims, docpipe/unknown-rule
}

TEST_CASE("the README's docs repository works as written: docpipe.toml, a suppression comment, a baseline in CI") {
  TempDir tmp;
  const std::string toml = readme_block("```toml", "# docpipe.toml");
  const std::string markdown = readme_block("```markdown", "<!-- docpipe-disable-next-line");
  const std::string commands = readme_block("```sh", "docpipe baseline");
  REQUIRE_FALSE(toml.empty());
  REQUIRE_FALSE(markdown.empty());
  REQUIRE_FALSE(commands.empty());
  write_file(tmp / "docpipe.toml", toml);
  fs::create_directories(tmp / "docs" / "guide");
  const std::string comment = markdown.substr(0, markdown.find('\n'));
  CHECK(comment == "<!-- docpipe-disable-next-line readability/long-sentence -->");
  const fs::path page = tmp / "docs" / "guide" / "setup.md";
  write_file(page, "# Setup\n\nIn 2023 sales rose 40% after the change.\n\n" + comment + "\n" + long_sentence + "\n");
  // The README's two commands, run from a folder below the project file.
  std::vector<std::vector<std::string>> argv;
  std::istringstream lines(commands);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line.substr(0, line.find('#')));
    std::vector<std::string> args;
    for (std::string w; words >> w;)
      if (w != "docpipe") args.push_back(w);
    if (!args.empty()) argv.push_back(args);
  }
  REQUIRE(argv.size() == 2);
  auto r = run_docpipe(argv[0], tmp.path());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("using " + (tmp / "docpipe.toml").string()));
  CHECK(fs::exists(tmp / "docpipe-baseline.json"));
  // In CI: today's findings are baselined, the commented sentence is silenced; exit 0.
  r = run_docpipe(argv[1], tmp.path());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("1 suppressed by comments"));
  CHECK_THAT(r.err, Contains(" baselined, 0 entries no longer occur"));
  CHECK_THAT(r.out, !Contains("long-sentence"));
  // A new finding fails the job (exit 4), at the level [rules] gave it.
  write_file(page, read_file(page) + "\nEveryone always agrees that this always works.\n");
  r = run_docpipe(argv[1], tmp.path());
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.out, Contains("docs/guide/setup.md:8:1: error: "));
  CHECK_THAT(r.out, Contains("[claims/sweeping]"));
}
