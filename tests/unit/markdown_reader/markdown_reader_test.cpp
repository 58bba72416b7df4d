#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "front_matter.hpp"
#include "reader_support.hpp"

using namespace docpipe;
using docpipe::testing::read_one;
using docpipe::testing::slurp;
using docpipe::testing::structure;

namespace {
const std::string kNotes = DOCPIPE_FIXTURES "/markdown/notes.md";

std::uint64_t find(const Document& doc, std::string_view what, std::size_t from = 0) {
  const auto at = doc.text.find(what, from);
  REQUIRE(at != std::string::npos);
  return at;
}
}  // namespace

TEST_CASE("markdown: rendered prose, blocks separated by a blank line") {
  const std::string source = slurp(kNotes);
  REQUIRE(!source.empty());
  const Document doc = read_one("markdown", source, {}, "notes.md");
  CHECK(doc.media_type == "text/markdown");
  CHECK(doc.text ==
        "Spring survey\n\n"
        "The first warm day brought swallows back & the\nsurvey page filled up.\n\n"
        "Counts\n\n"
        "swallows\n\nswifts\n\n"
        "Dawn count\n\nDusk count\n\n"
        "Never trust a single morning.\n\n"
        "print(\"not prose\")\n\n"
        "Use count() for totals.\n\n"
        "Species\tCount\nSwallow\t12");
  CHECK(doc.diagnostics.empty());
}

TEST_CASE("markdown: structure annotations") {
  const Document doc = read_one("markdown", slurp(kNotes));
  CHECK(structure(doc, {"title", "heading", "paragraph", "list_item", "quote", "code", "link", "table_cell"}) ==
        std::vector<std::string>{
            "heading[Spring survey]", "title[Spring survey]", "link[survey page]",
            "paragraph[The first warm day brought swallows back & the\nsurvey page filled up.]", "heading[Counts]",
            "list_item[swallows]", "list_item[swifts]", "list_item[Dawn count]", "list_item[Dusk count]",
            "paragraph[Never trust a single morning.]", "quote[Never trust a single morning.]",
            "code[print(\"not prose\")]", "code[count()]", "paragraph[Use count() for totals.]",
            "table_cell[Species]", "table_cell[Count]", "table_cell[Swallow]", "table_cell[12]"});
  const auto headings = doc.annotations_of("heading");
  REQUIRE(headings.size() == 2);
  CHECK(headings[0]->features.find("level")->as_int() == 1);
  CHECK(headings[1]->features.find("level")->as_int() == 2);
  const auto link = doc.annotations_of("link").at(0);
  CHECK(link->features.find("href")->as_string() == "https://example.org/survey");
  CHECK(link->features.find("title")->as_string() == "Survey");
  const auto items = doc.annotations_of("list_item");
  CHECK_FALSE(items[0]->features.find("ordered")->as_bool());
  CHECK(items[2]->features.find("ordered")->as_bool());
  const auto code = doc.annotations_of("code");
  CHECK(code[0]->features.find("language")->as_string() == "python");
  CHECK_FALSE(code[0]->features.find("inline")->as_bool());
  CHECK(code[1]->features.find("inline")->as_bool());
  const auto cells = doc.annotations_of("table_cell");
  CHECK(cells[0]->features.find("header")->as_bool());
  CHECK(cells[3]->features.find("row")->as_int() == 1);
  CHECK(cells[3]->features.find("column")->as_int() == 1);
  CHECK_FALSE(cells[3]->features.find("header")->as_bool());
}

TEST_CASE("markdown: front matter becomes metadata") {
  const Document doc = read_one("markdown", slurp(kNotes));
  CHECK(doc.metadata.find("title")->as_string() == "Field notes: spring");
  CHECK(doc.metadata.find("author")->as_string() == "Jane Doe");
  CHECK(doc.metadata.find("date")->as_string() == "2024-03-01");
  CHECK(doc.metadata.find("tags")->as_array() == Array{"birds", "weather"});
  CHECK(doc.metadata.find("front_matter")->as_object().find("location")->as_string() == "north shore");

  const Document off = read_one("markdown", slurp(kNotes), Object{{"front_matter", false}});
  // Without front matter the first H1 is the title and the block is a rule plus a paragraph.
  CHECK(off.metadata.find("title")->as_string() == "Spring survey");
  CHECK(off.text.starts_with("title: \"Field notes: spring\""));
}

TEST_CASE("markdown: every text byte maps back to the same byte of the .md file") {
  const std::string source = slurp(kNotes);
  const Document doc = read_one("markdown", source);
  for (std::size_t i = 0; i < doc.text.size(); ++i) {
    if (doc.text[i] == '\n' || doc.text[i] == '\t') continue;  // separators and soft breaks
    const auto off = doc.source_map.source_offset(i);
    REQUIRE(off);
    INFO("text offset " << i << " '" << doc.text[i] << "'");
    CHECK(source.at(*off) == doc.text[i]);
  }
  const auto pos = [&](std::uint64_t off) {
    auto p = doc.source_map.locate(off);
    REQUIRE(p);
    return std::pair{p->line, p->column};
  };
  CHECK(pos(find(doc, "Spring")) == std::pair<std::uint64_t, std::uint64_t>{9, 3});
  CHECK(pos(find(doc, "first")) == std::pair<std::uint64_t, std::uint64_t>{11, 6});
  CHECK(pos(find(doc, "survey page")) == std::pair<std::uint64_t, std::uint64_t>{12, 2});
  CHECK(pos(find(doc, "swifts")) == std::pair<std::uint64_t, std::uint64_t>{17, 3});
  CHECK(pos(find(doc, "print")) == std::pair<std::uint64_t, std::uint64_t>{25, 1});
  CHECK(pos(find(doc, "12")) == std::pair<std::uint64_t, std::uint64_t>{32, 13});
  // The '&' decoded from "&amp;" points at the reference.
  CHECK(pos(find(doc, "& the")) == std::pair<std::uint64_t, std::uint64_t>{11, 48});
}

TEST_CASE("markdown: CRLF, BOM and entities") {
  const std::string source = "\xEF\xBB\xBF# T&eacute;st &copy; &#x41;&#66;\r\n\r\nLine one\r\nline two\r\n";
  const Document doc = read_one("markdown", source);
  // &eacute; is outside the small built-in table and stays as written.
  CHECK(doc.text == "T&eacute;st \u00A9 AB\n\nLine one\nline two");
  const auto p = doc.source_map.locate(doc.text.find("line two"));
  REQUIRE(p);
  CHECK(p->line == 4);
  CHECK(p->column == 1);
}

TEST_CASE("markdown: nested lists, loose lists and quotes") {
  const Document doc = read_one("markdown", "- a\n\n  para\n- b\n  - c\n\n> q1\n>\n> q2\n");
  CHECK(doc.text == "a\n\npara\n\nb\n\nc\n\nq1\n\nq2");
  CHECK(structure(doc, {"list_item", "quote"}) ==
        std::vector<std::string>{"list_item[a\n\npara]", "list_item[c]", "list_item[b\n\nc]", "quote[q1\n\nq2]"});
}

TEST_CASE("markdown: refusals and warnings") {
  SECTION("over max_bytes") {
    REQUIRE_THROWS_WITH(read_one("markdown", std::string(100, 'a'), Object{{"max_bytes", 99}}, "big.md"),
                        Catch::Contains("max_bytes limit of 99"));
  }
  SECTION("binary") {
    REQUIRE_THROWS_WITH(read_one("markdown", std::string("# a\0b", 5), {}, "x.md"),
                        Catch::Contains("NUL byte at offset 3"));
  }
  SECTION("bad option") {
    REQUIRE_THROWS_AS(read_one("markdown", "a", Object{{"max_bytes", 0}}), Error);
  }
  SECTION("invalid UTF-8 is replaced and reported") {
    const Document doc = read_one("markdown", "caf\xE9 au lait\n");
    CHECK(doc.text == "caf\uFFFD au lait");
    REQUIRE(doc.diagnostics.size() == 1);
    CHECK(doc.diagnostics[0].message.find("first at byte offset 3") != std::string::npos);
  }
  SECTION("empty") {
    const Document doc = read_one("markdown", "");
    CHECK(doc.text.empty());
    CHECK(doc.diagnostics.size() == 1);
  }
  SECTION("input ending inside a link destination, right before unreadable memory") {
    // md4c 0.4.8 reads past the end of "[a](b"; with the input against a PROT_NONE page that
    // would be a crash, so this passes only while the reader shields md4c from its input.
    const long page = sysconf(_SC_PAGESIZE);
    void* mem = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(mem != MAP_FAILED);
    char* base = static_cast<char*>(mem);
    REQUIRE(mprotect(base + page, page, PROT_NONE) == 0);
    for (const std::string_view input : {"[a](b", "x [survey page](-rver", "[a](<b"}) {
      char* at = base + page - input.size();
      std::memcpy(at, input.data(), input.size());
      const Document doc = read_one("markdown", std::string_view(at, input.size()));
      CHECK(doc.text == input);
    }
    munmap(mem, 2 * page);
  }
    SECTION("deep nesting does not crash") {
    const Document doc = read_one("markdown", std::string(50000, '>') + " deep\n" + std::string(20000, '[') + "x");
    CHECK(doc.text.find("deep") != std::string::npos);
  }
}

TEST_CASE("front matter: the supported subset") {
  using docpipe::plugins::parse_front_matter;
  const auto fm = parse_front_matter(
      "---\ntitle: 'It''s here'\ntags:\n  - one\n  - \"two\"\nauthor: A # comment\nnested:\n  key: v\nbad line\n---\nbody");
  CHECK(fm.end == std::string_view("---\ntitle: 'It''s here'\ntags:\n  - one\n  - \"two\"\nauthor: A # comment\nnested:\n  "
                                   "key: v\nbad line\n---\n")
                      .size());
  CHECK(fm.fields.find("title")->as_string() == "It's here");
  CHECK(fm.fields.find("tags")->as_array() == Array{"one", "two"});
  CHECK(fm.fields.find("author")->as_string() == "A");
  CHECK(fm.fields.find("nested")->is_null());
  REQUIRE(fm.ignored.size() == 2);
  CHECK(fm.ignored[0].starts_with("line 8:"));
  CHECK(fm.ignored[1].starts_with("line 9:"));
  // No closing fence: not front matter.
  CHECK(parse_front_matter("---\ntitle: x\n\nbody\n").end == 0);
  CHECK(parse_front_matter("text\n---\n").end == 0);
}
