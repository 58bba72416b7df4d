// Helpers of the claims unit tests: documents made from sentences, the default engine, lookups.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "categories.hpp"
#include "claims_analyzer.hpp"

namespace docpipe::plugins::claims::test_support {

// One document from sentences joined by spaces, with the sentence and word annotations segment gives.
inline Document make_doc(const std::vector<std::string>& sentences, const std::vector<std::string>& kinds = {}) {
  Document doc;
  doc.id = "test";
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    if (!doc.text.empty()) doc.text += ' ';
    const std::uint64_t b = doc.text.size();
    doc.text += sentences[i];
    doc.annotate(annotation::sentence, {b, doc.text.size()}, Object{{"kind", i < kinds.size() ? kinds[i] : "sentence"}});
    std::uint64_t w = b;
    for (std::uint64_t k = b; k <= doc.text.size(); ++k)
      if (k == doc.text.size() || doc.text[k] == ' ') {
        if (k > w) doc.annotate(annotation::word, {w, k});
        w = k + 1;
      }
  }
  return doc;
}

inline const Engine& default_engine() {
  static const Engine engine(config_from_options(Options{}));
  return engine;
}

inline std::vector<SentenceResult> analyze(const std::vector<std::string>& sentences) {
  return default_engine().analyze(make_doc(sentences));
}

inline SentenceResult one(const std::string& sentence) {
  auto r = analyze({sentence});
  REQUIRE(r.size() == 1);
  return r.front();
}

inline std::vector<NumberValue> numbers(const std::string& text) {
  static const PhraseMatcher matcher(config_from_options(Options{}).lexicons);
  return read_numbers(tokenize(text), matcher);
}

inline bool has_trigger(const SentenceResult& r, std::string_view kind) {
  for (const Trigger& t : r.triggers)
    if (t.kind == kind) return true;
  return false;
}

inline bool has_evidence(const SentenceResult& r, std::string_view kind) {
  for (const Evidence& e : r.evidence)
    if (e.kind == kind) return true;
  return false;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace docpipe::plugins::claims::test_support
