// Scores the html reader's article extraction against the reference articles of the development
// set: 4-token shingle precision/recall/F1 (the scoring of the public article-extraction
// benchmarks), exact-match rates for title and byline, the worst pages, and throughput.
//
//   bench-html-extraction [PAGES_DIR] [--worst N] [--dump PAGE] [--all] [--digest]
//
// --digest prints one line per page, a hash of everything read_html produced (text, annotations,
// metadata, source map), so a change meant to be a pure speed-up can be checked to change nothing.
#include <gumbo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "html_dom.hpp"
#include "html_reader.hpp"
#include "shingle_score.hpp"

namespace fs = std::filesystem;
using docpipe::plugins::html::HtmlOptions;
using docpipe::plugins::html::normalize_space;
using docpipe::plugins::html::read_html;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string meta_string(const docpipe::Document& d, std::string_view key) {
  const docpipe::Value* v = d.metadata.find(key);
  return v && v->is_string() ? v->as_string() : std::string();
}

// FNV-1a over the fields of a document the html reader fills.
std::uint64_t digest(const docpipe::Document& d) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  auto num = [&](std::uint64_t v) { mix(std::to_string(v)); };
  mix(d.text);
  for (const auto& a : d.annotations) {
    mix(a.type);
    num(a.span.begin);
    num(a.span.end);
    for (const auto& [k, v] : a.features) mix(k + "=" + (v.is_string() ? v.as_string() : std::string("?")));
  }
  for (const auto& [k, v] : d.metadata) mix(k + "=" + (v.is_string() ? v.as_string() : std::string("?")));
  for (const auto& p : d.source_map.pieces()) {
    num(p.text_begin);
    num(p.source_begin);
    num(p.length);
  }
  return h;
}

struct PageScore : docpipe::bench::ShingleScore {
  std::string name;
};

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = "../shared/html-extraction/pages";
  std::size_t worst = 10;
  std::string dump;
  bool list_all = false;
  bool digests = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--worst" && i + 1 < argc) {
      worst = std::stoul(argv[++i]);
    } else if (a == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else if (a == "--all") {
      list_all = true;
    } else if (a == "--digest") {
      digests = true;
    } else if (a == "--help" || a == "-h") {
      std::puts("usage: bench-html-extraction [PAGES_DIR] [--worst N] [--dump PAGE] [--all] [--digest]");
      return 0;
    } else {
      dir = a;
    }
  }
  if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "bench-html-extraction: %s is not a directory (the development set lives in "
                 "../shared/html-extraction/pages)\n", dir.string().c_str());
    return 2;
  }
  std::vector<fs::path> pages;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory() && fs::exists(e.path() / "source.html")) pages.push_back(e.path());
  std::sort(pages.begin(), pages.end());
  if (pages.empty()) {
    std::fprintf(stderr, "bench-html-extraction: no pages under %s\n", dir.string().c_str());
    return 2;
  }

  HtmlOptions article_opts;
  HtmlOptions all_opts;
  all_opts.article = false;
  std::vector<PageScore> scores;
  std::size_t title_ok = 0, title_n = 0, byline_ok = 0, byline_n = 0, failures = 0;
  double seconds = 0, parse_seconds = 0;
  std::uint64_t bytes = 0;
  using clock = std::chrono::steady_clock;

  for (const auto& page : pages) {
    const std::string name = page.filename().string();
    if (!dump.empty() && name != dump) continue;
    const std::string source = slurp(page / "source.html");
    const std::string expected = slurp(page / "expected.html");
    nlohmann::json meta = nlohmann::json::object();
    if (fs::exists(page / "expected-metadata.json"))
      meta = nlohmann::json::parse(slurp(page / "expected-metadata.json"), nullptr, false);

    // The parse alone, to compare the extraction's cost against it.
    auto t0 = clock::now();
    GumboOptions gopt = kGumboDefaultOptions;
    gopt.max_errors = 0;
    GumboOutput* out = gumbo_parse_with_options(&gopt, source.data(), source.size());
    parse_seconds += std::chrono::duration<double>(clock::now() - t0).count();
    gumbo_destroy_output(&gopt, out);

    docpipe::Document got, ref;
    t0 = clock::now();
    try {
      read_html(source, article_opts, got);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
      ++failures;
    }
    seconds += std::chrono::duration<double>(clock::now() - t0).count();
    bytes += source.size();
    if (digests) std::printf("digest %-30s %016llx\n", name.c_str(), static_cast<unsigned long long>(digest(got)));
    read_html(expected, all_opts, ref);

    if (!dump.empty()) {
      std::printf("==== extracted (%zu bytes)\n%s\n==== reference (%zu bytes)\n%s\n==== metadata\n", got.text.size(),
                  got.text.c_str(), ref.text.size(), ref.text.c_str());
      for (const auto& [k, v] : got.metadata)
        if (v.is_string()) std::printf("%s: %s\n", k.c_str(), v.as_string().c_str());
      std::printf("expected: %s\n", meta.dump().c_str());
    }

    PageScore sc;
    static_cast<docpipe::bench::ShingleScore&>(sc) = docpipe::bench::score_text(got.text, ref.text);
    sc.name = name;
    scores.push_back(sc);

    if (meta.is_object()) {
      // Compared with whitespace collapsed: the references keep the page's indentation.
      auto reference = [&](const char* key) {
        auto it = meta.find(key);
        return it != meta.end() && it->is_string() ? normalize_space(it->get<std::string>()) : std::string();
      };
      const std::string want_title = reference("title");
      const std::string got_title = normalize_space(meta_string(got, "title"));
      ++title_n;
      title_ok += want_title == got_title;
      if (list_all && want_title != got_title)
        std::printf("title  %-30s got \"%s\" want \"%s\"\n", name.c_str(), got_title.c_str(), want_title.c_str());
      const std::string want_byline = reference("byline");
      const std::string got_byline = normalize_space(meta_string(got, "author"));
      if (!want_byline.empty()) {
        ++byline_n;
        byline_ok += want_byline == got_byline;
        if (list_all && want_byline != got_byline)
          std::printf("byline %-30s got \"%s\" want \"%s\"\n", name.c_str(), got_byline.c_str(), want_byline.c_str());
      }
    }
  }
  if (scores.empty()) {
    std::fprintf(stderr, "bench-html-extraction: no page named %s\n", dump.c_str());
    return 2;
  }

  const docpipe::bench::SetScore total =
      docpipe::bench::summarize(std::vector<docpipe::bench::ShingleScore>(scores.begin(), scores.end()));
  const double precision = total.precision, recall = total.recall, f1 = total.f1;

  std::printf("HTML article extraction: %zu pages from %s\n\n", scores.size(), dir.string().c_str());
  std::printf("  article text (4-token shingles)  precision %.3f  recall %.3f  F1 %.3f   (target F1 >= 0.95)\n",
              precision, recall, f1);
  std::printf("  title exact match                %5.1f%%  (%zu/%zu)                   (target >= 95%%)\n",
              title_n ? 100.0 * title_ok / title_n : 0.0, title_ok, title_n);
  std::printf("  byline exact match               %5.1f%%  (%zu/%zu, pages with a byline) (target >= 85%%)\n",
              byline_n ? 100.0 * byline_ok / byline_n : 0.0, byline_ok, byline_n);
  std::printf("  throughput                       %.1f MB/s read_html (%.1f MB in %.2f s); gumbo parse alone %.1f MB/s\n",
              bytes / 1e6 / seconds, bytes / 1e6, seconds, bytes / 1e6 / parse_seconds);
  std::printf("  extraction cost                  %.0f%% of the parse time (target: at most 100%%)\n",
              100.0 * (seconds - parse_seconds) / parse_seconds);
  if (failures) std::printf("  pages refused                    %zu\n", failures);

  std::sort(scores.begin(), scores.end(), [](const PageScore& a, const PageScore& b) { return a.f1 < b.f1; });
  std::printf("\n  worst pages               precision  recall     F1\n");
  for (std::size_t i = 0; i < std::min(worst, scores.size()); ++i)
    std::printf("  %-26s %8.3f %8.3f %8.3f\n", scores[i].name.c_str(), scores[i].precision, scores[i].recall,
                scores[i].f1);
  return 0;
}
