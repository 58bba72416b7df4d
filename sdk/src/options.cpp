#include "docpipe/options.hpp"

#include "docpipe/error.hpp"

namespace docpipe {
inline namespace v2 {

std::string_view to_string(OptionType t) {
  switch (t) {
    case OptionType::boolean: return "boolean";
    case OptionType::integer: return "integer";
    case OptionType::number: return "number";
    case OptionType::string: return "string";
    case OptionType::string_list: return "string list";
  }
  return "unknown";
}

std::string_view to_string(StringCheck c) {
  switch (c) {
    case StringCheck::any: return "free text";
    case StringCheck::non_empty: return "non-empty";
    case StringCheck::output_file: return "output file";
    case StringCheck::directory: return "directory";
    case StringCheck::file: return "file";
  }
  return "unknown";
}

namespace {
const Value& require(const Object& values, std::string_view name) {
  const Value* v = values.find(name);
  if (v == nullptr || v->is_null()) throw Error("option '" + std::string(name) + "' is not set");
  return *v;
}
}  // namespace

bool Options::has(std::string_view name) const {
  const Value* v = values_.find(name);
  return v != nullptr && !v->is_null();
}
bool Options::get_bool(std::string_view name) const { return require(values_, name).as_bool(); }
std::int64_t Options::get_int(std::string_view name) const { return require(values_, name).as_int(); }
double Options::get_double(std::string_view name) const { return require(values_, name).as_double(); }
const std::string& Options::get_string(std::string_view name) const { return require(values_, name).as_string(); }
std::vector<std::string> Options::get_string_list(std::string_view name) const {
  std::vector<std::string> out;
  for (const Value& v : require(values_, name).as_array()) out.push_back(v.as_string());
  return out;
}
const Value& Options::get(std::string_view name) const {
  static const Value null_value;
  const Value* v = values_.find(name);
  return v ? *v : null_value;
}

}  // namespace v2
}  // namespace docpipe
