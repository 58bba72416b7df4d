#include "text_reader.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../support/test_logger.hpp"
#include "docpipe/text.hpp"

using docpipe::Document;
using docpipe::Error;
using docpipe::Input;
using docpipe::Object;
using docpipe::Options;
using docpipe::OptionSpec;
using docpipe::Severity;
using docpipe::Span;
using docpipe::StageContext;
using docpipe::plugins::TextReader;

namespace {

// The options as the host would hand them over: every declared option with its default, then
// the test's overrides.
Options reader_options(const Object& overrides) {
  Object values;
  for (const OptionSpec& spec : TextReader::option_specs()) values.set(spec.name, spec.default_value);
  for (const auto& [name, value] : overrides) values.set(name, value);
  return Options(std::move(values));
}

struct Fixture {
  explicit Fixture(const Object& overrides = {}) : options(reader_options(overrides)) {}

  Document read(std::string_view bytes, std::string_view uri = "docs/sample.txt") {
    std::vector<Document> out;
    reader.read(Input{"sample.txt", uri, bytes, "text/plain"}, out);
    REQUIRE(out.size() == 1);
    return std::move(out.front());
  }

  docpipe::test::TestLogger log;
  Options options;
  StageContext ctx{"text", options, log};
  TextReader reader{ctx};
};

Document read(std::string_view bytes, const Object& overrides = {}) { return Fixture(overrides).read(bytes); }

// "type[level]:text" per annotation, in order: compact to compare whole structures.
std::vector<std::string> outline(const Document& doc) {
  std::vector<std::string> out;
  for (const auto& a : doc.annotations) {
    std::string line = a.type;
    if (const auto* level = a.features.find("level")) line += std::to_string(level->as_int());
    out.push_back(line + ":" + std::string(doc.slice(a.span)));
  }
  return out;
}

std::string metadata(const Document& doc, std::string_view key) {
  const auto* v = doc.metadata.find(key);
  return v ? v->as_string() : "<none>";
}

std::string utf16(std::u16string_view units, bool little_endian) {
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (const char16_t u : units) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += little_endian ? lo : hi;
    out += little_endian ? hi : lo;
  }
  return out;
}

std::string refusal(std::string_view bytes, const Object& overrides = {}) {
  try {
    read(bytes, overrides);
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST_CASE("text reader declares its options with defaults", "[text_reader]") {
  const auto specs = TextReader::option_specs();
  REQUIRE(specs.size() == 4);
  CHECK(specs[0].name == "max_bytes");
  CHECK(specs[0].default_value.as_int() == 67108864);
  CHECK(specs[1].name == "heading_max_words");
  CHECK(specs[1].default_value.as_int() == 12);
  CHECK(specs[2].name == "paragraphs");
  CHECK(specs[2].default_value.as_string() == "auto");
  CHECK(specs[2].choices == std::vector<std::string>{"auto", "blank-lines", "lines"});
  CHECK(specs[3].name == "encoding");
  CHECK(specs[3].default_value.as_string() == "auto");
  for (const auto& s : specs) CHECK_FALSE(s.description.empty());
}

TEST_CASE("text reader refuses bad option values at construction", "[text_reader]") {
  CHECK_THROWS_WITH(Fixture(Object{{"max_bytes", 0}}), Catch::Contains("max_bytes"));
  CHECK_THROWS_WITH(Fixture(Object{{"heading_max_words", -1}}), Catch::Contains("heading_max_words"));
  CHECK_THROWS_WITH(Fixture(Object{{"paragraphs", "sometimes"}}), Catch::Contains("sometimes"));
  CHECK_THROWS_WITH(Fixture(Object{{"encoding", "klingon-8"}}), Catch::Contains("klingon-8") && Catch::Contains("encoding"));
  CHECK_NOTHROW(Fixture(Object{{"encoding", "Windows-1252"}}));
  CHECK_NOTHROW(Fixture(Object{{"encoding", "UTF-8"}}));
}

TEST_CASE("plain UTF-8 fills the document fields", "[text_reader]") {
  Fixture f;
  const Document doc = f.read("Just one sentence here.\n", "in/dir/sample.txt");
  CHECK(doc.id == "sample.txt");
  CHECK(doc.source_uri == "in/dir/sample.txt");
  CHECK(doc.media_type == "text/plain");
  CHECK(doc.text == "Just one sentence here.\n");
  CHECK(metadata(doc, "encoding") == "utf-8");
  CHECK(metadata(doc, "encoding_detection") == "<none>");  // valid UTF-8 is never run through detection
  CHECK(metadata(doc, "title") == "<none>");
  CHECK(doc.diagnostics.empty());
  CHECK(outline(doc) == std::vector<std::string>{"paragraph:Just one sentence here."});
  CHECK(f.log.count_at_least(docpipe::LogLevel::warn) == 0);
}

TEST_CASE("a UTF-8 byte order mark is stripped but offsets stay file offsets", "[text_reader]") {
  const Document doc = read("\xEF\xBB\xBFHello there.\n");
  CHECK(doc.text == "Hello there.\n");
  CHECK(metadata(doc, "encoding") == "utf-8-bom");
  CHECK(doc.source_map.source_offset(0) == 3u);
  const auto pos = doc.source_map.locate(6);  // "there"
  REQUIRE(pos);
  CHECK(pos->line == 1);
  CHECK(pos->column == 10);  // columns count the BOM's three bytes
}

TEST_CASE("UTF-16 with a byte order mark is converted, surrogate pairs included", "[text_reader]") {
  const bool little = GENERATE(true, false);
  const Document doc = read(utf16(u"Smile \U0001F600 now.\r\nNext line.", little));
  CHECK(doc.text == "Smile \xF0\x9F\x98\x80 now.\nNext line.");
  CHECK(metadata(doc, "encoding") == (little ? "utf-16le" : "utf-16be"));
  CHECK(doc.diagnostics.empty());
  // Positions refer to the decoded text: "Next" is line 2, column 1 of it.
  const auto next = doc.text.find("Next");
  const auto pos = doc.source_map.locate(next);
  REQUIRE(pos);
  CHECK(pos->line == 2);
  CHECK(pos->column == 1);
  CHECK(doc.source_map.source_offset(next) == next + 1);  // the decoded text still had the CR
}

TEST_CASE("unpaired UTF-16 surrogates become U+FFFD with a warning", "[text_reader]") {
  std::u16string units = u"a";
  units += char16_t(0xD800);  // high surrogate followed by a letter
  units += u"b";
  units += char16_t(0xDC00);  // low surrogate on its own
  units += u"c";
  units += char16_t(0xD83D);  // high surrogate at the very end
  const Document doc = read(utf16(units, true));
  CHECK(doc.text == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD");
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].severity == Severity::warning);
  CHECK(doc.diagnostics[0].stage == "text");
  CHECK_THAT(doc.diagnostics[0].message, Catch::Contains("docs/sample.txt") && Catch::Contains("3 invalid UTF-16") &&
                                             Catch::Contains("byte offset 4"));
}

TEST_CASE("an odd trailing byte in UTF-16 is replaced and reported", "[text_reader]") {
  const Document doc = read(utf16(u"ok", true) + "x");
  CHECK(doc.text == "ok\xEF\xBF\xBD");
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK_THAT(doc.diagnostics[0].message, Catch::Contains("1 invalid UTF-16 code unit ") && Catch::Contains("offset 6"));
}

TEST_CASE("invalid UTF-8 is replaced and the first offset and the count reported", "[text_reader]") {
  const Document doc = read("ab\xFF" "cd \xC3(\n");
  CHECK(doc.text == "ab\xEF\xBF\xBD" "cd \xEF\xBF\xBD(\n");
  REQUIRE(doc.diagnostics.size() == 1);
  const auto& d = doc.diagnostics[0];
  CHECK(d.severity == Severity::warning);
  CHECK(d.stage == "text");
  CHECK_THAT(d.message, Catch::StartsWith("docs/sample.txt: 2 invalid UTF-8 sequences") &&
                            Catch::Contains("first at byte offset 2"));
  // uchardet guesses something for any input; a guess that decodes into symbols is not taken.
  CHECK(metadata(doc, "encoding") == "utf-8");
  CHECK(metadata(doc, "encoding_detection") == "fallback");
  // The text after a replacement still maps to its own source byte.
  CHECK(doc.source_map.source_offset(doc.text.find("cd")) == 3u);
  // Well-formed U+FFFD in the input is text, not an error.
  CHECK(read("already \xEF\xBF\xBD here").diagnostics.empty());
}

TEST_CASE("invalid UTF-8 after a BOM reports the offset in the file", "[text_reader]") {
  const Document doc = read("\xEF\xBB\xBFok \xE9t\xE9");
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK_THAT(doc.diagnostics[0].message,
             Catch::Contains("2 invalid UTF-8 sequences") && Catch::Contains("byte offset 6") &&
                 Catch::Contains("legacy 8-bit encoding"));
}

TEST_CASE("binary input is refused with the offset of the first NUL", "[text_reader]") {
  CHECK(refusal(std::string("text\0more", 9)) == "docs/sample.txt: binary file (NUL byte at offset 4), not text");
  CHECK(refusal(std::string("\xEF\xBB\xBF" "a\0", 5)) ==
        "docs/sample.txt: binary file (NUL byte at offset 4), not text");
  // ASCII UTF-16 without a BOM is the usual reason for NULs in a "text" file: with detection off,
  // the refusal says so (with it on, it is decoded: see the encoding tests).
  CHECK_THAT(refusal(std::string("h\0i\0 \0t\0h\0e\0r\0e\0", 16), Object{{"encoding", "utf-8"}}),
             Catch::StartsWith("docs/sample.txt: binary file (NUL byte at offset 1), not text") &&
                 Catch::Contains("UTF-16 without a byte order mark"));
  CHECK_THAT(refusal(utf16(std::u16string(u"ab\0c", 4), true)),
             Catch::Contains("binary file (NUL character at offset 6)"));
}

TEST_CASE("input with many control bytes is refused as binary", "[text_reader]") {
  std::string bytes = "header";
  for (int i = 0; i < 20; ++i) bytes += "\x01\x02\x03 data ";
  CHECK_THAT(refusal(bytes), Catch::StartsWith("docs/sample.txt: binary file (60 control characters") &&
                                 Catch::Contains("first at offset 6") && Catch::EndsWith("not text"));
  // Form feeds, tabs and the odd escape are text.
  CHECK_NOTHROW(read("page one.\f\npage\ttwo \x1B[1mbold\x1B[0m.\n"));
}

TEST_CASE("an empty file gives one empty document and a warning", "[text_reader]") {
  const Document doc = read("");
  CHECK(doc.text.empty());
  CHECK(doc.annotations.empty());
  CHECK(metadata(doc, "encoding") == "utf-8");
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].severity == Severity::warning);
  CHECK(doc.diagnostics[0].message == "docs/sample.txt: empty file");

  const Document blank = read("\xEF\xBB\xBF  \n\n\t\n");
  CHECK(blank.annotations.empty());
  REQUIRE(blank.diagnostics.size() == 1);
  CHECK_THAT(blank.diagnostics[0].message, Catch::Contains("no text"));
}

TEST_CASE("inputs over max_bytes are refused naming size and limit", "[text_reader]") {
  const Object limit{{"max_bytes", 10}};
  CHECK(refusal("0123456789A", limit) ==
        "docs/sample.txt: 11 bytes is more than the text reader's max_bytes limit of 10 bytes");
  CHECK_NOTHROW(read("0123456789", limit));
}

TEST_CASE("CRLF and lone CR become LF and map back to their lines", "[text_reader]") {
  const Document crlf = read("First line.\r\nSecond line.\r\n");
  CHECK(crlf.text == "First line.\nSecond line.\n");
  const auto second = crlf.text.find("Second");
  CHECK(crlf.source_map.source_offset(second) == 13u);
  const auto pos = crlf.source_map.locate(second + 7);  // "line."
  REQUIRE(pos);
  CHECK(pos->line == 2);
  CHECK(pos->column == 8);

  const Document cr = read("Old Mac file.\rSecond line.\r");
  CHECK(cr.text == "Old Mac file.\nSecond line.\n");
  const auto mac = cr.source_map.locate(cr.text.find("Second"));
  REQUIRE(mac);
  CHECK(mac->line == 2);
  CHECK(mac->column == 1);
}

TEST_CASE("every annotation maps back to the same bytes in the original file", "[text_reader]") {
  const std::string original =
      "Release Notes\r\n\r\n"
      "What changed\r\n"
      "The reader now keeps a map from its text back to the file.\r\n"
      "- Line ends are normalised.\r\n"
      "  \xE2\x80\xA2 Nested bullet with caf\xC3\xA9.\r\n"
      "> Quoted words.\r\n";
  const Document doc = read(original);
  REQUIRE(doc.annotations.size() >= 5);
  for (const auto& a : doc.annotations) {
    INFO(a.type << " " << doc.slice(a.span));
    const auto offset = doc.source_map.source_offset(a.span.begin);
    REQUIRE(offset);
    CHECK(original.substr(*offset, a.span.size()) == doc.slice(a.span));
    const auto pos = doc.source_map.locate(a.span.begin);
    REQUIRE(pos);
    // Recompute line:column by hand from the original bytes.
    std::uint64_t line = 1, line_start = 0;
    for (std::uint64_t i = 0; i < *offset; ++i)
      if (original[i] == '\n') ++line, line_start = i + 1;
    CHECK(pos->line == line);
    CHECK(pos->column == *offset - line_start + 1);
  }
  const auto nested = doc.source_map.locate(doc.text.find("Nested"));
  REQUIRE(nested);
  CHECK(nested->line == 6);
  CHECK(nested->column == 7);  // two spaces, three bytes of bullet, one space
}

TEST_CASE("hard-wrapped prose separated by blank lines", "[text_reader]") {
  const Document doc = read(
      "A Short Guide to Wrapped Text\n"
      "\n"
      "Introduction\n"
      "\n"
      "This guide explains how the reader treats text that an editor wrapped\n"
      "at a fixed width. The breaks inside a paragraph like this one are not\n"
      "paragraph breaks at all, so the lines form one paragraph.\n"
      "\n"
      "A second paragraph follows after a blank line and is wrapped the same\n"
      "way, ending with a short line.\n");
  CHECK(outline(doc) == std::vector<std::string>{
                            "title1:A Short Guide to Wrapped Text",
                            "heading1:A Short Guide to Wrapped Text",
                            "heading2:Introduction",
                            "paragraph:This guide explains how the reader treats text that an editor wrapped\n"
                            "at a fixed width. The breaks inside a paragraph like this one are not\n"
                            "paragraph breaks at all, so the lines form one paragraph.",
                            "paragraph:A second paragraph follows after a blank line and is wrapped the same\n"
                            "way, ending with a short line.",
                        });
  CHECK(metadata(doc, "title") == "A Short Guide to Wrapped Text");
}

TEST_CASE("hard-wrapped prose without blank lines splits at short sentence-final lines", "[text_reader]") {
  const Document doc = read(
      "Introduction\n"
      "This first paragraph is wrapped at a fixed width of about seventy\n"
      "columns and ends here.\n"
      "The second paragraph begins right after it without a blank line, and\n"
      "it is wrapped the same way.\n"
      "Second Part\n"
      "Then a heading stands alone between two paragraphs, and the text goes\n"
      "on below it.\n");
  CHECK(outline(doc) == std::vector<std::string>{
                            "title1:Introduction",
                            "heading1:Introduction",
                            "paragraph:This first paragraph is wrapped at a fixed width of about seventy\n"
                            "columns and ends here.",
                            "paragraph:The second paragraph begins right after it without a blank line, and\n"
                            "it is wrapped the same way.",
                            "heading2:Second Part",
                            "paragraph:Then a heading stands alone between two paragraphs, and the text goes\n"
                            "on below it.",
                        });
}

TEST_CASE("web text with one paragraph per line and no blank lines", "[text_reader]") {
  const Document doc = read(
      "Web pages often come out of text extraction with each paragraph on one single long line, and with no "
      "blank lines between the paragraphs at all.\n"
      "Why It Matters\n"
      "Counting such a page as one paragraph would make every paragraph statistic meaningless, so each line "
      "counts on its own.\n"
      "Short paragraphs happen too.\n"
      "And so do two in a row.\n"
      "Common Markers\n"
      "- Install the package.\n"
      "* Run the example.\n"
      "\xE2\x80\xA2 Read the output.\n"
      "\xE2\x97\x8F Check the log.\n"
      "1. First numbered step.\n"
      "12) Twelfth numbered step.\n"
      "> A quoted remark on its own line.\n"
      "2024. That year a number started the line, which does not make it a list item at all.\n");
  CHECK(outline(doc) == std::vector<std::string>{
                            "paragraph:Web pages often come out of text extraction with each paragraph on one single "
                            "long line, and with no blank lines between the paragraphs at all.",
                            "heading2:Why It Matters",
                            "paragraph:Counting such a page as one paragraph would make every paragraph statistic "
                            "meaningless, so each line counts on its own.",
                            "paragraph:Short paragraphs happen too.",
                            "paragraph:And so do two in a row.",
                            "heading2:Common Markers",
                            "list_item:Install the package.",
                            "list_item:Run the example.",
                            "list_item:Read the output.",
                            "list_item:Check the log.",
                            "list_item:First numbered step.",
                            "list_item:Twelfth numbered step.",
                            "quote:A quoted remark on its own line.",
                            "paragraph:2024. That year a number started the line, which does not make it a list item "
                            "at all.",
                        });
  CHECK(metadata(doc, "title") == "<none>");
  const auto items = doc.annotations_of("list_item");
  REQUIRE(items.size() == 6);
  CHECK(items[0]->features.find("ordered")->as_bool() == false);
  CHECK(items[4]->features.find("ordered")->as_bool() == true);
}

TEST_CASE("short questions on their own lines are paragraphs, not headings", "[text_reader]") {
  const Document doc = read(
      "Explore\n"
      "What Role Does Agility Play In Innovation?\n"
      "How Can Small Firms Grow?\n");
  CHECK(outline(doc) == std::vector<std::string>{
                            "title1:Explore",
                            "heading1:Explore",
                            "paragraph:What Role Does Agility Play In Innovation?",
                            "paragraph:How Can Small Firms Grow?",
                        });
  // The longest line of a block fills the width by definition; ending a question, it votes for
  // neither reading, so the heading's break decides.
  const Document longest = read(
      "Questions\n"
      "What Role Does Agility Play In Small Business Innovation Today, Then?\n"
      "How Can Small Firms Grow?\n");
  CHECK(outline(longest) == std::vector<std::string>{
                                "title1:Questions",
                                "heading1:Questions",
                                "paragraph:What Role Does Agility Play In Small Business Innovation Today, Then?",
                                "paragraph:How Can Small Firms Grow?",
                            });
}

TEST_CASE("a short line continued in lower case is not a heading", "[text_reader]") {
  const Document doc = read(
      "Most of the results\n"
      "show that short lines can simply be ragged wrapping.\n"
      "\n"
      "A closing line.\n");
  CHECK(outline(doc) == std::vector<std::string>{
                            "paragraph:Most of the results\nshow that short lines can simply be ragged wrapping.",
                            "paragraph:A closing line.",
                        });
}

TEST_CASE("a short line with terminal punctuation or too many words is not a heading", "[text_reader]") {
  const Document doc = read(
      "Note:\n\nThis line follows.\n\n"
      "One two three four five six seven eight nine ten eleven twelve thirteen\n\nLast line here.\n");
  CHECK(doc.annotations_of("heading").empty());
  CHECK(doc.annotations_of("paragraph").size() == 4);
}

TEST_CASE("wrapped list items and quotes keep their continuation lines", "[text_reader]") {
  const Document doc = read(
      "Shopping\n"
      "\n"
      "- An item whose text the editor wrapped\n"
      "  onto an indented second line.\n"
      "- A short item.\n"
      "\n"
      "> A quotation that the author wrapped\n"
      "> over two lines.\n"
      ">\n"
      "> A second quoted paragraph.\n");
  CHECK(outline(doc) == std::vector<std::string>{
                            "title1:Shopping",
                            "heading1:Shopping",
                            "list_item:An item whose text the editor wrapped\n  onto an indented second line.",
                            "list_item:A short item.",
                            "quote:A quotation that the author wrapped\n> over two lines.",
                            "quote:A second quoted paragraph.",
                        });
}

TEST_CASE("underlined headings and decoration lines", "[text_reader]") {
  const Document doc = read(
      "Overview\n"
      "========\n"
      "\n"
      "Some opening words.\n"
      "\n"
      "* * *\n"
      "\n"
      "Details\n"
      "-------\n"
      "More words follow.\n"
      "A sentence over a rule.\n"
      "---\n"
      "The end.\n");
  CHECK(outline(doc) == std::vector<std::string>{
                            "title1:Overview",
                            "heading1:Overview",
                            "paragraph:Some opening words.",
                            "heading2:Details",
                            "paragraph:More words follow.",
                            "paragraph:A sentence over a rule.",
                            "paragraph:The end.",
                        });
}

TEST_CASE("annotation spans exclude indentation and trailing white space", "[text_reader]") {
  const Document doc = read("   Indented paragraph text.   \t\n\nSecond.  ");
  CHECK(outline(doc) == std::vector<std::string>{"paragraph:Indented paragraph text.", "paragraph:Second."});
  CHECK(doc.annotations[0].span == Span{3, 27});
}

TEST_CASE("heading_max_words controls heading detection", "[text_reader]") {
  const std::string text = "Three Word Heading\n\nA paragraph below it.\n\nTwo Words\n\nAnother paragraph.\n";
  CHECK(read(text, Object{{"heading_max_words", 0}}).annotations_of("heading").empty());
  const Document two = read(text, Object{{"heading_max_words", 2}});
  CHECK(outline(two) == std::vector<std::string>{"paragraph:Three Word Heading", "paragraph:A paragraph below it.",
                                                 "heading2:Two Words", "paragraph:Another paragraph."});
}

TEST_CASE("the paragraphs option overrides the automatic choice", "[text_reader]") {
  const std::string text =
      "The first line of a wrapped paragraph that goes on for a while\n"
      "and the second line of it.\n"
      "\n"
      "Another block.\n";
  CHECK(outline(read(text)) == std::vector<std::string>{
                                   "paragraph:The first line of a wrapped paragraph that goes on for a while\n"
                                   "and the second line of it.",
                                   "paragraph:Another block."});
  CHECK(outline(read(text, Object{{"paragraphs", "lines"}})) ==
        std::vector<std::string>{"paragraph:The first line of a wrapped paragraph that goes on for a while",
                                 "paragraph:and the second line of it.", "paragraph:Another block."});
  const std::string web = "First one.\nSecond one.\n- item\n";
  CHECK(outline(read(web, Object{{"paragraphs", "blank-lines"}})) ==
        std::vector<std::string>{"paragraph:First one.\nSecond one.", "list_item:item"});
  CHECK(outline(read(web)) ==
        std::vector<std::string>{"paragraph:First one.", "paragraph:Second one.", "list_item:item"});
}

TEST_CASE("the reader logs a summary at debug level only", "[text_reader]") {
  Fixture f;
  f.read("Hello.\n");
  REQUIRE(f.log.entries.size() == 1);
  CHECK(f.log.entries[0].level == docpipe::LogLevel::debug);
  CHECK_THAT(f.log.entries[0].message, Catch::Contains("docs/sample.txt") && Catch::Contains("utf-8"));
}

// ---------------------------------------------------------------------------------------------
// Encoding detection. The fixtures are made here from UTF-8 literals, so the expected text is
// the literal itself.

namespace {

// Encodes UTF-8 text whose code points are all below U+0100 as ISO-8859-1.
std::string latin1(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = docpipe::utf8_next(utf8, i);
    REQUIRE(c < 0x100);
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// Windows-1252: Latin-1 plus the typographic characters it puts at 0x80-0x9F.
std::string cp1252(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = docpipe::utf8_next(utf8, i);
    switch (c) {
      case 0x20AC: out.push_back('\x80'); break;  // €
      case 0x2013: out.push_back('\x96'); break;  // –
      case 0x2014: out.push_back('\x97'); break;  // —
      case 0x2018: out.push_back('\x91'); break;
      case 0x2019: out.push_back('\x92'); break;
      case 0x201C: out.push_back('\x93'); break;
      case 0x201D: out.push_back('\x94'); break;
      default:
        REQUIRE(c < 0x100);
        out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

// UTF-16 code units of ASCII/BMP text without a byte order mark.
std::string utf16_no_bom(std::u16string_view units, bool little_endian) { return utf16(units, little_endian).substr(2); }

const char* const kFrench =
    "Le caf\xC3\xA9 de la gare \xC3\xA9tait ferm\xC3\xA9 ce matin.\n"
    "Les habitu\xC3\xA9s ont attendu devant la porte, un peu d\xC3\xA9\xC3\xA7us, puis ils sont all\xC3\xA9s \xC3\xA0 la "
    "boulangerie o\xC3\xB9 l'on vend d\xC3\xA9j\xC3\xA0 des g\xC3\xA2teaux.\n";

}  // namespace

TEST_CASE("Latin-1 text is detected and converted, and positions refer to the decoded lines", "[text_reader][encoding]") {
  const Document doc = read(latin1(kFrench));
  CHECK(doc.text == kFrench);
  CHECK(metadata(doc, "encoding") == "iso-8859-1");
  CHECK(metadata(doc, "encoding_detection") == "detected");
  // A note (not a warning) says what was done and why; nothing was replaced.
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].severity == Severity::info);
  CHECK_THAT(doc.diagnostics[0].message, Catch::Contains("first invalid byte at offset 6") &&
                                             Catch::Contains("decoded as iso-8859-1"));
  // "porte" is on line 2; its column counts bytes of the decoded UTF-8 line (the two-byte é of
  // "habitués" included), not bytes of the Latin-1 file.
  const std::string line2 = std::string(kFrench).substr(std::string(kFrench).find('\n') + 1);
  const auto porte = doc.text.find("porte");
  const auto pos = doc.source_map.locate(porte);
  REQUIRE(pos);
  CHECK(pos->line == 2);
  CHECK(pos->column == line2.find("porte") + 1);
  CHECK(outline(doc).size() == 2);
}

TEST_CASE("Windows-1252 quotes, dashes and the euro sign are detected as Windows-1252", "[text_reader][encoding]") {
  const std::string text =
      "\xE2\x80\x9CWe paid \xE2\x82\xAC" "40 for the caf\xC3\xA9\xE2\x80\x99s tasting menu\xE2\x80\x9D, she said \xE2\x80\x93 "
      "and the na\xC3\xAFve waiter\xE2\x80\x99s r\xC3\xA9sum\xC3\xA9 impressed nobody at all.\n"
      "The owner\xE2\x80\x99s reply \xE2\x80\x94 brief and polite \xE2\x80\x94 came a week later.\n";
  const Document doc = read(cp1252(text));
  CHECK(doc.text == text);
  CHECK(metadata(doc, "encoding") == "windows-1252");
  CHECK(metadata(doc, "encoding_detection") == "detected");
  CHECK(doc.text.find("\xEF\xBF\xBD") == std::string::npos);
}

TEST_CASE("Shift-JIS text is detected and converted", "[text_reader][encoding]") {
  const std::string expected =
      "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAE\xE5\xA4\xA9\xE6\xB0\x97\xE3\x81\xAF\xE6\x99\xB4\xE3\x82\x8C\xE3\x81\xA7"
      "\xE3\x81\x99\xE3\x80\x82\n"
      "\xE6\x98\x8E\xE6\x97\xA5\xE3\x81\xAF\xE9\x9B\xA8\xE3\x81\x8C\xE9\x99\x8D\xE3\x82\x8B\xE3\x81\xA7\xE3\x81\x97"
      "\xE3\x82\x87\xE3\x81\x86\xE3\x80\x82\xE9\x80\xB1\xE6\x9C\xAB\xE3\x81\xAF\xE6\x9B\x87\xE3\x82\x8A\xE3\x81\xAE"
      "\xE4\xBA\x88\xE5\xA0\xB1\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x82\n";
  const Document doc = read(from_hex(
      "938C8B9E82CC93568B4382CD90B082EA82C582B781420A96BE93FA82CD894A82AA8D7E82E982C582B582E582A481428F54969682CD93DC"
      "82E882CC975C95F182C582B781420A"));
  CHECK(doc.text == expected);
  CHECK(metadata(doc, "encoding") == "shift_jis");
  CHECK(metadata(doc, "encoding_detection") == "detected");
  const auto pos = doc.source_map.locate(doc.text.find("\xE9\x80\xB1"));  // 週, on line 2
  REQUIRE(pos);
  CHECK(pos->line == 2);
}

TEST_CASE("UTF-16 without a byte order mark is told by its NUL bytes", "[text_reader][encoding]") {
  const bool little = GENERATE(true, false);
  const Document doc = read(utf16_no_bom(u"Plain text saved as UTF-16.\r\nSecond line, caf\u00E9.\r\n", little));
  CHECK(doc.text == "Plain text saved as UTF-16.\nSecond line, caf\xC3\xA9.\n");
  CHECK(metadata(doc, "encoding") == (little ? "utf-16le" : "utf-16be"));
  CHECK(metadata(doc, "encoding_detection") == "nul-pattern");
  CHECK(doc.diagnostics.empty());
  const auto pos = doc.source_map.locate(doc.text.find("Second"));
  REQUIRE(pos);
  CHECK(pos->line == 2);
  CHECK(pos->column == 1);
}

TEST_CASE("encoding = utf-8 keeps the repair behaviour and never detects", "[text_reader][encoding]") {
  const Document doc = read(latin1(kFrench), Object{{"encoding", "utf-8"}});
  CHECK(metadata(doc, "encoding") == "utf-8");
  CHECK(metadata(doc, "encoding_detection") == "<none>");
  CHECK(doc.text.find("caf\xEF\xBF\xBD") != std::string::npos);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].severity == Severity::warning);
  CHECK_THAT(doc.diagnostics[0].message, Catch::Contains("legacy 8-bit encoding") &&
                                             !Catch::Contains("could not be detected"));
}

TEST_CASE("a forced encoding converts every input and reports undefined bytes", "[text_reader][encoding]") {
  // Latin-1 read as Windows-1252 on purpose, even though it is also valid ASCII up to the é.
  const Document doc = read(latin1("D\xC3\xA9j\xC3\xA0 vu.\n"), Object{{"encoding", "windows-1252"}});
  CHECK(doc.text == "D\xC3\xA9j\xC3\xA0 vu.\n");
  CHECK(metadata(doc, "encoding") == "windows-1252");
  CHECK(metadata(doc, "encoding_detection") == "forced");
  CHECK(doc.diagnostics.empty());

  const Document ascii = read("abc \xE9 def \xFF.\n", Object{{"encoding", "US-ASCII"}});
  CHECK(ascii.text == "abc \xEF\xBF\xBD def \xEF\xBF\xBD.\n");
  CHECK(metadata(ascii, "encoding_detection") == "forced");
  REQUIRE(ascii.diagnostics.size() == 1);
  CHECK(ascii.diagnostics[0].severity == Severity::warning);
  CHECK_THAT(ascii.diagnostics[0].message, Catch::Contains("2 byte sequences not defined in us-ascii") &&
                                               Catch::Contains("first at byte offset 4"));
}

TEST_CASE("a byte order mark wins over detection", "[text_reader][encoding]") {
  const Document doc = read("\xEF\xBB\xBF" + latin1("caf\xC3\xA9 au lait, na\xC3\xAFve et tr\xC3\xA8s bon.\n"));
  CHECK(metadata(doc, "encoding") == "utf-8-bom");
  CHECK(metadata(doc, "encoding_detection") == "<none>");
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].severity == Severity::warning);
}

TEST_CASE("UTF-8 with a few stray legacy bytes is repaired, not converted whole", "[text_reader][encoding]") {
  // Converting this from Windows-1252 would turn every correct é into "Ã©".
  const std::string text = "Caf\xC3\xA9 cr\xC3\xA8me, r\xC3\xA9sum\xC3\xA9, na\xC3\xAFve, d\xC3\xA9j\xC3\xA0 vu; "
                           "then one pasted Latin-1 word: caf\xE9.\n";
  const Document doc = read(text);
  CHECK(metadata(doc, "encoding") == "utf-8");
  CHECK(metadata(doc, "encoding_detection") == "fallback");
  CHECK(doc.text.starts_with("Caf\xC3\xA9 cr\xC3\xA8me"));
  CHECK(doc.text.find("caf\xEF\xBF\xBD.") != std::string::npos);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].severity == Severity::warning);
  CHECK_THAT(doc.diagnostics[0].message, Catch::Contains("1 invalid UTF-8 sequence ") &&
                                             !Catch::Contains("legacy 8-bit encoding"));
}

TEST_CASE("a long ASCII start does not hide a legacy encoding after it", "[text_reader][encoding]") {
  std::string ascii;
  while (ascii.size() < 3'000'000) ascii += "A long plain preamble line in ASCII that says nothing much at all.\n";
  const Document doc = read(ascii + latin1(kFrench));
  CHECK(metadata(doc, "encoding") == "iso-8859-1");
  CHECK(metadata(doc, "encoding_detection") == "detected");
  CHECK(doc.text.ends_with(kFrench));
}
