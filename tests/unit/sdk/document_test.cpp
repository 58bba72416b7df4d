#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "docpipe/document.hpp"
#include "docpipe/error.hpp"
#include "docpipe/options.hpp"
#include "docpipe/plugin.hpp"

using docpipe::Annotation;
using docpipe::Document;
using docpipe::Object;
using docpipe::Options;
using docpipe::SourceMap;
using docpipe::SourcePosition;
using docpipe::Span;
using docpipe::Value;
using Catch::Matchers::Contains;

namespace {
// Asserts a located position, so a failure shows all three numbers at once.
void check_position(const SourceMap& map, std::uint64_t offset, std::uint64_t line, std::uint64_t column,
                    std::uint64_t page = 0) {
  INFO("text offset " << offset);
  const auto pos = map.locate(offset);
  REQUIRE(pos.has_value());
  CHECK(pos->line == line);
  CHECK(pos->column == column);
  CHECK(pos->page == page);
}
}  // namespace

TEST_CASE("Span helpers", "[document][span]") {
  const Span s{2, 6};
  CHECK(s.size() == 4);
  CHECK_FALSE(s.empty());
  CHECK(Span{3, 3}.empty());
  CHECK(Span{5, 2}.empty());
  CHECK(s.contains(Span{2, 6}));
  CHECK(s.contains(Span{3, 5}));
  CHECK_FALSE(s.contains(Span{1, 5}));
  CHECK_FALSE(s.contains(Span{3, 7}));
  CHECK(s.overlaps(Span{5, 9}));
  CHECK(s.overlaps(Span{0, 3}));
  CHECK_FALSE(s.overlaps(Span{6, 9}));  // half-open: touching is not overlapping
  CHECK_FALSE(s.overlaps(Span{0, 2}));
  CHECK(Span{1, 2} == Span{1, 2});
  CHECK_FALSE(Span{1, 2} == Span{1, 3});
}

TEST_CASE("Document::annotate and annotations_of", "[document]") {
  Document doc;
  doc.text = "Title\n\nFirst paragraph.\n\nSecond one.";
  Annotation& h = doc.annotate(docpipe::annotation::heading, {0, 5}, Object{{"level", 1}});
  CHECK(h.type == "heading");
  CHECK(h.span == Span{0, 5});
  CHECK(h.features.find("level")->as_int() == 1);

  doc.annotate(docpipe::annotation::paragraph, {7, 23});
  doc.annotate("custom", {0, 1});
  doc.annotate(docpipe::annotation::paragraph, {25, 36});

  REQUIRE(doc.annotations.size() == 4);
  const auto paragraphs = doc.annotations_of(docpipe::annotation::paragraph);
  REQUIRE(paragraphs.size() == 2);
  CHECK(paragraphs[0]->span == Span{7, 23});
  CHECK(paragraphs[1]->span == Span{25, 36});
  CHECK(paragraphs[0]->features.empty());
  CHECK(doc.slice(paragraphs[0]->span) == "First paragraph.");
  CHECK(doc.slice(paragraphs[1]->span) == "Second one.");
  CHECK(doc.annotations_of("custom").size() == 1);
  CHECK(doc.annotations_of("sentence").empty());
  CHECK(doc.annotations_of("").empty());
}

TEST_CASE("Document::stage_metrics creates, reuses and keeps stage order", "[document]") {
  Document doc;
  doc.stage_metrics("stats").set("words", 120);
  doc.stage_metrics("readability").set("grade", 8.5);
  doc.stage_metrics("stats").set("paragraphs", 4);

  REQUIRE(doc.metrics.size() == 2);
  CHECK(doc.metrics.begin()->first == "stats");
  const Object& stats = doc.metrics.find("stats")->as_object();
  CHECK(stats.find("words")->as_int() == 120);
  CHECK(stats.find("paragraphs")->as_int() == 4);
  CHECK(doc.metrics.find("readability")->as_object().find("grade")->as_double() == 8.5);

  // A non-object entry (written directly into metrics) is replaced rather than throwing.
  doc.metrics.set("broken", 5);
  Object& fixed = doc.stage_metrics("broken");
  CHECK(fixed.empty());
  CHECK(doc.metrics.find("broken")->is_object());
}

TEST_CASE("Document::slice clamps out-of-range spans", "[document]") {
  Document doc;
  doc.text = "hello world";
  CHECK(doc.slice({0, 5}) == "hello");
  CHECK(doc.slice({6, 11}) == "world");
  CHECK(doc.slice({0, 11}) == "hello world");
  CHECK(doc.slice({6, 500}) == "world");  // end past the text: clamped
  CHECK(doc.slice({11, 12}).empty());     // begin at the end
  CHECK(doc.slice({50, 60}).empty());     // entirely past the end
  CHECK(doc.slice({4, 4}).empty());
  CHECK(doc.slice({8, 3}).empty());  // reversed
  Document empty;
  CHECK(empty.slice({0, 1}).empty());
}

TEST_CASE("Severity and Kind names", "[document]") {
  CHECK(docpipe::to_string(docpipe::Severity::info) == "info");
  CHECK(docpipe::to_string(docpipe::Severity::warning) == "warning");
  CHECK(docpipe::to_string(docpipe::Severity::error) == "error");
  CHECK(docpipe::to_string(docpipe::Kind::reader) == "reader");
  CHECK(docpipe::to_string(docpipe::Kind::analyzer) == "analyzer");
  CHECK(docpipe::to_string(docpipe::Kind::exporter) == "exporter");
}

TEST_CASE("SourceMap: empty map knows nothing", "[sourcemap]") {
  SourceMap map;
  CHECK(map.empty());
  CHECK_FALSE(map.source_offset(0).has_value());
  CHECK_FALSE(map.locate(0).has_value());
  map.set_source_lines("a\nb\n");
  // Lines alone do not say which text byte came from where.
  CHECK_FALSE(map.locate(1).has_value());
}

TEST_CASE("SourceMap: identity map over a multi-line source", "[sourcemap]") {
  const std::string source = "first line\nsecond\n\nfourth line\nno newline at end";
  SourceMap map;
  map.add(0, 0, source.size());
  map.set_source_lines(source);
  CHECK_FALSE(map.empty());
  REQUIRE(map.pieces().size() == 1);

  for (std::uint64_t off : {0ull, 5ull, 11ull, 30ull})
    CHECK(map.source_offset(off) == off);

  check_position(map, 0, 1, 1);
  check_position(map, 6, 1, 7);                         // "line"
  check_position(map, 10, 1, 11);                       // the '\n' ends line 1
  check_position(map, 11, 2, 1);                        // "second"
  check_position(map, 18, 3, 1);                        // the empty line
  check_position(map, 19, 4, 1);                        // "fourth"
  check_position(map, source.find("end"), 5, 15);
}

TEST_CASE("SourceMap: contiguous pieces merge", "[sourcemap]") {
  SourceMap map;
  map.add(0, 0, 10);
  map.add(10, 10, 5);
  map.add(15, 15, 0);
  REQUIRE(map.pieces().size() == 1);
  CHECK(map.pieces()[0].length == 15);
  // Same text position but a jump in the source: a new piece.
  map.add(15, 40, 5);
  REQUIRE(map.pieces().size() == 2);
  CHECK(map.pieces()[1].source_begin == 40);
}

TEST_CASE("SourceMap: pieces with gaps (text a reader inserted or source it dropped)", "[sourcemap]") {
  // Source: "<p>Hello</p>\n<p>World</p>"; the reader emits "Hello\n\nWorld": it drops the tags and
  // inserts a blank line that is not in the source.
  const std::string source = "<p>Hello</p>\n<p>World</p>";
  SourceMap map;
  map.add(0, 3, 5);    // "Hello" <- source[3, 8)
  map.add(7, 16, 5);   // "World" <- source[16, 21); text [5, 7) is the inserted "\n\n"
  map.set_source_lines(source);
  REQUIRE(map.pieces().size() == 2);

  CHECK(map.source_offset(0) == 3u);
  CHECK(map.source_offset(4) == 7u);
  // Inside the gap: the end of the preceding piece.
  CHECK(map.source_offset(5) == 8u);
  CHECK(map.source_offset(6) == 8u);
  CHECK(map.source_offset(7) == 16u);
  CHECK(map.source_offset(9) == 18u);
  // Past the last piece: clamped to its end.
  CHECK(map.source_offset(100) == 21u);

  check_position(map, 0, 1, 4);
  check_position(map, 6, 1, 9);
  check_position(map, 7, 2, 4);
  check_position(map, 11, 2, 8);
}

TEST_CASE("SourceMap: text before the first piece maps to its start", "[sourcemap]") {
  SourceMap map;
  map.add(4, 10, 3);  // the reader put a 4-byte title before the first mapped byte
  CHECK(map.source_offset(0) == 10u);
  CHECK(map.source_offset(3) == 10u);
  CHECK(map.source_offset(5) == 11u);
}

TEST_CASE("SourceMap: columns count bytes, not characters", "[sourcemap]") {
  const std::string source = "caf\xC3\xA9 au lait\n\xE2\x82\xAC" "5";  // "café au lait\n€5"
  SourceMap map;
  map.add(0, 0, source.size());
  map.set_source_lines(source);
  check_position(map, 6, 1, 7);                        // 'a' after "café " (é is 2 bytes)
  check_position(map, source.find('5'), 2, 4);         // after the 3-byte euro sign
}

TEST_CASE("Document::locate counts characters, and markup the reader left out one per byte", "[sourcemap]") {
  Document doc;
  // Source "**caf\u00e9** \u201cok\u201d \U0001F389 end": the reader kept the text without the asterisks.
  const std::string source = "**caf\xC3\xA9** \xE2\x80\x9Cok\xE2\x80\x9D \xF0\x9F\x8E\x89 end";
  doc.text = "caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D \xF0\x9F\x8E\x89 end";
  doc.source_map.add(0, 2, 5);                        // "café"
  doc.source_map.add(5, 9, doc.text.size() - 5);      // " “ok” 🎉 end"
  doc.source_map.set_source_lines(source);
  const auto at = [&](std::string_view s) { return doc.locate(doc.text.find(s))->column; };
  CHECK(at("caf") == 3);                               // after "**"
  CHECK(at(" \xE2\x80\x9C") == 9);                     // "**café**": 2 + 4 + 2 characters
  CHECK(at("ok") == 11);
  CHECK(at("end") == 17);                              // the emoji is one character
  CHECK(doc.source_map.locate(doc.text.find("end"))->column == 25);  // SourceMap::locate stays in bytes
}

TEST_CASE("SourceMap: pages", "[sourcemap]") {
  SourceMap map;
  map.add_page(0, 1);
  map.add_page(100, 2);
  map.add_page(250, 3);
  CHECK_FALSE(map.empty());

  SECTION("without lines, only the page is known") {
    CHECK_FALSE(map.source_offset(10).has_value());
    check_position(map, 0, 0, 0, 1);
    check_position(map, 99, 0, 0, 1);
    check_position(map, 100, 0, 0, 2);
    check_position(map, 249, 0, 0, 2);
    check_position(map, 250, 0, 0, 3);
    check_position(map, 10000, 0, 0, 3);
  }
  SECTION("with lines and pieces, both") {
    std::string source(300, 'x');
    source[120] = '\n';
    map.add(0, 0, source.size());
    map.set_source_lines(source);
    check_position(map, 50, 1, 51, 1);
    check_position(map, 130, 2, 10, 2);
  }
}

TEST_CASE("SourceMap: page breaks that start after the text begins", "[sourcemap]") {
  SourceMap map;
  map.add_page(20, 5);  // e.g. a document that is a slice of a larger file
  CHECK_FALSE(map.locate(10).has_value());
  check_position(map, 20, 0, 0, 5);
}

TEST_CASE("Options getters", "[options]") {
  const Options opts(Object{{"flag", true},
                            {"count", 12},
                            {"ratio", 0.75},
                            {"whole_ratio", 2},
                            {"name", "report.json"},
                            {"tags", docpipe::Array{"a", "b"}},
                            {"unset", nullptr}});
  CHECK(opts.has("flag"));
  CHECK(opts.get_bool("flag"));
  CHECK(opts.get_int("count") == 12);
  CHECK(opts.get_double("ratio") == 0.75);
  CHECK(opts.get_double("whole_ratio") == 2.0);
  CHECK(opts.get_string("name") == "report.json");
  CHECK(opts.get_string_list("tags") == std::vector<std::string>{"a", "b"});
  CHECK(opts.get("count") == Value(12));
  CHECK(opts.values().size() == 7);

  // Null means "declared, no default": not set.
  CHECK_FALSE(opts.has("unset"));
  CHECK(opts.get("unset").is_null());
  CHECK_FALSE(opts.has("absent"));
  CHECK(opts.get("absent").is_null());
}

TEST_CASE("Options: missing and mistyped options throw docpipe::Error", "[options][errors]") {
  const Options opts(Object{{"count", 12}, {"unset", nullptr}, {"mixed", docpipe::Array{"a", 1}}});
  CHECK_THROWS_AS(opts.get_int("absent"), docpipe::Error);
  CHECK_THROWS_WITH(opts.get_int("absent"), Contains("absent"));
  CHECK_THROWS_WITH(opts.get_string("unset"), Contains("unset") && Contains("not set"));
  CHECK_THROWS_WITH(opts.get_bool("absent"), Contains("absent"));
  CHECK_THROWS_WITH(opts.get_double("absent"), Contains("absent"));
  CHECK_THROWS_WITH(opts.get_string_list("absent"), Contains("absent"));
  CHECK_THROWS_WITH(opts.get_string("count"), Contains("integer") && Contains("string"));
  CHECK_THROWS_WITH(opts.get_bool("count"), Contains("integer") && Contains("boolean"));
  CHECK_THROWS_WITH(opts.get_string_list("count"), Contains("array"));
  CHECK_THROWS_WITH(opts.get_string_list("mixed"), Contains("integer") && Contains("string"));

  const Options none;
  CHECK_FALSE(none.has("x"));
  CHECK_THROWS_AS(none.get_string("x"), docpipe::Error);
}

TEST_CASE("OptionType names", "[options]") {
  CHECK(docpipe::to_string(docpipe::OptionType::boolean) == "boolean");
  CHECK(docpipe::to_string(docpipe::OptionType::integer) == "integer");
  CHECK(docpipe::to_string(docpipe::OptionType::number) == "number");
  CHECK(docpipe::to_string(docpipe::OptionType::string) == "string");
  CHECK(docpipe::to_string(docpipe::OptionType::string_list) == "string list");
}
