#include "stats_analyzer.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../support/test_logger.hpp"
#include "segmenter.hpp"

using docpipe::Document;
using docpipe::Object;
using docpipe::Options;
using docpipe::Span;
using docpipe::StageContext;
using docpipe::plugins::count_text;
using docpipe::plugins::is_word_code_point;
using docpipe::plugins::StatsAnalyzer;

namespace {
std::uint64_t words(std::string_view text) { return count_text(text).words; }
}  // namespace

TEST_CASE("bytes, characters and words of plain ASCII", "[stats]") {
  const auto c = count_text("Hello, world!");
  CHECK(c.bytes == 13);
  CHECK(c.characters == 13);
  CHECK(c.words == 2);
  CHECK(c.word_characters == 10);
  CHECK(c.average_word_length() == Approx(5.0));
}

TEST_CASE("characters are code points, not bytes", "[stats]") {
  const auto latin = count_text("na\xC3\xAFve caf\xC3\xA9");  // naïve café
  CHECK(latin.bytes == 12);
  CHECK(latin.characters == 10);
  CHECK(latin.words == 2);
  CHECK(latin.word_characters == 9);
  const auto cyrillic = count_text("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\xBC\xD0\xB8\xD1\x80");
  CHECK(cyrillic.bytes == 19);
  CHECK(cyrillic.characters == 10);
  CHECK(cyrillic.words == 2);
  CHECK(cyrillic.average_word_length() == Approx(4.5));
}

TEST_CASE("apostrophes and hyphens inside a word join it", "[stats]") {
  const auto c = count_text("don't it\xE2\x80\x99s small-business");  // it’s with U+2019
  CHECK(c.words == 3);
  CHECK(c.characters == 25);
  CHECK(c.word_characters == 23);
  CHECK(c.average_word_length() == Approx(23.0 / 3.0));
  CHECK(words("well\xE2\x80\x90known non\xE2\x80\x91stop") == 2);  // U+2010, U+2011
  CHECK(words("rock'n'roll") == 1);
  // At the edge of a word, or doubled, they separate.
  const auto edges = count_text("-start end- 'quoted' a--b it''s");
  CHECK(edges.words == 7);  // start end quoted a b it s
  CHECK(edges.word_characters == 5 + 3 + 6 + 1 + 1 + 2 + 1);
}

TEST_CASE("a point or comma between digits keeps a number whole", "[stats]") {
  CHECK(words("3.5") == 1);
  CHECK(words("1,000") == 1);
  CHECK(words("1,000,000.25 and v1.5.2") == 3);
  CHECK(count_text("1,000").word_characters == 5);
  // Between letters, or after the last digit, they do not join.
  CHECK(words("e.g. U.S. end.") == 5);
  CHECK(words("items,3") == 2);
  CHECK(words("3, 4") == 2);
}

TEST_CASE("punctuation, symbols and emoji are not words", "[stats]") {
  CHECK(words("I \xE2\x9D\xA4 tea \xF0\x9F\x98\x80 \xE2\x80\x94 ok") == 3);   // I ❤ tea 😀 — ok
  CHECK(words("a\xC2\xA0" "b x\xC3\x97y \xC2\xA9 \xE2\x86\x92") == 4);        // a NBSP b, x×y, ©, →
  CHECK(words("ab\xEF\xBF\xBD" "cd \xEF\xBB\xBF") == 2);                      // U+FFFD, U+FEFF
  CHECK(words("\xE3\x80\x8C\xE3\x80\x8D ... !!! --") == 0);                   // 「」
  // Without ICU a CJK run has no word breaks: one word.
  CHECK(words("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x80\x82\xE6\x97\xA5") == 2);  // 日本語。日
}

TEST_CASE("word code points follow the documented ranges", "[stats]") {
  CHECK(is_word_code_point('a'));
  CHECK(is_word_code_point('Z'));
  CHECK(is_word_code_point('7'));
  CHECK_FALSE(is_word_code_point('_'));
  CHECK_FALSE(is_word_code_point('\''));
  CHECK(is_word_code_point(0xE9));      // é
  CHECK(is_word_code_point(0x0301));    // combining acute accent
  CHECK(is_word_code_point(0x4E2D));    // 中
  CHECK_FALSE(is_word_code_point(0xA0));
  CHECK_FALSE(is_word_code_point(0xBF));
  CHECK_FALSE(is_word_code_point(0x2019));
  CHECK_FALSE(is_word_code_point(0x25CF));  // ●
  CHECK_FALSE(is_word_code_point(0x3001));
  CHECK_FALSE(is_word_code_point(0xFFFD));
  CHECK_FALSE(is_word_code_point(0xFEFF));
}

TEST_CASE("empty text has no words and an average of zero", "[stats]") {
  const auto c = count_text("");
  CHECK(c.bytes == 0);
  CHECK(c.words == 0);
  CHECK(c.average_word_length() == 0.0);
  CHECK(count_text(" \n\t ... ").words == 0);
}

TEST_CASE("the analyzer files its metrics under its stage id", "[stats]") {
  docpipe::test::TestLogger log;
  const Options options;
  const StageContext ctx{"counts", options, log};
  StatsAnalyzer analyzer(ctx);

  Document doc;
  doc.text = "Title\n\nFirst para here.\n- item one\n- item two\n> quoted";
  doc.annotate("title", Span{0, 5});
  doc.annotate("heading", Span{0, 5}, Object{{"level", 1}});
  doc.annotate("paragraph", Span{7, 23});
  doc.annotate("list_item", Span{26, 34});
  doc.annotate("list_item", Span{37, 45});
  doc.annotate("quote", Span{48, 54});
  analyzer.analyze(doc);

  REQUIRE(doc.metrics.size() == 1);
  const Object& m = doc.metrics.find("counts")->as_object();
  std::vector<std::string> keys;
  for (const auto& [key, value] : m) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"bytes", "characters", "words", "paragraphs", "headings", "list_items",
                                         "average_word_length"});
  CHECK(m.find("bytes")->as_int() == 54);
  CHECK(m.find("characters")->as_int() == 54);
  CHECK(m.find("words")->as_int() == 9);  // Title First para here item one item two quoted
  CHECK(m.find("paragraphs")->as_int() == 1);
  CHECK(m.find("headings")->as_int() == 1);
  CHECK(m.find("list_items")->as_int() == 2);
  REQUIRE(m.find("average_word_length")->is_double());
  CHECK(m.find("average_word_length")->as_double() == Approx(38.0 / 9.0));
  CHECK(log.entries.empty());
}

TEST_CASE("a document without words or annotations gets zero counts", "[stats]") {
  docpipe::test::TestLogger log;
  const Options options;
  StatsAnalyzer analyzer(StageContext{"stats", options, log});
  Document doc;
  analyzer.analyze(doc);
  const Object& m = doc.metrics.find("stats")->as_object();
  CHECK(m.find("words")->as_int() == 0);
  CHECK(m.find("paragraphs")->as_int() == 0);
  REQUIRE(m.find("average_word_length")->is_double());
  CHECK(m.find("average_word_length")->as_double() == 0.0);
}

TEST_CASE("after segment, stats counts the token stream's words: the two stages agree", "[stats]") {
  Document doc;
  // Text where the two counts used to differ: a dotted abbreviation, a decimal, a joined word, a
  // bullet, curly quotes.
  doc.text = "The U.S. firm\xE2\x80\x99s sales rose 3.5% \xE2\x97\x8F co-op members said \xE2\x80\x9Cyes\xE2\x80\x9D.\n\n"
             "A second paragraph, e.g. this one.";
  docpipe::plugins::Segmenter seg("en");
  const auto counts = seg.segment(doc);
  docpipe::test::TestLogger log;
  StatsAnalyzer stats(StageContext{"stats", Options(Object{}), log});
  stats.analyze(doc);
  const docpipe::Value* m = doc.metrics.find("stats");
  REQUIRE(m);
  const docpipe::Value* w = m->as_object().find("words");
  REQUIRE(w);
  CHECK(w->as_int() == static_cast<std::int64_t>(counts.words));
  CHECK(counts.words == 16);  // The U.S firm’s sales rose 3.5 co-op members said yes; A second paragraph e.g this one
}
