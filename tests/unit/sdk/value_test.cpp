#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "docpipe/error.hpp"
#include "docpipe/value.hpp"

using docpipe::Array;
using docpipe::Object;
using docpipe::Value;
using Catch::Matchers::Contains;

namespace {
std::vector<std::string> keys_of(const Object& o) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : o) keys.push_back(k);
  return keys;
}
}  // namespace

TEST_CASE("Value holds each JSON-like type and reports it", "[value]") {
  CHECK(Value().is_null());
  CHECK(Value(nullptr).type() == Value::Type::null);
  CHECK(Value(true).type() == Value::Type::boolean);
  CHECK(Value(42).type() == Value::Type::integer);
  CHECK(Value(42u).type() == Value::Type::integer);
  CHECK(Value(std::int64_t{-7}).type() == Value::Type::integer);
  CHECK(Value(std::uint64_t{7}).type() == Value::Type::integer);
  CHECK(Value(3.5).type() == Value::Type::number);
  CHECK(Value("text").type() == Value::Type::string);
  CHECK(Value(std::string("text")).type() == Value::Type::string);
  CHECK(Value(std::string_view("text")).type() == Value::Type::string);
  CHECK(Value(Array{1, 2}).type() == Value::Type::array);
  CHECK(Value(Object{{"a", 1}}).type() == Value::Type::object);

  // A string literal must not silently become a bool through pointer conversion.
  CHECK_FALSE(Value("false").is_bool());
  CHECK(Value(3.5).is_number());
  CHECK(Value(3).is_number());
  CHECK_FALSE(Value("3").is_number());
}

TEST_CASE("Value accessors return what was stored", "[value]") {
  CHECK(Value(true).as_bool());
  CHECK_FALSE(Value(false).as_bool());
  CHECK(Value(-12).as_int() == -12);
  CHECK(Value(std::numeric_limits<std::int64_t>::max()).as_int() == std::numeric_limits<std::int64_t>::max());
  CHECK(Value(0.25).as_double() == 0.25);
  CHECK(Value(7).as_double() == 7.0);  // integers widen
  CHECK(Value("héllo").as_string() == "héllo");

  Value arr(Array{1, "two", 3.0});
  REQUIRE(arr.as_array().size() == 3);
  CHECK(arr.as_array()[1].as_string() == "two");
  arr.as_array().emplace_back(nullptr);
  CHECK(arr.as_array().size() == 4);
  CHECK(arr.as_array().back().is_null());

  Value obj(Object{{"n", 1}});
  obj.as_object().set("m", 2);
  CHECK(obj.as_object().size() == 2);
  const Value& cobj = obj;
  CHECK(cobj.as_object().find("m")->as_int() == 2);
}

TEST_CASE("Value type mismatch throws docpipe::Error naming both types", "[value][errors]") {
  CHECK_THROWS_AS(Value("7").as_int(), docpipe::Error);
  CHECK_THROWS_WITH(Value("7").as_int(), Contains("string") && Contains("integer"));
  CHECK_THROWS_WITH(Value(1).as_bool(), Contains("integer") && Contains("boolean"));
  CHECK_THROWS_WITH(Value(1.5).as_int(), Contains("number") && Contains("integer"));
  CHECK_THROWS_WITH(Value(true).as_double(), Contains("boolean") && Contains("number"));
  CHECK_THROWS_WITH(Value().as_string(), Contains("null") && Contains("string"));
  CHECK_THROWS_WITH(Value(Object{}).as_array(), Contains("object") && Contains("array"));
  CHECK_THROWS_WITH(Value(Array{}).as_object(), Contains("array") && Contains("object"));

  Value mutable_int(3);
  CHECK_THROWS_AS(mutable_int.as_array(), docpipe::Error);
  CHECK_THROWS_AS(mutable_int.as_object(), docpipe::Error);
  // A failed access leaves the value untouched.
  CHECK(mutable_int.as_int() == 3);
}

TEST_CASE("Value::type_name gives the names used in messages and JSON Schema", "[value]") {
  CHECK(Value::type_name(Value::Type::null) == "null");
  CHECK(Value::type_name(Value::Type::boolean) == "boolean");
  CHECK(Value::type_name(Value::Type::integer) == "integer");
  CHECK(Value::type_name(Value::Type::number) == "number");
  CHECK(Value::type_name(Value::Type::string) == "string");
  CHECK(Value::type_name(Value::Type::array) == "array");
  CHECK(Value::type_name(Value::Type::object) == "object");
}

TEST_CASE("Object keeps insertion order", "[value][object]") {
  Object o;
  o.set("zeta", 1);
  o.set("alpha", 2);
  o.set("mid", 3);
  CHECK(keys_of(o) == std::vector<std::string>{"zeta", "alpha", "mid"});

  SECTION("set on an existing key replaces in place") {
    Value& v = o.set("zeta", "replaced");
    CHECK(v.as_string() == "replaced");
    CHECK(o.size() == 3);
    CHECK(keys_of(o) == std::vector<std::string>{"zeta", "alpha", "mid"});
    CHECK(o.find("zeta")->as_string() == "replaced");
  }
  SECTION("operator[] inserts null at the end when missing, finds when present") {
    CHECK(o["alpha"].as_int() == 2);
    CHECK(o.size() == 3);
    Value& fresh = o["new"];
    CHECK(fresh.is_null());
    CHECK(keys_of(o) == std::vector<std::string>{"zeta", "alpha", "mid", "new"});
    o["new"] = 9;
    CHECK(o.find("new")->as_int() == 9);
  }
  SECTION("erase removes one key and keeps the order of the rest") {
    CHECK(o.erase("alpha"));
    CHECK_FALSE(o.erase("alpha"));
    CHECK_FALSE(o.contains("alpha"));
    CHECK(o.find("alpha") == nullptr);
    CHECK(keys_of(o) == std::vector<std::string>{"zeta", "mid"});
    o.set("alpha", 4);
    CHECK(keys_of(o) == std::vector<std::string>{"zeta", "mid", "alpha"});
  }
  SECTION("find returns nullptr for missing keys, mutable find allows edits") {
    CHECK(o.find("nope") == nullptr);
    const Object& co = o;
    CHECK(co.find("nope") == nullptr);
    *o.find("mid") = 30;
    CHECK(co.find("mid")->as_int() == 30);
  }
  SECTION("iteration is mutable") {
    for (auto& [k, v] : o) v = Value(k);
    CHECK(o.find("alpha")->as_string() == "alpha");
  }
}

TEST_CASE("Object initializer list keeps order: a repeated key keeps its first position and last value",
          "[value][object]") {
  Object o{{"b", 1}, {"a", 2}, {"b", 3}};
  CHECK(o.size() == 2);
  CHECK(keys_of(o) == std::vector<std::string>{"b", "a"});
  CHECK(o.find("b")->as_int() == 3);
  CHECK(Object{}.empty());
}

TEST_CASE("Value and Object equality", "[value][object]") {
  CHECK(Value(1) == Value(1));
  CHECK(Value(1) != Value(2));
  // Integer and double are different types, even when numerically equal.
  CHECK(Value(1) != Value(1.0));
  CHECK(Value("a") == Value(std::string("a")));
  CHECK(Value() == Value(nullptr));
  CHECK(Value(false) != Value());
  CHECK(Value(Array{1, "x"}) == Value(Array{1, "x"}));
  CHECK(Value(Array{1, "x"}) != Value(Array{"x", 1}));

  Object a{{"k", 1}, {"nested", Object{{"deep", Array{true}}}}};
  Object b{{"k", 1}, {"nested", Object{{"deep", Array{true}}}}};
  CHECK(a == b);
  CHECK(Value(a) == Value(b));
  b["nested"].as_object()["deep"].as_array().emplace_back(false);
  CHECK(a != b);

  // Order is part of an object's identity: outputs keep it, so equal objects serialize equally.
  CHECK(Object{{"x", 1}, {"y", 2}} != Object{{"y", 2}, {"x", 1}});
}

TEST_CASE("Values copy deeply", "[value]") {
  Value original(Object{{"list", Array{1, 2}}});
  Value copy = original;
  copy.as_object()["list"].as_array().emplace_back(3);
  CHECK(original.as_object().find("list")->as_array().size() == 2);
  CHECK(copy.as_object().find("list")->as_array().size() == 3);
}
