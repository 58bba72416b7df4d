// What the segment and readability tests share on top of docpipe/testing.hpp: stage contexts for
// components built directly, and documents read through the real text reader.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "text_reader.hpp"
#include "docpipe/plugin.hpp"
#include "docpipe/testing.hpp"

namespace docpipe::testing {

/// A stage context whose options are resolved against specs as the host does (defaults filled
/// in, types checked); the logger keeps every message.
struct Context {
  Context(const std::vector<OptionSpec>& specs, const Object& given, std::string id = "stage")
      : id(std::move(id)), options(resolve_options(ComponentInfo{.options = specs}, given)) {}
  StageContext get() { return StageContext{id, options, log}; }
  std::string id;
  Options options;
  CapturingLogger log;
};

/// Reads text through the real text reader, so segmentation sees real paragraph/heading/list spans.
inline Document read_text(const std::string& text, const std::string& id = "test.txt") {
  Context ctx(plugins::TextReader::option_specs(), {}, "text");
  plugins::TextReader reader(ctx.get());
  std::vector<Document> docs;
  reader.read(Input{id, id, text, "text/plain"}, docs);
  return std::move(docs.at(0));
}

/// The whole content of a file ("" when it cannot be read, which fails the count checks).
inline std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
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
