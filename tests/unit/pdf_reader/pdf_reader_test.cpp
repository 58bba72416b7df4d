#include <catch2/catch.hpp>

#include "reader_support.hpp"

using namespace docpipe;
using docpipe::testing::read_one;
using docpipe::testing::slurp;
using docpipe::testing::structure;

namespace {
std::string fixture(std::string_view name) { return slurp(std::string(DOCPIPE_FIXTURES "/pdf/") + std::string(name)); }
}  // namespace

TEST_CASE("pdf: text per page in reading order, hyphenated line breaks joined") {
  const std::string bytes = fixture("report.pdf");
  REQUIRE(!bytes.empty());
  const Document doc = read_one("pdf", bytes, {}, "report.pdf");
  CHECK(doc.media_type == "application/pdf");
  CHECK(doc.text ==
        "ACME Annual Report 2024\n\nAnnual Report\n\nIntroduction\n\n"
        "Our team worked on innovation across every department this year.\n\nResults improved\nsteadily.\n\n"
        "Page 1 of 3\n\n"
        "ACME Annual Report 2024\n\nResults\n\nRevenue rose by twelve percent.\n\nCosts fell. Self-\n\nPage 2 of 3\n\n"
        "ACME Annual Report 2024\n\nOutlook is well-\nKnown to be good.\n\nPage 3 of 3");
  CHECK(doc.diagnostics.empty());
}

TEST_CASE("pdf: pages, headings and running headers and footers") {
  const Document doc = read_one("pdf", fixture("report.pdf"));
  CHECK(structure(doc, {"title", "heading", "boilerplate"}) ==
        std::vector<std::string>{"boilerplate[ACME Annual Report 2024]", "heading[Annual Report]", "title[Annual Report]",
                                 "heading[Introduction]", "boilerplate[Page 1 of 3]",
                                 "boilerplate[ACME Annual Report 2024]", "heading[Results]", "boilerplate[Page 2 of 3]",
                                 "boilerplate[ACME Annual Report 2024]", "boilerplate[Page 3 of 3]"});
  const auto boilerplate = doc.annotations_of("boilerplate");
  CHECK(boilerplate[0]->features.find("reason")->as_string() == "running header");
  CHECK(boilerplate[1]->features.find("reason")->as_string() == "running footer");
  const auto headings = doc.annotations_of("heading");
  CHECK(headings[0]->features.find("level")->as_int() == 1);
  CHECK(headings[1]->features.find("level")->as_int() == 2);
  CHECK(headings[2]->features.find("level")->as_int() == 2);
  CHECK(structure(doc, {"paragraph"}) ==
        std::vector<std::string>{"paragraph[Our team worked on innovation across every department this year.]",
                                 "paragraph[Results improved\nsteadily.]", "paragraph[Revenue rose by twelve percent.]",
                                 "paragraph[Costs fell. Self-]", "paragraph[Outlook is well-\nKnown to be good.]"});
  const auto pages = doc.annotations_of("page");
  REQUIRE(pages.size() == 3);
  CHECK(pages[2]->features.find("number")->as_int() == 3);
  CHECK(doc.slice(pages[1]->span).starts_with("ACME Annual Report 2024\n\nResults"));
}

TEST_CASE("pdf: every text offset maps to its page") {
  const Document doc = read_one("pdf", fixture("report.pdf"));
  for (const Annotation* page : doc.annotations_of("page"))
    for (std::uint64_t off = page->span.begin; off < page->span.end; ++off) {
      const auto pos = doc.source_map.locate(off);
      REQUIRE(pos);
      REQUIRE(pos->page == static_cast<std::uint64_t>(page->features.find("number")->as_int()));
      REQUIRE(pos->line == 0);
    }
  CHECK(doc.source_map.locate(doc.text.find("twelve"))->page == 2);
}

TEST_CASE("pdf: document info metadata") {
  const Document doc = read_one("pdf", fixture("report.pdf"));
  CHECK(doc.metadata.find("title")->as_string() == "ACME Report");
  CHECK(doc.metadata.find("author")->as_string() == "Ana Lima");
  CHECK(doc.metadata.find("description")->as_string() == "Yearly results");
  CHECK(doc.metadata.find("date")->as_string() == "2024-03-01T12:00:00Z");
  CHECK(doc.metadata.find("page_count")->as_int() == 3);
  CHECK(doc.metadata.find("language")->as_string() == "en-US");
}

TEST_CASE("pdf: options") {
  SECTION("join_hyphens off keeps the line breaks") {
    const Document doc = read_one("pdf", fixture("report.pdf"), Object{{"join_hyphens", false}});
    CHECK(doc.text.find("inno-\nvation across every depart-\nment") != std::string::npos);
  }
  SECTION("running headers need running_min_pages pages") {
    const Document doc = read_one("pdf", fixture("report.pdf"), Object{{"running_min_pages", 4}});
    CHECK(doc.annotations_of("boilerplate").empty());
  }
}

TEST_CASE("pdf: refusals and warnings") {
  const std::string good = fixture("report.pdf");
  SECTION("over max_bytes") {
    REQUIRE_THROWS_WITH(read_one("pdf", good, Object{{"max_bytes", 1000}}, "r.pdf"),
                        Catch::Contains("max_bytes limit of 1000"));
  }
  SECTION("over max_pages") {
    REQUIRE_THROWS_WITH(read_one("pdf", good, Object{{"max_pages", 2}}), Catch::Contains("3 pages is more than"));
  }
  SECTION("not a PDF") {
    REQUIRE_THROWS_WITH(read_one("pdf", "hello"), Catch::Contains("not a PDF file"));
  }
  SECTION("truncated") {
    REQUIRE_THROWS_WITH(read_one("pdf", good.substr(0, good.size() - 40), {}, "cut.pdf"),
                        Catch::StartsWith("truncated PDF"));
  }
  SECTION("corrupt beyond repair") {
    REQUIRE_THROWS_WITH(read_one("pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF\n"),
                        Catch::Contains("corrupt PDF"));
  }
  SECTION("a damaged cross-reference table is rebuilt") {
    std::string damaged = good;
    const auto at = damaged.rfind("startxref\n") + 10;
    damaged.replace(at, damaged.find('\n', at) - at, "999");
    CHECK(read_one("pdf", damaged).text == read_one("pdf", good).text);
  }
  SECTION("problems inside a page become a warning") {
    std::string damaged = good;
    damaged.replace(damaged.find("(Results) Tj"), 12, "(Results) Qx");
    const Document doc = read_one("pdf", damaged);
    CHECK(doc.text.find("innovation") != std::string::npos);
    REQUIRE(doc.diagnostics.size() == 1);
    CHECK(doc.diagnostics[0].message.find("Unknown operator 'Qx'") != std::string::npos);
  }
  SECTION("encrypted, password needed") {
    REQUIRE_THROWS_WITH(read_one("pdf", fixture("encrypted.pdf"), {}, "e.pdf"),
                        Catch::StartsWith("encrypted PDF that needs a password"));
    REQUIRE_THROWS_WITH(read_one("pdf", fixture("encrypted.pdf"), Object{{"allow_encrypted", true}}, "e.pdf"),
                        Catch::StartsWith("encrypted PDF that needs a password"));
  }
  SECTION("encrypted, opens without a password: only with allow_encrypted") {
    REQUIRE_THROWS_WITH(read_one("pdf", fixture("owner.pdf"), {}, "o.pdf"),
                        Catch::StartsWith("encrypted PDF") && Catch::Contains("allow_encrypted"));
    const Document doc = read_one("pdf", fixture("owner.pdf"), Object{{"allow_encrypted", true}});
    CHECK(doc.text == "Readable without a password");
  }
  SECTION("no text layer") {
    const Document doc = read_one("pdf", fixture("blank.pdf"));
    CHECK(doc.text.empty());
    REQUIRE(doc.diagnostics.size() == 1);
    CHECK(doc.diagnostics[0].message.find("no text") != std::string::npos);
  }
  SECTION("bad option") {
    REQUIRE_THROWS_AS(read_one("pdf", good, Object{{"max_pages", -1}}), Error);
  }
}
