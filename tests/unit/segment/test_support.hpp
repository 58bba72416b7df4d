// Helpers shared by the segment and readability tests: a silent logger, documents read through
// the real text reader, and quick access to sentences.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../../plugins/readers/text/text_reader.hpp"
#include "docpipe/plugin.hpp"

namespace docpipe::testing {

/// Swallows log messages; counts warnings so tests can assert on them.
class QuietLogger : public Logger {
 public:
  void log(LogLevel level, std::string_view) override { warnings += level >= LogLevel::warn; }
  bool enabled(LogLevel) const override { return false; }
  int warnings = 0;
};

/// A stage context over owned options.
struct Context {
  explicit Context(Object values = {}, std::string id = "stage") : id(std::move(id)), options(std::move(values)) {}
  StageContext get() { return StageContext{id, options, log}; }
  std::string id;
  Options options;
  QuietLogger log;
};

/// The text reader's defaults, spelled out because Options holds every declared option.
inline Object reader_defaults() {
  Object o;
  for (const OptionSpec& s : plugins::TextReader::option_specs()) o.set(s.name, s.default_value);
  return o;
}

/// Reads text through the real text reader, so segmentation sees real paragraph/heading/list spans.
inline Document read_text(const std::string& text, const std::string& id = "test.txt") {
  Context ctx(reader_defaults(), "text");
  plugins::TextReader reader(ctx.get());
  std::vector<Document> docs;
  reader.read(Input{id, id, text, "text/plain"}, docs);
  return std::move(docs.at(0));
}

/// The whole content of a file.
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Sentence annotations of kind (or all, when kind is empty), as text.
inline std::vector<std::string> sentence_texts(const Document& doc, std::string_view kind = "sentence") {
  std::vector<std::string> out;
  for (const Annotation* a : doc.annotations_of(annotation::sentence)) {
    const Value* k = a->features.find("kind");
    if (kind.empty() || (k && k->as_string() == kind)) out.emplace_back(doc.slice(a->span));
  }
  return out;
}

}  // namespace docpipe::testing
