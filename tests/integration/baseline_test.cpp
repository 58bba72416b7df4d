// docpipe baseline, then run --baseline: only new findings, after edits elsewhere in the document.
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;

namespace {
const std::string kOtherLong =
    "A new paragraph that goes on and on with one more clause and then another and another until the reader "
    "has quite forgotten where it began and what it was about in the first place when it all started out.";

int long_sentences(const nlohmann::json& run) {
  int n = 0;
  for (const auto& d : run["documents"])
    for (const auto& f : d["findings"]) n += f["rule"] == "readability/long-sentence";
  return n;
}
}  // namespace

TEST_CASE("a baseline survives edits above the finding and reports only new findings") {
  TempDir tmp;
  write_file(tmp / "doc.md", "# Report\n\n" + long_sentence + "\n");
  write_file(tmp / "p.toml", "inputs = [\"doc.md\"]\noutput = \"out\"\n[[analyzers]]\nplugin = \"segment\"\n"
                             "[[analyzers]]\nplugin = \"readability\"\n[[exporters]]\nplugin = \"json\"\n");
  auto r = run_docpipe({"baseline", (tmp / "p.toml").string(), "-o", (tmp / "base.json").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("wrote a baseline of 1 finding to"));
  const auto saved = read_json(tmp / "base.json");
  REQUIRE(saved["findings"].size() == 1);
  CHECK(saved["findings"][0]["rule"] == "readability/long-sentence");
  CHECK(saved["findings"][0]["occurrence"] == 1);
  CHECK(saved["findings"][0]["document"] == "doc.md");

  // Text added above moves the finding down; a new long sentence is the only new finding.
  write_file(tmp / "doc.md", "# Report\n\nA short new opening.\n\n" + kOtherLong + "\n\n" + long_sentence + "\n");
  r = run_docpipe({"run", (tmp / "p.toml").string(), "--baseline", (tmp / "base.json").string()});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("1 finding baselined, 0 entries no longer occur"));
  auto run = read_json(tmp / "out" / "docpipe.json");
  REQUIRE(long_sentences(run) == 1);
  CHECK(run["documents"][0]["findings"][0]["line"] == 5);

  // The same sentence twice: the second occurrence is new.
  write_file(tmp / "doc.md", "# Report\n\n" + long_sentence + "\n\n" + long_sentence + "\n");
  r = run_docpipe({"run", (tmp / "p.toml").string(), "--baseline", (tmp / "base.json").string()});
  CHECK(long_sentences(read_json(tmp / "out" / "docpipe.json")) == 1);

  // Fixed: the entry no longer occurs.
  write_file(tmp / "doc.md", "# Report\n\nShort now.\n");
  r = run_docpipe({"run", (tmp / "p.toml").string(), "--baseline", (tmp / "base.json").string()});
  CHECK_THAT(r.err, Contains("0 findings baselined, 1 entry no longer occur"));

  r = run_docpipe({"run", (tmp / "p.toml").string(), "--baseline", (tmp / "missing.json").string()});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("missing.json: baseline file not found"));
}
