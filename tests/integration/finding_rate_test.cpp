// The default pipeline's readability findings on the shared corpus: at most about 1 sentence in 7.
#include <catch2/catch.hpp>

#include <algorithm>

#include "process.hpp"

using namespace docpipe::test;
namespace fs = std::filesystem;

TEST_CASE("the default pipeline flags at most 1 sentence in 7 of the shared corpus") {
  const fs::path corpus = DOCPIPE_SHARED_CORPUS;
  if (!fs::is_directory(corpus)) {
    WARN("no shared corpus at " << corpus << ": skipped");
    return;
  }
  TempDir tmp;
  std::vector<std::string> args = {"-q", "run", SOURCE_DIR "/configs/default.toml"};
  for (const auto& e : fs::directory_iterator(corpus))
    if (e.path().extension() == ".txt") args.push_back(e.path().string());
  for (const char* a : {"-o", "", "--exporter=json", "--set=json.include_annotations=true"}) args.push_back(a);
  args[args.size() - 3] = tmp.path().string();
  const auto r = run_docpipe(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto run = read_json(tmp / "docpipe.json");
  std::size_t sentences = 0, flagged = 0;
  for (const auto& d : run["documents"]) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> spans;
    for (const auto& f : d["findings"])
      if (f["rule"].get<std::string>().rfind("readability/", 0) == 0) spans.emplace_back(f["span"][0], f["span"][1]);
    for (const auto& a : d["annotations"]) {
      if (a["type"] != "sentence" || a["features"].value("kind", "") != "sentence") continue;
      ++sentences;
      const std::uint64_t b = a["span"][0], e = a["span"][1];
      flagged += std::any_of(spans.begin(), spans.end(), [&](const auto& s) { return s.first < e && b < s.second; });
    }
  }
  INFO(flagged << " of " << sentences << " sentences have a readability finding");
  REQUIRE(sentences > 200);
  CHECK(static_cast<double>(flagged) / static_cast<double>(sentences) <= 1.0 / 7.0);
}
