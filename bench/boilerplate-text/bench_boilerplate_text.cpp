// Scores the boilerplate analyzer on web pages flattened to plain text: the text left after
// removing the marked spans against the article text people expect, with 4-token shingle F1.
// Every fifth page (by sorted name, the 5th, 10th, ...) is held out: its figures are printed only
// with --held-out and only as a total, and --worst and --dump never show it, so that while rules
// are developed (without --held-out) nothing is tuned on it. The bench-boilerplate target passes it.
//
//   bench-boilerplate-text [PAGES_DIR] [--held-out] [--worst N] [--dump PAGE] [--option NAME=VALUE]...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "boilerplate_analyzer.hpp"
#include "docpipe/docpipe.hpp"
#include "shingle_score.hpp"
#include "text_reader.hpp"

namespace fs = std::filesystem;
using namespace docpipe;
using bench::ShingleScore;

namespace {

class QuietLogger final : public Logger {
 public:
  void log(LogLevel, std::string_view) override {}
  bool enabled(LogLevel) const override { return false; }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// What the host would hand a stage: every declared default, then the overrides.
Options options_for(const std::vector<OptionSpec>& specs, const Object& overrides) {
  Object o;
  for (const OptionSpec& s : specs) o.set(s.name, s.default_value);
  for (const auto& [k, v] : overrides) o.set(k, v);
  return Options(std::move(o));
}

Value parse_value(const std::string& v) {
  if (v == "true" || v == "false") return Value(v == "true");
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end && *end == '\0' && !v.empty()) return Value(d);
  Array list;  // a comma-separated list
  std::stringstream ss(v);
  for (std::string item; std::getline(ss, item, ',');) list.emplace_back(item);
  return Value(std::move(list));
}

struct Page {
  std::string name;
  bool held_out = false;
  ShingleScore kept, all;
};

// The text without the marked spans; a newline stands where each was, so words do not join.
std::string without_marks(const Document& d) {
  std::string out;
  std::uint64_t at = 0;
  for (const Annotation* a : d.annotations_of(annotation::boilerplate)) {
    if (a->span.begin < at) continue;
    out.append(d.text, at, a->span.begin - at);
    out += '\n';
    at = a->span.end;
  }
  out.append(d.text, at, std::string::npos);
  return out;
}

// Per reason: spans, bytes, and bytes of spans most of whose 4-grams are in the expected text
// (the analyzer's recall losses, dev pages only).
struct ReasonTally {
  std::size_t spans = 0, bytes = 0, wrong_bytes = 0;
};

std::set<std::string> grams(const std::vector<std::string>& toks) {
  std::set<std::string> out;
  for (std::size_t i = 0; i + 4 <= toks.size(); ++i) out.insert(toks[i] + ' ' + toks[i + 1] + ' ' + toks[i + 2] + ' ' + toks[i + 3]);
  return out;
}

void tally(const Document& d, const std::set<std::string>& expected, std::map<std::string, ReasonTally>& out) {
  for (const Annotation* a : d.annotations_of(annotation::boilerplate)) {
    ReasonTally& t = out[a->features.find("reason")->as_string()];
    ++t.spans;
    t.bytes += a->span.size();
    const auto toks = bench::word_tokens(d.slice(a->span));
    std::size_t n = 0, hit = 0;
    for (std::size_t i = 0; i + 4 <= toks.size(); ++i, ++n)
      hit += expected.count(toks[i] + ' ' + toks[i + 1] + ' ' + toks[i + 2] + ' ' + toks[i + 3]);
    if (n > 0 && hit * 2 > n) t.wrong_bytes += a->span.size();
  }
}

void print_set(const char* label, const std::vector<Page>& pages, bool held_out) {
  std::vector<ShingleScore> kept, all;
  for (const Page& p : pages)
    if (p.held_out == held_out) {
      kept.push_back(p.kept);
      all.push_back(p.all);
    }
  const auto k = bench::summarize(kept), a = bench::summarize(all);
  std::printf("  %-9s %3zu pages  analyzer  P %.3f  R %.3f  F1 %.3f (median %.3f)   keep-all  F1 %.3f (median %.3f)\n",
              label, k.pages, k.precision, k.recall, k.f1, k.median_f1, a.f1, a.median_f1);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = "../shared/boilerplate-text/pages";
  std::size_t worst = 10;
  std::string dump;
  bool held_out = false;
  Object overrides;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--worst" && i + 1 < argc) {
      worst = std::stoul(argv[++i]);
    } else if (a == "--held-out") {
      held_out = true;
    } else if (a == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else if (a == "--option" && i + 1 < argc) {
      const std::string kv = argv[++i];
      const auto eq = kv.find('=');
      if (eq == std::string::npos) {
        std::fprintf(stderr, "bench-boilerplate-text: --option wants NAME=VALUE, not %s\n", kv.c_str());
        return 2;
      }
      overrides.set(kv.substr(0, eq), parse_value(kv.substr(eq + 1)));
    } else if (a == "--help" || a == "-h") {
      std::puts("usage: bench-boilerplate-text [PAGES_DIR] [--held-out] [--worst N] [--dump PAGE] [--option NAME=VALUE]...");
      return 0;
    } else {
      dir = a;
    }
  }
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory() && fs::exists(e.path() / "input.txt") && fs::exists(e.path() / "expected.txt"))
      paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) {
    std::fprintf(stderr, "bench-boilerplate-text: no pages under %s (the development set lives in "
                 "../shared/boilerplate-text/pages)\n", dir.string().c_str());
    return 2;
  }

  QuietLogger quiet;
  const Options reader_options = options_for(plugins::TextReader::option_specs(), {});
  plugins::TextReader reader(StageContext{"text", reader_options, quiet});
  Options analyzer_options = options_for(plugins::BoilerplateAnalyzer::option_specs(), overrides);
  plugins::LineFrequencyTable table;
  std::vector<Page> pages;
  std::map<std::string, ReasonTally> reasons;
  double seconds = 0;
  std::uint64_t bytes = 0;
  try {
    plugins::BoilerplateAnalyzer analyzer(StageContext{"boilerplate", analyzer_options, quiet}, table);
    for (std::size_t i = 0; i < paths.size(); ++i) {
      Page page{paths[i].filename().string(), i % 5 == 4, {}, {}};
      if (!dump.empty() && page.name == dump && page.held_out) {
        std::fprintf(stderr, "bench-boilerplate-text: %s is a held-out page; it is never shown\n", dump.c_str());
        return 2;
      }
      const std::string input = slurp(paths[i] / "input.txt"), expected = slurp(paths[i] / "expected.txt");
      std::vector<Document> docs;
      reader.read(Input{page.name, page.name, input, "text/plain"}, docs);
      Document& d = docs.at(0);
      const auto t0 = std::chrono::steady_clock::now();
      analyzer.analyze(d);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      bytes += d.text.size();
      const std::string kept = without_marks(d);
      page.kept = bench::score_text(kept, expected);
      page.all = bench::score_text(d.text, expected);
      if (!page.held_out) tally(d, grams(bench::word_tokens(expected)), reasons);
      if (page.name == dump) {
        for (const Annotation* a : d.annotations_of(annotation::boilerplate)) {
          std::string text(d.slice(a->span).substr(0, 160));
          std::replace(text.begin(), text.end(), '\n', '|');
          std::printf("%-18s %s\n", a->features.find("reason")->as_string().c_str(), text.c_str());
        }
        std::printf("==== kept\n%s\n", kept.c_str());
      }
      pages.push_back(std::move(page));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-boilerplate-text: %s\n", e.what());
    return 2;
  }

  std::printf("Boilerplate in plain text: %zu pages from %s (every 5th held out)\n\n", pages.size(), dir.string().c_str());
  print_set("dev", pages, false);
  if (held_out) print_set("held-out", pages, true);
  else std::printf("  held-out  %3zu pages  (not shown: pass --held-out)\n",
                   static_cast<std::size_t>(std::count_if(pages.begin(), pages.end(), [](const Page& p) { return p.held_out; })));
  std::printf("  (targets: analyzer F1 >= 0.85; keeping everything scores about 0.67)\n");
  std::printf("  analyzer throughput %.1f MB/s (%.1f MB in %.3f s)\n\n", bytes / 1e6 / seconds, bytes / 1e6, seconds);

  std::printf("  dev pages, by reason     spans      bytes   bytes mostly expected text\n");
  for (const auto& [r, t] : reasons)
    std::printf("  %-20s %9zu %10zu %10zu\n", r.c_str(), t.spans, t.bytes, t.wrong_bytes);

  std::vector<const Page*> dev;
  for (const Page& p : pages)
    if (!p.held_out) dev.push_back(&p);
  std::sort(dev.begin(), dev.end(), [](const Page* a, const Page* b) { return a->kept.f1 < b->kept.f1; });
  std::printf("\n  worst dev pages                 P        R       F1   keep-all F1\n");
  for (std::size_t i = 0; i < std::min(worst, dev.size()); ++i)
    std::printf("  %-28s %6.3f %8.3f %8.3f %8.3f\n", dev[i]->name.c_str(), dev[i]->kept.precision, dev[i]->kept.recall,
                dev[i]->kept.f1, dev[i]->all.f1);
  return 0;
}
