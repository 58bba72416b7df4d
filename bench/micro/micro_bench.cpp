// Micro-benchmarks of the hot stages, each in MB/s of document text, on articles from
// ../shared/corpus when present (else built-in prose), so a change to one stage can be judged
// without the noise of a whole run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "boilerplate_analyzer.hpp"
#include "claims_analyzer.hpp"
#include "docpipe/docpipe.hpp"
#include "jsonl_exporter.hpp"
#include "readability.hpp"
#include "segmenter.hpp"
#include "syllables.hpp"
#include "text_reader.hpp"

namespace {

using namespace docpipe;
namespace fs = std::filesystem;

class QuietLogger final : public Logger {
 public:
  void log(LogLevel, std::string_view) override {}
  bool enabled(LogLevel) const override { return false; }
};

QuietLogger quiet;

// What the host would hand a stage configured with no options: every declared default.
Options defaults(const std::vector<OptionSpec>& specs) {
  Object o;
  for (const OptionSpec& s : specs) o.set(s.name, s.default_value);
  return Options(std::move(o));
}

// About 100 kB of prose: the shared articles repeated, or a built-in paragraph when they are absent.
const std::string& sample_text() {
  static const std::string text = [] {
    std::string one;
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(DOCPIPE_SHARED_CORPUS, ec))
      if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      one += ss.str() + "\n\n";
    }
    if (one.empty())
      one = "Small Firms Abroad\n\nIn 2019, the council approved 1,250 new licences, up 12% on the year before. "
            "\u201cWe doubled the budget because the survey asked for it,\u201d said Dr. Ellen Marsh. According to "
            "the report, 3.5 million people used the service; critics argue it was never enough.\n\n"
            "- Budgets rose in 14 of 20 regions.\n- Most schools are small, e.g. in rural counties.\n\n";
    std::string out;
    while (out.size() < 100000) out += one;
    return out;
  }();
  return text;
}

Document read_sample() {
  const Options o = defaults(plugins::TextReader::option_specs());
  plugins::TextReader reader(StageContext{"text", o, quiet});
  std::vector<Document> docs;
  reader.read(Input{"sample.txt", "sample.txt", sample_text(), "text/plain"}, docs);
  return std::move(docs.at(0));
}

Document segmented_sample() {
  Document d = read_sample();
  const Options o = defaults(plugins::SegmentAnalyzer::option_specs());
  plugins::SegmentAnalyzer(StageContext{"segment", o, quiet}).analyze(d);
  return d;
}

// Runs analyzer over d once per iteration, undoing its additions in between so every iteration
// sees the same input.
void time_analyzer(benchmark::State& state, Document d, Analyzer& analyzer) {
  const std::size_t annotations = d.annotations.size(), findings = d.findings.size();
  const Object metrics = d.metrics;
  for (auto _ : state) {
    d.annotations.resize(annotations);
    d.findings.resize(findings);
    d.metrics = metrics;
    analyzer.analyze(d);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * d.text.size()));
}

void text_reader(benchmark::State& state) {
  const Options o = defaults(plugins::TextReader::option_specs());
  plugins::TextReader reader(StageContext{"text", o, quiet});
  const std::string& text = sample_text();
  std::vector<Document> docs;
  for (auto _ : state) {
    docs.clear();
    reader.read(Input{"sample.txt", "sample.txt", text, "text/plain"}, docs);
    benchmark::DoNotOptimize(docs.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void boilerplate_detection(benchmark::State& state) {
  const Options o = defaults(plugins::BoilerplateAnalyzer::option_specs());
  plugins::BoilerplateAnalyzer analyzer(StageContext{"boilerplate", o, quiet});
  time_analyzer(state, read_sample(), analyzer);
}

void segmentation(benchmark::State& state) {
  const Options o = defaults(plugins::SegmentAnalyzer::option_specs());
  plugins::SegmentAnalyzer analyzer(StageContext{"segment", o, quiet});
  time_analyzer(state, read_sample(), analyzer);
}

void syllable_counting(benchmark::State& state) {
  const Document d = segmented_sample();
  const auto dict = plugins::SyllableDictionary::shared(plugins::ReadabilitySettings{}.dictionary);
  std::vector<std::string_view> words;
  std::size_t bytes = 0;
  for (const Annotation* a : d.annotations_of(annotation::word)) {
    words.push_back(d.slice(a->span));
    bytes += words.back().size();
  }
  for (auto _ : state) {
    std::size_t total = 0;
    for (std::string_view w : words) total += plugins::count_syllables(w, dict.get());
    benchmark::DoNotOptimize(total);
  }
  // Bytes of the words themselves: the rate per byte of text is this times the words' share of it.
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

void readability(benchmark::State& state) {
  const Options o = defaults(plugins::ReadabilityAnalyzer::option_specs());
  plugins::ReadabilityAnalyzer analyzer(StageContext{"readability", o, quiet});
  time_analyzer(state, segmented_sample(), analyzer);
}

void claim_detection(benchmark::State& state) {
  const Options o = defaults(plugins::claims::option_specs());
  plugins::claims::ClaimsAnalyzer analyzer(StageContext{"claims", o, quiet});
  time_analyzer(state, segmented_sample(), analyzer);
}

void jsonl_export(benchmark::State& state) {
  Document d = segmented_sample();
  {
    const Options r = defaults(plugins::ReadabilityAnalyzer::option_specs());
    plugins::ReadabilityAnalyzer(StageContext{"readability", r, quiet}).analyze(d);
    const Options c = defaults(plugins::claims::option_specs());
    plugins::claims::ClaimsAnalyzer(StageContext{"claims", c, quiet}).analyze(d);
  }
  const fs::path dir = fs::temp_directory_path() / ("docpipe-micro-bench-" + std::to_string(::getpid()));
  const Options o = defaults(plugins::JsonlExporter::option_specs());
  plugins::JsonlExporter exporter(StageContext{"jsonl", o, quiet});
  RunInfo run;
  run.output_dir = dir.string();
  exporter.begin(run);
  for (auto _ : state) exporter.write(d);
  exporter.finish(RunSummary{});
  fs::remove_all(dir);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * d.text.size()));
}

}  // namespace

BENCHMARK(text_reader)->Unit(benchmark::kMicrosecond);
BENCHMARK(boilerplate_detection)->Unit(benchmark::kMicrosecond);
BENCHMARK(segmentation)->Unit(benchmark::kMicrosecond);
BENCHMARK(syllable_counting)->Unit(benchmark::kMicrosecond);
BENCHMARK(readability)->Unit(benchmark::kMicrosecond);
BENCHMARK(claim_detection)->Unit(benchmark::kMicrosecond);
BENCHMARK(jsonl_export)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
