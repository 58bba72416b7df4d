// The body every reader fuzz target shares: one reader built once with its default options, fed
// each input. docpipe::Error is the expected way to refuse bad input; anything else is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "docpipe/testing.hpp"
#include "docpipe/text.hpp"

namespace docpipe::fuzz {

/// Reads one input and checks what a later stage relies on: every annotation lies inside the
/// text, and the text is UTF-8.
inline int read_checked(Reader& reader, const std::uint8_t* data, std::size_t size) {
  std::vector<Document> out;
  try {
    reader.read(Input{"fuzz", "fuzz", std::string_view(reinterpret_cast<const char*>(data), size), ""}, out);
  } catch (const Error&) {
  }
  for (const Document& doc : out) {
    if (!utf8_valid(doc.text)) __builtin_trap();
    for (const Annotation& a : doc.annotations)
      if (a.span.end > doc.text.size() || a.span.begin > a.span.end) __builtin_trap();
  }
  return 0;
}

/// Reads data with the reader `name` of the plugin compiled into the target, registered and
/// configured as the host would.
inline int read_input(std::string_view name, const std::uint8_t* data, std::size_t size) {
  static testing::PluginUnderTest plugin;
  static const std::unique_ptr<Reader> reader = plugin.reader(name);
  return read_checked(*reader, data, size);
}

/// Logs nothing: a fuzz run must not grow a message list without bound.
class SilentLogger final : public Logger {
 public:
  void log(LogLevel, std::string_view) override {}
  bool enabled(LogLevel) const override { return false; }
};

/// Reads data with reader class R (which declares `static std::vector<OptionSpec> option_specs()`),
/// for targets that compile the reader without its plugin entry point.
template <class R>
int read_input(const std::uint8_t* data, std::size_t size) {
  static const Options options = [] {
    Object values;
    for (const OptionSpec& spec : R::option_specs()) values.set(spec.name, spec.default_value);
    return Options(std::move(values));
  }();
  static SilentLogger log;
  static R reader(StageContext{"fuzz", options, log});
  return read_checked(reader, data, size);
}

}  // namespace docpipe::fuzz
