// Latency of `docpipe lsp` as a writer feels it: one word changed in a 5,000-word Markdown file,
// then the time until that version's publishDiagnostics arrives (debounce 0, so the figure is the
// run itself: framing, the edit, a forked worker reading and analyzing the buffer, the encoding
// back). The server runs pinned to one core (taskset -c 0) with its workers. Also the server's
// resident and peak memory after each stretch of edits, which must stay flat.
//   docpipe-lsp-bench [--edits 200] [--rss-edits 2000] [--words 5000] [--no-pin] [--docpipe PATH]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "lsp_client.hpp"

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

// Prose with what the default analyzers look at: long and short sentences, figures, sources.
std::string markdown_of(std::size_t words, std::mt19937& rng) {
  static const std::vector<std::string> sentences = {
      "The council said that spending on roads rose by {n}% in {y}.",
      "Most residents agree that the new library is a success.",
      "According to the national statistics office, {n} thousand people moved to the region last year.",
      "We walked along the river and talked about nothing in particular.",
      "The report, which was published in {y} after a long review that involved several committees, a public "
      "consultation and a number of hearings in the regional parliament, concluded that the scheme had cost far more "
      "than anyone had expected when it was first proposed.",
      "Prices will double by {y} if nothing changes.",
      "She wrote the first draft in a week.",
      "Because the bridge was closed, traffic in the centre grew by {n}% within a month.",
      "Everyone knows that small shops are better for a town.",
      "The minister told reporters that the plan was fully funded.",
  };
  std::string out = "# A long document\n\n";
  std::size_t count = 0;
  int in_paragraph = 0;
  while (count < words) {
    std::string s = sentences[rng() % sentences.size()];
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"{n}", std::to_string(2 + rng() % 90)},
                                     {"{y}", std::to_string(1990 + rng() % 34)}})
      if (auto at = s.find(key); at != std::string::npos) s.replace(at, key.size(), value);
    count += static_cast<std::size_t>(std::count(s.begin(), s.end(), ' ') + 1);
    out += s;
    if (++in_paragraph == 5) {
      out += "\n\n";
      in_paragraph = 0;
      if (rng() % 4 == 0) out += "## Section " + std::to_string(count) + "\n\n";
    } else {
      out += rng() % 3 == 0 ? "\n" : " ";
    }
  }
  return out + "\n";
}

long status_kb(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size());
  return -1;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  int edits = 200, rss_edits = 2000;
  std::size_t words = 5000;
  bool pin = true;
  std::string docpipe = DOCPIPE_BIN;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--edits")
      edits = std::atoi(next().c_str());
    else if (a == "--rss-edits")
      rss_edits = std::atoi(next().c_str());
    else if (a == "--words")
      words = static_cast<std::size_t>(std::atol(next().c_str()));
    else if (a == "--no-pin")
      pin = false;
    else if (a == "--docpipe")
      docpipe = next();
    else {
      std::fprintf(stderr, "usage: %s [--edits N] [--rss-edits N] [--words N] [--no-pin] [--docpipe PATH]\n", argv[0]);
      return 2;
    }
  }
  std::mt19937 rng(21);
  const fs::path dir = fs::temp_directory_path() / ("docpipe-lsp-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string text = markdown_of(words, rng);
  { std::ofstream(dir / "long.md") << text; }
  const std::string uri = docpipe::test::file_uri(dir / "long.md");

  const bool taskset = pin && fs::exists("/usr/bin/taskset");
  docpipe::test::LspClient c(
      taskset ? "/usr/bin/taskset" : docpipe,
      taskset ? std::vector<std::string>{"-c", "0", docpipe, "lsp"} : std::vector<std::string>{"lsp"});
  c.initialize({{"initializationOptions", {{"debounce", 0}}}});
  c.notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}});
  const auto first = c.diagnostics(uri, 1, std::chrono::seconds(60));
  if (!first) {
    std::fprintf(stderr, "no diagnostics for the opened file\n");
    return 1;
  }
  std::printf("docpipe lsp: %zu-word Markdown file (%zu bytes), %zu diagnostics, server %s\n", words, text.size(),
              (*first)["diagnostics"].size(), taskset ? "pinned to one core (taskset -c 0)" : "not pinned");

  // The edits: the word at the start of a random line becomes another of the same length and back,
  // so the file keeps its size and findings from edit to edit.
  std::vector<std::uint32_t> lines;
  {
    std::uint32_t l = 0;
    for (std::size_t i = 0, start = 0; i <= text.size(); ++i)
      if (i == text.size() || text[i] == '\n') {
        if (i - start > 20 && text[start] != '#') lines.push_back(l);
        ++l;
        start = i + 1;
      }
  }
  int version = 1;
  auto edit = [&]() -> double {
    const std::uint32_t line = lines[rng() % lines.size()];
    const std::string word = version % 2 ? "Thx" : "The";
    const auto sent = Clock::now();
    ++version;
    c.notify(
        "textDocument/didChange",
        {{"textDocument", {{"uri", uri}, {"version", version}}},
         {"contentChanges",
          json::array(
              {{{"range", {{"start", {{"line", line}, {"character", 0}}}, {"end", {{"line", line}, {"character", 3}}}}},
                {"text", word}}})}});
    if (!c.diagnostics(uri, version, std::chrono::seconds(60))) {
      std::fprintf(stderr, "no diagnostics for version %d\n", version);
      std::exit(1);
    }
    return std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
  };

  std::vector<double> ms;
  for (int i = 0; i < edits; ++i) ms.push_back(edit());
  std::printf("didChange -> publishDiagnostics over %d edits: median %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms\n",
              edits, percentile(ms, 0.5), percentile(ms, 0.95), *std::min_element(ms.begin(), ms.end()),
              *std::max_element(ms.begin(), ms.end()));
  const pid_t pid = c.pid();
  std::printf("server RSS after %d edits: %ld kB (peak %ld kB)\n", edits, status_kb(pid, "VmRSS:"),
              status_kb(pid, "VmHWM:"));
  std::fflush(stdout);
  for (int done = edits; done < rss_edits;) {
    const int stretch = std::min(rss_edits - done, std::max(1, rss_edits / 4));
    for (int i = 0; i < stretch; ++i) edit();
    done += stretch;
    std::printf("server RSS after %d edits: %ld kB (peak %ld kB)\n", done, status_kb(pid, "VmRSS:"),
                status_kb(pid, "VmHWM:"));
    std::fflush(stdout);
  }
  c.request("shutdown", nullptr);
  c.notify("exit", nullptr);
  const auto code = c.wait();
  fs::remove_all(dir);
  return code == 0 ? 0 : 1;
}
