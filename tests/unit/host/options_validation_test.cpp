#include <catch2/catch.hpp>

#include "config/pipeline_config.hpp"

using namespace docpipe;
using namespace docpipe::host;
using Catch::Matchers::Contains;

namespace {
ComponentInfo info() {
  ComponentInfo i;
  i.name = "demo";
  i.options = {
      {.name = "flag", .type = OptionType::boolean, .default_value = false, .description = "a flag"},
      {.name = "count", .type = OptionType::integer, .default_value = 3, .description = "a count"},
      {.name = "ratio", .type = OptionType::number, .default_value = 0.5, .description = "a ratio"},
      {.name = "mode", .type = OptionType::string, .default_value = "fast", .description = "a mode",
       .choices = {"fast", "slow"}},
      {.name = "words", .type = OptionType::string_list, .default_value = Array{}, .description = "words"},
      {.name = "path", .type = OptionType::string, .required = true, .description = "a path"},
  };
  return i;
}
RawOption raw(Value v, std::uint32_t line = 7) { return RawOption{std::move(v), Origin{"p.toml", line, 3}}; }
}  // namespace

TEST_CASE("defaults are filled and values converted") {
  std::vector<std::string> errors;
  const Options o = validate_options(info(), "d", {{"path", raw("x")}, {"ratio", raw(2)}}, Origin{"p.toml", 1, 1}, errors);
  CHECK(errors.empty());
  CHECK(o.get_bool("flag") == false);
  CHECK(o.get_int("count") == 3);
  CHECK(o.get_double("ratio") == 2.0);  // an integer is accepted where a number is expected
  CHECK(o.get("ratio").is_double());
  CHECK(o.get_string("mode") == "fast");
  CHECK(o.get_string_list("words").empty());
  CHECK(o.get_string("path") == "x");
}

TEST_CASE("every kind of option error is reported with its origin") {
  std::vector<std::string> errors;
  validate_options(info(), "d",
                   {{"flag", raw("yes", 2)},
                    {"count", raw(1.5, 3)},
                    {"mode", raw("medium", 4)},
                    {"words", raw(Array{Value("a"), Value(1)}, 5)},
                    {"colour", raw("red", 6)}},
                   Origin{"p.toml", 1, 1}, errors);
  REQUIRE(errors.size() == 6);
  CHECK_THAT(errors[0], Contains("p.toml:6:3: unknown option 'colour' for stage 'd' (plugin demo); valid options: flag, "
                                 "count, ratio, mode, words, path"));
  CHECK(errors[1] == "p.toml:2:3: option 'flag' of stage 'd' must be a boolean, got a string");
  CHECK(errors[2] == "p.toml:3:3: option 'count' of stage 'd' must be an integer, got a number");
  CHECK(errors[3] == "p.toml:4:3: option 'mode' of stage 'd' must be one of fast, slow, got \"medium\"");
  CHECK(errors[4] == "p.toml:5:3: option 'words' of stage 'd' must be a string list, got an array");
  CHECK(errors[5] == "p.toml:1:1: stage 'd' (plugin demo) is missing required option 'path' (string: a path)");
}
