#include <zip.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "reader_support.hpp"

using namespace docpipe;
using docpipe::testing::read_one;
using docpipe::testing::slurp;
using docpipe::testing::structure;

namespace {
const std::string kSample = DOCPIPE_FIXTURES "/docx/sample.docx";

using Entries = std::vector<std::pair<std::string, std::string>>;

// Builds a zip container in memory with libzip, as a hostile or broken .docx would be.
std::string make_zip(const Entries& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  REQUIRE(src);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  REQUIRE(za);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    REQUIRE(zip_file_add(za, name.c_str(), s, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(za) == 0);
  REQUIRE(zip_source_open(src) == 0);
  REQUIRE(zip_source_seek(src, 0, SEEK_END) == 0);
  const zip_int64_t size = zip_source_tell(src);
  REQUIRE(zip_source_seek(src, 0, SEEK_SET) == 0);
  std::string out(static_cast<std::size_t>(size), '\0');
  REQUIRE(zip_source_read(src, out.data(), out.size()) == size);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

const std::string kW = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

std::string document_xml(const std::string& body) {
  return "<?xml version=\"1.0\"?><w:document " + kW + "><w:body>" + body + "</w:body></w:document>";
}

// Overwrites the little-endian 32-bit field at offset off of every record starting with signature.
void patch_records(std::string& zip, std::string_view signature, std::size_t off, std::uint32_t value) {
  for (auto at = zip.find(signature); at != std::string::npos; at = zip.find(signature, at + 4))
    for (int i = 0; i < 4; ++i) zip[at + off + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}
}  // namespace

TEST_CASE("docx: text in reading order, blocks separated by a blank line") {
  const std::string bytes = slurp(kSample);
  REQUIRE(!bytes.empty());
  const Document doc = read_one("docx", bytes, {}, "sample.docx");
  CHECK(doc.media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(doc.text ==
        "Quarterly Report\n\nSummary\n\nSales grew by 12% this quarter. See the full report.\n\nDetails\n\n"
        "First point\n\nBullet one\n\nStep one\n\nSub step\n\nRegion\tSales\nNorth\t40\n(est.)\n\n"
        "field link\tafter a tab\n\nUnaudited figures.");
  CHECK(doc.diagnostics.empty());
}

TEST_CASE("docx: styles, lists, tables, links and footnotes become annotations") {
  const Document doc = read_one("docx", slurp(kSample));
  CHECK(structure(doc, {"title", "heading", "paragraph", "list_item", "link", "table_cell", "footnote"}) ==
        std::vector<std::string>{"title[Quarterly Report]", "heading[Summary]", "link[full report]",
                                 "paragraph[Sales grew by 12% this quarter. See the full report.]", "heading[Details]",
                                 "paragraph[First point]", "list_item[Bullet one]", "list_item[Step one]",
                                 "list_item[Sub step]", "table_cell[Region]", "table_cell[Sales]", "table_cell[North]",
                                 "table_cell[40\n(est.)]", "link[field link]", "paragraph[field link\tafter a tab]",
                                 "paragraph[Unaudited figures.]", "footnote[Unaudited figures.]"});
  const auto headings = doc.annotations_of("heading");
  CHECK(headings[0]->features.find("level")->as_int() == 1);
  CHECK(headings[1]->features.find("level")->as_int() == 2);  // found by style name, not id
  const auto items = doc.annotations_of("list_item");
  CHECK_FALSE(items[0]->features.find("ordered")->as_bool());
  CHECK(items[1]->features.find("ordered")->as_bool());
  CHECK(items[2]->features.find("level")->as_int() == 2);
  const auto links = doc.annotations_of("link");
  CHECK(links[0]->features.find("href")->as_string() == "https://example.org/report");
  CHECK(links[1]->features.find("href")->as_string() == "https://example.org/field");
  const auto cells = doc.annotations_of("table_cell");
  CHECK(cells[3]->features.find("row")->as_int() == 1);
  CHECK(cells[3]->features.find("column")->as_int() == 1);
  const auto notes = doc.annotations_of("footnote");
  CHECK(notes[0]->features.find("id")->as_string() == "1");
}

TEST_CASE("docx: positions are paragraph numbers in word/document.xml") {
  const Document doc = read_one("docx", slurp(kSample));
  const auto number_of = [&](std::string_view text) -> std::int64_t {
    for (const Annotation& a : doc.annotations)
      if (doc.slice(a.span) == text)
        if (const Value* v = a.features.find("source_paragraph")) return v->as_int();
    return -1;
  };
  CHECK(number_of("Quarterly Report") == 1);
  CHECK(number_of("Details") == 4);
  CHECK(number_of("Sub step") == 8);
  CHECK(number_of("Region") == 9);
  CHECK(number_of("40\n(est.)") == 12);
  CHECK(number_of("field link\tafter a tab") == 14);
  CHECK(number_of("Unaudited figures.") == -1);  // footnotes are not body paragraphs
  CHECK(doc.source_map.empty());
}

TEST_CASE("docx: core and app properties become metadata") {
  const Document doc = read_one("docx", slurp(kSample));
  CHECK(doc.metadata.find("title")->as_string() == "Q3 Report");
  CHECK(doc.metadata.find("author")->as_string() == "Ana Lima");
  CHECK(doc.metadata.find("date")->as_string() == "2024-10-01T09:00:00Z");
  CHECK(doc.metadata.find("description")->as_string() == "Sales summary");
  CHECK(doc.metadata.find("language")->as_string() == "en-GB");
  CHECK(doc.metadata.find("page_count")->as_int() == 2);
}

TEST_CASE("docx: a minimal package without styles, rels or properties") {
  const std::string body =
      "<w:p><w:pPr><w:pStyle w:val=\"Heading3\"/></w:pPr><w:r><w:t>Intro</w:t></w:r></w:p>"
      "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>Named</w:t></w:r></w:p>"
      "<w:p><w:r><w:t xml:space=\"preserve\">caf\xC3\xA9 </w:t></w:r><w:r><w:t>au lait</w:t></w:r></w:p>";
  const std::string styles = "<w:styles " + kW +
                             "><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"pt-BR\"/></w:rPr></w:rPrDefault>"
                             "</w:docDefaults></w:styles>";
  const Document doc = read_one(
      "docx", make_zip({{"word/document.xml", document_xml(body)}, {"word/styles.xml", styles}}), Object{{"footnotes", false}});
  CHECK(doc.text == "Intro\n\nNamed\n\ncaf\xC3\xA9 au lait");
  CHECK(structure(doc, {"heading", "title"}) == std::vector<std::string>{"heading[Intro]", "title[Named]"});
  CHECK(doc.metadata.find("title")->as_string() == "Named");
  CHECK(doc.metadata.find("language")->as_string() == "pt-BR");
}

TEST_CASE("docx: refusals") {
  const std::string good = slurp(kSample);
  SECTION("over max_bytes") {
    REQUIRE_THROWS_WITH(read_one("docx", good, Object{{"max_bytes", 100}}, "a.docx"),
                        Catch::Contains("max_bytes limit of 100"));
  }
  SECTION("truncated") {
    REQUIRE_THROWS_WITH(read_one("docx", good.substr(0, good.size() / 2), {}, "cut.docx"),
                        Catch::Contains("not a valid zip container"));
  }
  SECTION("not a zip at all") {
    REQUIRE_THROWS_WITH(read_one("docx", "plain text", {}, "t.docx"), Catch::Contains("not a valid zip container"));
  }
  SECTION("encrypted (an OLE compound file)") {
    REQUIRE_THROWS_WITH(read_one("docx", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0')),
                        Catch::Contains("encrypted"));
  }
  SECTION("zip without a Word document") {
    REQUIRE_THROWS_WITH(read_one("docx", make_zip({{"hello.txt", "hi"}})), Catch::Contains("no word/document.xml"));
  }
  SECTION("malformed XML") {
    REQUIRE_THROWS_WITH(read_one("docx", make_zip({{"word/document.xml", "<w:document><w:body><w:p>"}})),
                        Catch::Contains("word/document.xml: malformed XML"));
  }
  SECTION("corrupt entry data") {
    std::string zip = make_zip({{"word/document.xml", document_xml(std::string(5000, ' ') + "<w:p/>")}});
    // Flip bytes in the middle of the deflated stream: the local header starts at 0, data at 30 + name length.
    for (std::size_t i = 60; i < 70; ++i) zip[i] = static_cast<char>(~zip[i]);
    REQUIRE_THROWS_WITH(read_one("docx", zip), Catch::Contains("word/document.xml is corrupt"));
  }
  SECTION("zip bomb: declared size over the cap") {
    const std::string zip = make_zip({{"word/document.xml", document_xml(std::string(4 << 20, ' '))}});
    CHECK(zip.size() < 20000);
    REQUIRE_THROWS_WITH(read_one("docx", zip, Object{{"max_uncompressed_bytes", 1 << 20}}),
                        Catch::Contains("max_uncompressed_bytes") && Catch::Contains("zip bomb"));
  }
  SECTION("zip bomb: entries lying about their size") {
    std::string zip = make_zip({{"word/document.xml", document_xml(std::string(4 << 20, ' '))}});
    patch_records(zip, "PK\x03\x04", 22, 100);  // local header: uncompressed size
    patch_records(zip, "PK\x01\x02", 24, 100);  // central directory: uncompressed size
    REQUIRE_THROWS_WITH(read_one("docx", zip), Catch::Contains("inflates to more bytes than its declared 100"));
  }
  SECTION("too many entries") {
    Entries entries{{"word/document.xml", document_xml("")}};
    for (int i = 0; i < 20; ++i) entries.emplace_back("media/" + std::to_string(i), "x");
    REQUIRE_THROWS_WITH(read_one("docx", make_zip(entries), Object{{"max_entries", 10}}),
                        Catch::Contains("21 entries") && Catch::Contains("max_entries"));
  }
  SECTION("nesting too deep") {
    std::string body;
    for (int i = 0; i < 5000; ++i) body += "<w:sdt><w:sdtContent>";
    for (int i = 0; i < 5000; ++i) body += "</w:sdtContent></w:sdt>";
    REQUIRE_THROWS_WITH(read_one("docx", make_zip({{"word/document.xml", document_xml(body)}})),
                        Catch::Contains("nested more than"));
  }
  SECTION("bad option") {
    REQUIRE_THROWS_AS(read_one("docx", good, Object{{"max_entries", 0}}), Error);
  }
}
