// Declared options of a component and the validated values a stage receives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/value.hpp"

namespace docpipe {
inline namespace v1 {

/// Types an option may have; the host converts and checks TOML values against them.
enum class OptionType { boolean, integer, number, string, string_list };
/// "boolean", "integer", "number", "string" or "string list".
std::string_view to_string(OptionType t);

/// One option a component accepts.
struct OptionSpec {
  std::string name;
  OptionType type = OptionType::string;
  Value default_value;  ///< null for none
  bool required = false;
  std::string description;
  std::vector<std::string> choices;  ///< allowed strings, empty for any
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

}  // namespace v1
}  // namespace docpipe
