#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "docpipe/text.hpp"

using docpipe::replacement_character;
using docpipe::utf8_append;
using docpipe::utf8_next;
using docpipe::utf8_sanitize;
using docpipe::utf8_valid;

namespace {
// Decodes all of s with utf8_next, recording each code point and how far it advanced.
struct Decoded {
  std::vector<char32_t> cps;
  std::vector<std::size_t> steps;
};
Decoded decode_all(std::string_view s) {
  Decoded d;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t before = pos;
    d.cps.push_back(utf8_next(s, pos));
    d.steps.push_back(pos - before);
  }
  return d;
}
constexpr std::string_view kFffd = "\xEF\xBF\xBD";
}  // namespace

TEST_CASE("utf8_next decodes valid sequences of every length", "[text]") {
  // "A", "é" (2 bytes), "€" (3 bytes), "😀" (4 bytes)
  const std::string s = "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  const Decoded d = decode_all(s);
  CHECK(d.cps == std::vector<char32_t>{U'A', 0xE9, 0x20AC, 0x1F600});
  CHECK(d.steps == std::vector<std::size_t>{1, 2, 3, 4});
}

TEST_CASE("utf8_next decodes the boundary code points", "[text]") {
  struct Case {
    std::string bytes;
    char32_t cp;
  };
  const std::vector<Case> cases = {
      {std::string(1, '\0'), 0x0},        {"\x7F", 0x7F},
      {"\xC2\x80", 0x80},                 {"\xDF\xBF", 0x7FF},
      {"\xE0\xA0\x80", 0x800},            {"\xED\x9F\xBF", 0xD7FF},
      {"\xEE\x80\x80", 0xE000},           {"\xEF\xBF\xBF", 0xFFFF},
      {"\xF0\x90\x80\x80", 0x10000},      {"\xF4\x8F\xBF\xBF", 0x10FFFF},
  };
  for (const auto& c : cases) {
    INFO("code point " << static_cast<unsigned long>(c.cp));
    std::size_t pos = 0;
    CHECK(utf8_next(c.bytes, pos) == c.cp);
    CHECK(pos == c.bytes.size());
    CHECK(utf8_valid(c.bytes));
  }
}

TEST_CASE("utf8_next rejects invalid sequences one byte at a time", "[text]") {
  struct Case {
    const char* what;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"overlong 2-byte NUL", "\xC0\x80"},
      {"overlong 2-byte '/'", "\xC1\xAF"},
      {"overlong 3-byte", "\xE0\x80\xAF"},
      {"overlong 3-byte just below U+0800", "\xE0\x9F\xBF"},
      {"overlong 4-byte", "\xF0\x80\x80\xAF"},
      {"overlong 4-byte just below U+10000", "\xF0\x8F\xBF\xBF"},
      {"high surrogate", "\xED\xA0\x80"},
      {"low surrogate", "\xED\xBF\xBF"},
      {"past U+10FFFF", "\xF4\x90\x80\x80"},
      {"lead byte F5", "\xF5\x80\x80\x80"},
      {"lead byte F8", "\xF8\x88\x80\x80\x80"},
      {"lead byte FF", "\xFF"},
      {"lone continuation byte", "\x80"},
      {"truncated 2-byte at end", "\xC3"},
      {"truncated 3-byte at end", "\xE2\x82"},
      {"truncated 4-byte at end", "\xF0\x9F\x98"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    std::size_t pos = 0;
    CHECK(utf8_next(c.bytes, pos) == replacement_character);
    CHECK(pos == 1);
    CHECK_FALSE(utf8_valid(c.bytes));
  }
}

TEST_CASE("utf8_next: a sequence cut short by ASCII resumes at the ASCII", "[text]") {
  const std::string s = "\xE2\x82" "A";
  const Decoded d = decode_all(s);
  // The lead byte and the orphaned continuation byte are each replaced; 'A' survives.
  CHECK(d.cps == std::vector<char32_t>{replacement_character, replacement_character, U'A'});
  CHECK(d.steps == std::vector<std::size_t>{1, 1, 1});
}

TEST_CASE("utf8_next decodes a literal U+FFFD as itself, three bytes", "[text]") {
  std::size_t pos = 0;
  CHECK(utf8_next(kFffd, pos) == replacement_character);
  CHECK(pos == 3);
}

TEST_CASE("utf8_append encodes every length and round-trips", "[text]") {
  for (char32_t cp : {char32_t{0x41}, char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF}, char32_t{0x800},
                      char32_t{0xD7FF}, char32_t{0xE000}, char32_t{0xFFFD}, char32_t{0xFFFF},
                      char32_t{0x10000}, char32_t{0x1F600}, char32_t{0x10FFFF}}) {
    INFO("code point " << static_cast<unsigned long>(cp));
    std::string out;
    utf8_append(out, cp);
    const std::size_t expected_len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    CHECK(out.size() == expected_len);
    CHECK(utf8_valid(out));
    std::size_t pos = 0;
    CHECK(utf8_next(out, pos) == cp);
    CHECK(pos == out.size());
  }
  std::string euro;
  utf8_append(euro, 0x20AC);
  CHECK(euro == "\xE2\x82\xAC");
}

TEST_CASE("utf8_append writes U+FFFD for code points UTF-8 cannot encode", "[text]") {
  for (char32_t cp : {char32_t{0xD800}, char32_t{0xDFFF}, char32_t{0x110000}, char32_t{0x7FFFFFFF}}) {
    INFO("code point " << static_cast<unsigned long>(cp));
    std::string out = "x";
    utf8_append(out, cp);
    CHECK(out == std::string("x") + std::string(kFffd));
    CHECK(utf8_valid(out));
  }
}

TEST_CASE("utf8_sanitize passes valid text through unchanged", "[text]") {
  const std::string in = "Plain ASCII, caf\xC3\xA9, \xE2\x82\xAC" "3.50, \xF0\x9F\x98\x80.";
  std::string out;
  const auto r = utf8_sanitize(in, out);
  CHECK(out == in);
  CHECK(r.invalid_sequences == 0);
  CHECK(utf8_valid(in));
  CHECK(utf8_valid(""));
}

TEST_CASE("utf8_sanitize appends to out", "[text]") {
  std::string out = "prefix:";
  utf8_sanitize("abc", out);
  CHECK(out == "prefix:abc");
}

TEST_CASE("utf8_sanitize replaces invalid bytes and reports the first offset", "[text]") {
  SECTION("a lone Latin-1 byte in ASCII") {
    const std::string in = "na\xEFve caf\xE9";  // Latin-1 "naïve café"
    std::string out;
    const auto r = utf8_sanitize(in, out);
    CHECK(r.invalid_sequences == 2);
    CHECK(r.first_invalid_offset == 2);
    CHECK(out == "na" + std::string(kFffd) + "ve caf" + std::string(kFffd));
    CHECK(utf8_valid(out));
  }
  SECTION("overlong and surrogate sequences: one U+FFFD per byte") {
    const std::string in = "a\xC0\x80" "b\xED\xA0\x80" "c";
    std::string out;
    const auto r = utf8_sanitize(in, out);
    CHECK(r.invalid_sequences == 5);
    CHECK(r.first_invalid_offset == 1);
    std::string expected = "a";
    for (int i = 0; i < 2; ++i) expected += kFffd;
    expected += "b";
    for (int i = 0; i < 3; ++i) expected += kFffd;
    expected += "c";
    CHECK(out == expected);
    CHECK(utf8_valid(out));
  }
  SECTION("a truncated sequence at the end") {
    const std::string in = "price: \xE2\x82";
    std::string out;
    const auto r = utf8_sanitize(in, out);
    CHECK(r.first_invalid_offset == 7);
    CHECK(r.invalid_sequences == 2);
    CHECK(out == "price: " + std::string(kFffd) + std::string(kFffd));
  }
  SECTION("invalid bytes after valid multi-byte text") {
    const std::string in = "\xE2\x82\xAC\xFF";
    std::string out;
    const auto r = utf8_sanitize(in, out);
    CHECK(r.invalid_sequences == 1);
    CHECK(r.first_invalid_offset == 3);
    CHECK(out == "\xE2\x82\xAC" + std::string(kFffd));
  }
}

TEST_CASE("A literal U+FFFD in the input is valid text, not an invalid sequence", "[text]") {
  const std::string in = "before " + std::string(kFffd) + " after";
  CHECK(utf8_valid(in));
  std::string out;
  const auto r = utf8_sanitize(in, out);
  CHECK(r.invalid_sequences == 0);
  CHECK(out == in);

  // Mixed: the real invalid byte is counted, the literal one is not.
  const std::string mixed = std::string(kFffd) + "\x80" + std::string(kFffd);
  CHECK_FALSE(utf8_valid(mixed));
  std::string out2;
  const auto r2 = utf8_sanitize(mixed, out2);
  CHECK(r2.invalid_sequences == 1);
  CHECK(r2.first_invalid_offset == 3);
  CHECK(out2 == std::string(kFffd) + std::string(kFffd) + std::string(kFffd));
}

TEST_CASE("utf8_valid: an invalid byte anywhere fails the whole string", "[text]") {
  CHECK(utf8_valid("hello"));
  CHECK_FALSE(utf8_valid("hello\x80"));
  CHECK_FALSE(utf8_valid("\x80hello"));
  CHECK_FALSE(utf8_valid("hel\xC3lo"));
  CHECK(utf8_valid(std::string("nul\0inside", 10)));
}
