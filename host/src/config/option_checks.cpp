#include "config/option_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace docpipe::host {
namespace fs = std::filesystem;

namespace {

std::string number_text(double d, bool integer) {
  char buf[40];
  if (integer && std::fabs(d) < 9.2e18)
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
  else
    std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

void check_range(const OptionSpec& spec, const Value& value, const std::string& where,
                 std::vector<std::string>& errors) {
  const bool integer = spec.type == OptionType::integer;
  // Integers compare as doubles: ranges are far inside the 2^53 where doubles stay exact.
  const double d = value.as_double();
  const bool low = spec.minimum && (std::isnan(d) || d < *spec.minimum);
  const bool high = spec.maximum && (std::isnan(d) || d > *spec.maximum);
  if (low || high)
    errors.push_back(where + "must be " + describe_range(spec) + ", got " +
                     (integer ? std::to_string(value.as_int()) : number_text(d, false)));
}

/// Why s is refused by check, or "".
std::string string_problem(StringCheck check, const std::string& s) {
  std::error_code ec;
  switch (check) {
    case StringCheck::any: return {};
    case StringCheck::non_empty: return s.empty() ? "must not be empty" : "";
    case StringCheck::output_file:
      if (s.empty()) return "must not be empty";
      for (const auto& part : fs::path(s))
        if (part.native().size() > 255) return "must not have a path component longer than 255 bytes";
      return {};
    case StringCheck::directory:
      if (s.empty() || fs::is_directory(s, ec)) return {};
      return "must be an existing directory, got \"" + s + "\"";
    case StringCheck::file:
      if (s.empty() || fs::is_regular_file(s, ec)) return {};
      return "must be an existing regular file, got \"" + s + "\"";
  }
  return {};
}

std::string join_choices(const std::vector<std::string>& choices) {
  std::string out;
  for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
  return out;
}

}  // namespace

std::string describe_range(const OptionSpec& spec) {
  const bool integer = spec.type == OptionType::integer;
  const char* kind = integer ? "an integer" : "a number";
  if (spec.minimum && spec.maximum)
    return std::string(kind) + " from " + number_text(*spec.minimum, integer) + " to " +
           number_text(*spec.maximum, integer);
  if (spec.minimum) return std::string(kind) + " of at least " + number_text(*spec.minimum, integer);
  if (spec.maximum) return std::string(kind) + " of at most " + number_text(*spec.maximum, integer);
  return kind;
}

void check_option_value(const OptionSpec& spec, const Value& value, const std::string& where,
                        std::vector<std::string>& errors) {
  switch (spec.type) {
    case OptionType::integer:
    case OptionType::number:
      if (value.is_number()) check_range(spec, value, where, errors);
      return;
    case OptionType::string:
      if (!value.is_string()) return;
      if (std::string why = string_problem(spec.check, value.as_string()); !why.empty()) {
        errors.push_back(where + why);
      } else if (spec.validator != nullptr) {
        // The validator is the plugin's code: a throwing one refuses the value, it does not stop the host.
        try {
          if (std::string own = spec.validator(value.as_string()); !own.empty()) errors.push_back(where + own);
        } catch (const std::exception& e) {
          errors.push_back(where + "was refused by the plugin's check: " + e.what());
        }
      }
      return;
    case OptionType::string_list:
      if (!value.is_array()) return;
      for (const Value& el : value.as_array()) {
        if (!el.is_string()) continue;
        const std::string& s = el.as_string();
        if (std::string why = string_problem(spec.check, s); !why.empty())
          errors.push_back(where + "element \"" + s + "\" " + why.substr(0, why.find(", got")));
        else if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end())
          errors.push_back(where + "element \"" + s + "\" must be one of " + join_choices(spec.choices));
      }
      return;
    case OptionType::boolean: return;
  }
}

}  // namespace docpipe::host
