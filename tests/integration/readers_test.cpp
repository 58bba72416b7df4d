// One run over a folder that mixes every format: each reader is chosen by the file, and each
// document arrives with its text, structure, metadata and source positions.
#include <catch2/catch.hpp>

#include <filesystem>

#include "process.hpp"

using namespace docpipe::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
const nlohmann::json& doc_named(const nlohmann::json& run, const std::string& id) {
  for (const auto& d : run["documents"])
    if (d["id"] == id) return d;
  FAIL("no document " << id);
  throw;
}
int count_type(const nlohmann::json& doc, const std::string& type) {
  int n = 0;
  for (const auto& a : doc["annotations"]) n += a["type"] == type;
  return n;
}
}  // namespace

TEST_CASE("a folder of .md, .html, .pdf, .docx and Latin-1 .txt goes through the right readers") {
  TempDir tmp;
  const fs::path in = tmp / "mixed";
  fs::create_directories(in);
  fs::copy_file(FIXTURES_DIR "/../markdown/notes.md", in / "notes.md");
  fs::copy_file(FIXTURES_DIR "/../html/jsonld.html", in / "bridge.html");
  fs::copy_file(FIXTURES_DIR "/../pdf/report.pdf", in / "report.pdf");
  fs::copy_file(FIXTURES_DIR "/../docx/sample.docx", in / "sample.docx");
  write_file(in / "latin1.txt", "Caf\xe9 cr\xe8me\n\nLe caf\xe9 ouvre \xe0 huit heures, m\xeame le dimanche.\n");
  write_file(tmp / "p.toml", R"(inputs = ["mixed"]
[[analyzers]]
plugin = "boilerplate"
[[analyzers]]
plugin = "segment"
[[analyzers]]
plugin = "claims"
[[exporters]]
plugin = "json"
options = { include_text = true, include_annotations = true }
)");
  auto r = run_docpipe({"-q", "run", (tmp / "p.toml").string(), "-o", (tmp / "out").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto run = read_json(tmp / "out" / "docpipe.json");
  REQUIRE(run["documents"].size() == 5);

  const auto& md = doc_named(run, "mixed/notes.md");
  CHECK(md["media_type"] == "text/markdown");
  CHECK(md["metadata"]["title"] == "Field notes: spring");
  CHECK(md["metadata"]["author"] == "Jane Doe");
  CHECK(count_type(md, "heading") >= 2);
  CHECK(count_type(md, "list_item") >= 4);
  CHECK_THAT(md["text"].get<std::string>(), !Contains("**") && !Contains("&amp;"));

  const auto& html = doc_named(run, "mixed/bridge.html");
  CHECK(html["metadata"]["title"] == "Neue Brücke nach drei Jahren Bauzeit eröffnet");
  CHECK(html["metadata"]["language"] == "de");
  CHECK(count_type(html, "paragraph") == 3);
  CHECK_THAT(html["text"].get<std::string>(), Contains("180 Meter") && !Contains("<p>"));

  const auto& pdf = doc_named(run, "mixed/report.pdf");
  CHECK(pdf["media_type"] == "application/pdf");
  CHECK(pdf["metadata"]["page_count"].get<int>() >= 2);
  CHECK(count_type(pdf, "page") == pdf["metadata"]["page_count"].get<int>());

  const auto& docx = doc_named(run, "mixed/sample.docx");
  CHECK(count_type(docx, "heading") >= 1);
  CHECK(count_type(docx, "paragraph") >= 1);
  CHECK_FALSE(docx["text"].get<std::string>().empty());

  const auto& latin = doc_named(run, "mixed/latin1.txt");
  CHECK(latin["status"] == "ok");
  CHECK_THAT(latin["text"].get<std::string>(), Contains("Café crème") && Contains("à huit heures, même"));
  CHECK_THAT(latin["metadata"]["encoding"].get<std::string>(), Contains("8859-1") || Contains("1252"));

  // Every document, whatever its format, went on through the analyzers.
  for (const auto& d : run["documents"]) CHECK(count_type(d, "sentence") > 0);
}
