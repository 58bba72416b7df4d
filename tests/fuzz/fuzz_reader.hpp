// The body every reader fuzz target shares: the plugin's reader, registered as the host would and
// built once with default options, fed each input. docpipe::Error is the expected way to refuse
// bad input; anything else is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "docpipe/testing.hpp"
#include "docpipe/text.hpp"

namespace docpipe::fuzz {

/// Reads data with the plugin's reader `name`.
inline int read_input(std::string_view name, const std::uint8_t* data, std::size_t size) {
  static testing::PluginUnderTest plugin;
  static const std::unique_ptr<Reader> reader = plugin.reader(name);
  std::vector<Document> out;
  try {
    reader->read(Input{"fuzz", "fuzz", std::string_view(reinterpret_cast<const char*>(data), size), ""}, out);
  } catch (const Error&) {
  }
  // What a later stage relies on: every annotation lies inside the text, and the text is UTF-8.
  for (const Document& doc : out) {
    if (!utf8_valid(doc.text)) __builtin_trap();
    for (const Annotation& a : doc.annotations)
      if (a.span.end > doc.text.size() || a.span.begin > a.span.end) __builtin_trap();
  }
  return 0;
}

}  // namespace docpipe::fuzz
