// A JSON-like value: what metadata, features, metrics and options are made of.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace docpipe {
inline namespace v2 {

class Value;

/// Ordered list of values.
using Array = std::vector<Value>;

/// String-keyed map that keeps insertion order, so outputs are stable run to run.
class Object {
 public:
  using Entry = std::pair<std::string, Value>;
  using const_iterator = std::vector<Entry>::const_iterator;
  using iterator = std::vector<Entry>::iterator;

  Object() = default;
  Object(std::initializer_list<Entry> entries);

  /// The value under key, or nullptr.
  const Value* find(std::string_view key) const;
  /// The value under key, or nullptr.
  Value* find(std::string_view key);
  /// True when key is present.
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  /// Sets key to value, replacing an existing entry in place.
  Value& set(std::string_view key, Value value);
  /// The value under key, inserted as null when missing.
  Value& operator[](std::string_view key);
  /// Removes key; returns whether it was there.
  bool erase(std::string_view key);

  std::size_t size() const;
  bool empty() const;
  const_iterator begin() const;
  const_iterator end() const;
  iterator begin();
  iterator end();
  void reserve(std::size_t n);

  friend bool operator==(const Object& a, const Object& b);

 private:
  std::vector<Entry> entries_;
};

/// null, bool, 64-bit integer, double, UTF-8 string, array or object.
class Value {
 public:
  enum class Type { null, boolean, integer, number, string, array, object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned i) : v_(static_cast<std::int64_t>(i)) {}
  Value(long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(long long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned long long i) : v_(static_cast<std::int64_t>(i)) {}
  Value(double d) : v_(d) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::null; }
  bool is_bool() const { return type() == Type::boolean; }
  bool is_int() const { return type() == Type::integer; }
  bool is_double() const { return type() == Type::number; }
  /// True for integers and doubles.
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return type() == Type::string; }
  bool is_array() const { return type() == Type::array; }
  bool is_object() const { return type() == Type::object; }

  /// Accessors throw docpipe::Error on a type mismatch.
  bool as_bool() const;
  std::int64_t as_int() const;
  /// Integers widen to double.
  double as_double() const;
  const std::string& as_string() const;
  const Array& as_array() const;
  Array& as_array();
  const Object& as_object() const;
  Object& as_object();

  /// The type's name as used in messages and JSON Schema ("integer", "string", ...).
  static std::string_view type_name(Type t);

  friend bool operator==(const Value& a, const Value& b) { return a.v_ == b.v_; }
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> v_;
};

// Defined once Value is complete: clang instantiates std::pair<std::string, Value> for them.
inline std::size_t Object::size() const { return entries_.size(); }
inline bool Object::empty() const { return entries_.empty(); }
inline Object::const_iterator Object::begin() const { return entries_.begin(); }
inline Object::const_iterator Object::end() const { return entries_.end(); }
inline Object::iterator Object::begin() { return entries_.begin(); }
inline Object::iterator Object::end() { return entries_.end(); }
inline void Object::reserve(std::size_t n) { entries_.reserve(n); }

inline bool operator==(const Object& a, const Object& b) { return a.entries_ == b.entries_; }
inline bool operator!=(const Object& a, const Object& b) { return !(a == b); }

}  // namespace v2
}  // namespace docpipe
