// The ASCII fast path must place exactly the word boundaries ICU's word iterator places: every
// document below is segmented both ways and the word spans, sentences and token streams compared.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <tuple>

#include "segmenter.hpp"

using namespace docpipe;
using docpipe::plugins::Segmenter;
namespace fs = std::filesystem;

namespace {

struct Segmented {
  std::vector<Span> words, sentences;
  std::vector<std::tuple<std::uint32_t, std::uint32_t, TokenKind, std::uint8_t>> tokens;
  std::size_t fast_units = 0, units = 0;
};

Segmented segment(const std::string& text, bool fast) {
  static Segmenter with("en", {}, true), without("en", {}, false);
  Document doc;
  doc.text = text;
  const auto counts = (fast ? with : without).segment(doc);
  Segmented s;
  for (const Annotation* a : doc.annotations_of(annotation::word)) s.words.push_back(a->span);
  for (const Annotation* a : doc.annotations_of(annotation::sentence)) s.sentences.push_back(a->span);
  for (const Token& t : doc.tokens) s.tokens.emplace_back(t.begin, t.end, t.kind, t.flags);
  s.fast_units = counts.fast_path_units;
  s.units = counts.fast_path_units + counts.icu_path_units;
  return s;
}

std::string show(const std::string& text, const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) out += "[" + text.substr(s.begin, s.size()) + "]";
  return out;
}

// Compares both paths on text; returns how many units took the fast path and adds the number of
// units to *units.
std::size_t same_both_ways(const std::string& name, const std::string& text, std::size_t* units = nullptr) {
  const Segmented icu = segment(text, false), fast = segment(text, true);
  if (units) *units += fast.units;
  INFO(name);
  if (icu.words != fast.words) {
    // Name the first difference, with its surroundings, rather than two long lists.
    std::size_t i = 0;
    while (i < icu.words.size() && i < fast.words.size() && icu.words[i] == fast.words[i]) ++i;
    const std::size_t at = i < icu.words.size() ? icu.words[i].begin : i < fast.words.size() ? fast.words[i].begin : 0;
    const std::size_t from = at > 40 ? at - 40 : 0;
    INFO("around: " << text.substr(from, 80));
    INFO("icu:  " << show(text, std::vector<Span>(icu.words.begin() + long(i), icu.words.begin() + long(std::min(i + 4, icu.words.size())))));
    INFO("fast: " << show(text, std::vector<Span>(fast.words.begin() + long(i), fast.words.begin() + long(std::min(i + 4, fast.words.size())))));
    CHECK(icu.words == fast.words);
  }
  CHECK(icu.sentences == fast.sentences);
  CHECK(icu.tokens == fast.tokens);
  return fast.fast_units;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t same_for_files(const fs::path& dir, std::size_t& fast_units, std::size_t& units) {
  std::size_t files = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    const std::string ext = e.path().extension().string();
    if (!e.is_regular_file() || (ext != ".txt" && ext != ".md" && ext != ".html")) continue;
    fast_units += same_both_ways(e.path().string(), slurp(e.path()), &units);
    ++files;
  }
  return files;
}

}  // namespace

TEST_CASE("fast path: the word boundaries of the examples and the fixtures are ICU's") {
  std::size_t fast = 0, units = 0;
  CHECK(same_for_files(DOCPIPE_EXAMPLES, fast, units) >= 5);
  CHECK(same_for_files(DOCPIPE_SEGMENT_FIXTURES "/..", fast, units) >= 10);
  INFO(fast << " of " << units << " units on the fast path");
  CHECK(fast * 10 >= units * 8);  // the fast path was taken, so the comparison compared something
}

TEST_CASE("fast path: the word boundaries of the shared corpus are ICU's") {
  if (!fs::is_directory(DOCPIPE_SHARED_CORPUS)) {
    WARN("shared corpus not found at " DOCPIPE_SHARED_CORPUS "; skipped");
    return;
  }
  std::size_t fast = 0, units = 0;
  CHECK(same_for_files(DOCPIPE_SHARED_CORPUS, fast, units) >= 3);
  INFO(fast << " of " << units << " units on the fast path");
  CHECK(fast * 10 >= units * 8);
}

TEST_CASE("fast path: generated text mixing scripts, marks, joiners and separators has ICU's word boundaries") {
  // Pieces chosen for the rules' edges: letters and digits glued by . ' , ; : and hyphens, curly
  // and straight quotes, accented and other-script letters, combining marks, emoji, '_', no-break
  // and other spaces, control characters.
  const std::vector<std::string> pieces = {
      "word", "Word", "WORD", "a", "I", "123", "1,000", "3.5", "1;2", "1'000", "e.g.", "U.S.", "don't", "don\u2019t",
      "\u2018quoted\u2019", "\u201cquoted\u201d", "\"q\"", "'", "\u2019", "\u2018", ".", ",", ";", ":", "!", "?", "-", "--",
      "\u2010", "\u2011", "\u2013", "\u2014", "\u2026", "(", ")", "[", "]", "%", "$", "#", "@", "/", "&", "*", "+", "=",
      " ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2009", "\u3000", "caf\u00e9", "na\u00efve",
      "\u00c6r\u00f8", "Stra\u00dfe", "\u0141\u00f3d\u017a", "\u03a9\u03bc\u03ad\u03b3\u03b1", "\u65e5\u672c\u8a9e",
      "\u0e20\u0e32\u0e29\u0e32", "\U0001F600", "\U0001F44D\U0001F3FD", "_", "a_b", "x\u0301", "\u00aa", "\u00b5",
      "\u00d7", "\u00f7", "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644", "\u00bd", "\u2070", "\x01", "\x7f", "2a3", "a1",
      "1a", "x.y", "1.a", "a.1", "Inc.", "Dr.", "\u00c0", "\u024f", "\u0250", "\u200d", "\ufeff"};
  std::mt19937 rng(20261204);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), len(1, 60);
  std::size_t fast_units = 0, units = 0;
  for (int doc = 0; doc < 3000; ++doc) {
    std::string text;
    for (std::size_t k = len(rng); k > 0; --k) text += pieces[pick(rng)];
    fast_units += same_both_ways("generated #" + std::to_string(doc) + ": " + text, text, &units);
  }
  // Both paths must have been exercised: text with foreign scripts goes to ICU, the rest not.
  CHECK(fast_units > units / 20);
  CHECK(fast_units < units);
}

TEST_CASE("fast path: random ASCII, every byte from 1 to 127, has ICU's word boundaries") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(1, 127), len(1, 200);
  for (int doc = 0; doc < 2000; ++doc) {
    std::string text;
    for (int k = len(rng); k > 0; --k) text += static_cast<char>(byte(rng));
    same_both_ways("ascii #" + std::to_string(doc), text);
  }
}
