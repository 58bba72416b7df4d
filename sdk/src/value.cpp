#include "docpipe/value.hpp"

#include <algorithm>
#include <string>

#include "docpipe/error.hpp"

namespace docpipe {
inline namespace v2 {

Object::Object(std::initializer_list<Entry> entries) {
  entries_.reserve(entries.size());
  for (const auto& e : entries) set(e.first, e.second);
}

const Value* Object::find(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.first == key) return &e.second;
  return nullptr;
}

Value* Object::find(std::string_view key) {
  for (auto& e : entries_)
    if (e.first == key) return &e.second;
  return nullptr;
}

Value& Object::set(std::string_view key, Value value) {
  if (Value* v = find(key)) {
    *v = std::move(value);
    return *v;
  }
  entries_.emplace_back(std::string(key), std::move(value));
  return entries_.back().second;
}

Value& Object::operator[](std::string_view key) {
  if (Value* v = find(key)) return *v;
  entries_.emplace_back(std::string(key), Value());
  return entries_.back().second;
}

bool Object::erase(std::string_view key) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.first == key; });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

std::string_view Value::type_name(Type t) {
  switch (t) {
    case Type::null: return "null";
    case Type::boolean: return "boolean";
    case Type::integer: return "integer";
    case Type::number: return "number";
    case Type::string: return "string";
    case Type::array: return "array";
    case Type::object: return "object";
  }
  return "unknown";
}

namespace {
[[noreturn]] void mismatch(Value::Type want, Value::Type have) {
  throw Error("value is " + std::string(Value::type_name(have)) + ", expected " + std::string(Value::type_name(want)));
}
}  // namespace

bool Value::as_bool() const {
  if (!is_bool()) mismatch(Type::boolean, type());
  return std::get<bool>(v_);
}
std::int64_t Value::as_int() const {
  if (!is_int()) mismatch(Type::integer, type());
  return std::get<std::int64_t>(v_);
}
double Value::as_double() const {
  if (is_int()) return static_cast<double>(std::get<std::int64_t>(v_));
  if (!is_double()) mismatch(Type::number, type());
  return std::get<double>(v_);
}
const std::string& Value::as_string() const {
  if (!is_string()) mismatch(Type::string, type());
  return std::get<std::string>(v_);
}
const Array& Value::as_array() const {
  if (!is_array()) mismatch(Type::array, type());
  return std::get<Array>(v_);
}
Array& Value::as_array() {
  if (!is_array()) mismatch(Type::array, type());
  return std::get<Array>(v_);
}
const Object& Value::as_object() const {
  if (!is_object()) mismatch(Type::object, type());
  return std::get<Object>(v_);
}
Object& Value::as_object() {
  if (!is_object()) mismatch(Type::object, type());
  return std::get<Object>(v_);
}

}  // namespace v2
}  // namespace docpipe
