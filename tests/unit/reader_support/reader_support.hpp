// What the reader unit tests share on top of docpipe/testing.hpp: fixture loading, a one-call
// read through the plugin's own registration, and a compact view of the structure.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/testing.hpp"

namespace docpipe::testing {

/// Reads a file whole; an empty string when it cannot be opened makes the test fail visibly.
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The single document the plugin's reader makes of bytes, with options checked as the host does.
inline Document read_one(std::string_view reader, std::string_view bytes, const Object& options = {},
                         std::string_view uri = "input") {
  PluginUnderTest plugin;
  auto docs = plugin.read(reader, bytes, uri, options);
  if (docs.size() != 1) throw Error("expected one document, got " + std::to_string(docs.size()));
  return std::move(docs.front());
}

/// "type[text]" for every annotation of the given types, in order: compact golden structure.
inline std::vector<std::string> structure(const Document& doc, std::vector<std::string_view> types) {
  std::vector<std::string> out;
  for (const Annotation& a : doc.annotations)
    for (std::string_view t : types)
      if (a.type == t) out.push_back(a.type + "[" + std::string(doc.slice(a.span)) + "]");
  return out;
}

}  // namespace docpipe::testing
