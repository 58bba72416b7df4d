// Declared options of a component and the validated values a stage receives.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/value.hpp"

namespace docpipe {
inline namespace v2 {

/// Types an option may have; the host converts and checks TOML values against them.
enum class OptionType { boolean, integer, number, string, string_list };
/// "boolean", "integer", "number", "string" or "string list".
std::string_view to_string(OptionType t);

/// A check the host applies to a string option (to each element of a string list).
enum class StringCheck {
  any,          ///< free text, the empty string included
  non_empty,    ///< at least one byte
  output_file,  ///< a path inside the run's output directory: relative, no "..", not empty
  directory,    ///< "" or an existing directory
  file,         ///< "" or an existing readable file
};
/// "free text", "non-empty", "output file", "directory" or "file".
std::string_view to_string(StringCheck c);

/// A component's own check of a string option's value: why it is refused, or "" when it is
/// acceptable. Called by the host while the pipeline is loaded, before any document is read.
using StringValidator = std::string (*)(const std::string& value);

/// One option a component accepts. Fields are only ever appended, so designated and positional
/// initializers written for earlier SDKs keep compiling.
struct OptionSpec {
  std::string name;
  OptionType type = OptionType::string;
  Value default_value;  ///< null for none
  bool required = false;
  std::string description;
  std::vector<std::string> choices;  ///< allowed strings, empty for any
  std::optional<double> minimum;     ///< integer and number options: smallest allowed value
  std::optional<double> maximum;     ///< integer and number options: largest allowed value
  StringCheck check = StringCheck::any;  ///< string and string list options
  StringValidator validator = nullptr;   ///< string options: the component's own check
};

/// Read-only validated options: every declared option is present (default filled in) or null.
class Options {
 public:
  Options() = default;
  explicit Options(Object values) : values_(std::move(values)) {}

  bool has(std::string_view name) const;
  bool get_bool(std::string_view name) const;
  std::int64_t get_int(std::string_view name) const;
  double get_double(std::string_view name) const;
  const std::string& get_string(std::string_view name) const;
  std::vector<std::string> get_string_list(std::string_view name) const;
  /// The raw value, or a null value when absent.
  const Value& get(std::string_view name) const;
  const Object& values() const { return values_; }

 private:
  Object values_;
};

}  // namespace v2
}  // namespace docpipe
