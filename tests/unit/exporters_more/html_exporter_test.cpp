// html_report exporter: highlighting markup, escaping, and the page in headless Chromium (no
// console errors, one <mark> per finding of the JSON export of the same run, a screenshot).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

#include "html_exporter.hpp"
#include "json_exporter.hpp"
#include "more_test_support.hpp"

using namespace docpipe;
using namespace docpipe::test;
using docpipe::plugins::HtmlExporter;
using docpipe::plugins::highlight_text;
using Catch::Matchers::Contains;

namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

// Text with nothing left but the characters: what the reader sees.
std::string strip_tags(const std::string& html) {
  std::string out = std::regex_replace(html, std::regex("<span class=\"tip\"[^>]*>[^<]*</span>"), "");
  return std::regex_replace(out, std::regex("<[^>]*>"), "");
}

std::vector<Document> html_corpus() {
  auto docs = golden_corpus();
  Document d = located_document("tricky.html",
                                "Cookie banner: accept all.\n\nThe <script>alert(1)</script> text has overlapping "
                                "findings here and there.\n");
  d.annotate("boilerplate", {0, 26}, Object{{"reason", "banner"}});
  add_finding(d, "<script>alert(1)</script>", "style", "markup", Severity::error, "raw <markup> & \"quotes\"");
  add_finding(d, "overlapping findings here", "claims", "vague", Severity::warning, "outer");
  add_finding(d, "findings", "hedges", "inner", Severity::info, "inner");
  add_finding(d, "here and there", "style", "crossing", Severity::warning, "crosses the outer end");
  d.findings.push_back({.stage = "style", .category = "point", .severity = Severity::info, .message = "empty span",
                        .span = {30, 30}});
  d.findings.push_back({.stage = "style", .category = "beyond", .severity = Severity::info,
                        .message = "span past the end", .span = {5000, 6000}});
  add_finding(d, "accept", "claims", "in-boilerplate", Severity::info, "inside the banner");
  d.stage_metrics("readability").set("document", Object{{"flesch_kincaid_grade", 11.2}});
  d.stage_metrics("claims").set("claims_per_1000_words", 150.0);
  docs.push_back(std::move(d));
  return docs;
}

std::string chromium_path() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return {};
}

}  // namespace

TEST_CASE("highlighting makes one well-nested mark per finding and keeps the text") {
  const Document d = html_corpus().back();
  const std::string html = highlight_text(d, "d");
  CHECK(count(html, "<mark ") == d.findings.size());
  CHECK(count(html, "</mark>") == d.findings.size());
  CHECK(count(html, "<span class=\"boilerplate\"") == 1);
  // Escaped, never raw markup from the text or the messages.
  CHECK(html.find("<script>") == std::string::npos);
  CHECK_THAT(html, Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(html, Contains("raw &lt;markup&gt; &amp; &quot;quotes&quot;"));
  // Nothing of the text is lost or duplicated.
  std::string plain = strip_tags(html);
  plain = std::regex_replace(plain, std::regex("&lt;"), "<");
  plain = std::regex_replace(plain, std::regex("&gt;"), ">");
  CHECK(plain == d.text);
  // Well nested: every close matches the innermost open element.
  std::vector<std::string> open;
  const std::regex tag("<(/?)(mark|span)\\b[^>]*>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
    if ((*it)[1].length() == 0) {
      open.push_back((*it)[2]);
    } else {
      REQUIRE_FALSE(open.empty());
      CHECK(open.back() == (*it)[2].str());
      open.pop_back();
    }
  }
  CHECK(open.empty());
  CHECK_THAT(html, Contains("data-category=\"hedges/inner\""));
  CHECK_THAT(html, Contains("tabindex=\"0\""));
}

TEST_CASE("html report degrades gracefully without chart metrics") {
  TempDir tmp;
  ExporterUnderTest<HtmlExporter> e(Object{{"grade_metric", "missing.grade"}});
  export_all(*e.exporter, tmp.path(), golden_corpus());
  const std::string html = read_file(tmp / "report.html");
  CHECK_THAT(html, Contains("No document has the metric <code>missing.grade</code>"));
  CHECK_THAT(html, Contains("<rect class=\"bar\""));  // the density chart still has alpha's bar
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
}

TEST_CASE("html report in headless Chromium: no console errors, one mark per finding, screenshot") {
  const std::string chromium = chromium_path();
  if (chromium.empty()) {
    WARN("SKIPPED: /usr/bin/chromium is not installed (apt-get install chromium); the browser check did not run");
    return;
  }
  const fs::path dir = fs::path(DOCPIPE_BINARY_DIR) / "html_report";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto docs = html_corpus();
  {
    ExporterUnderTest<HtmlExporter> html;
    ExporterUnderTest<plugins::JsonExporter> json;
    const RunInfo run = make_run(dir);
    html->begin(run);
    json->begin(run);
    for (const Document& d : docs) {
      html->write(d);
      json->write(d);
    }
    html->finish({});
    json->finish({});
  }
  std::size_t json_findings = 0;
  const auto exported = nlohmann::json::parse(read_file(dir / "docpipe.json"));
  for (const auto& d : exported["documents"])
    json_findings += d["findings"].size();
  REQUIRE(json_findings == 11);

  TempDir profile;
  const std::string flags = " --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
                            " --disable-component-update --disable-sync --user-data-dir=" +
                            shell_quote(profile.path().string()) + " ";
  const std::string url = "file://" + (dir / "report.html").string();
  std::string dom;
  const int rc = run_command("timeout 120 " + chromium + flags + "--enable-logging=stderr --v=0 --dump-dom " +
                                 shell_quote(url) + " 2>" + shell_quote((dir / "chromium-stderr.txt").string()),
                             dom);
  REQUIRE(rc == 0);
  write_file(dir / "dom.html", dom);
  const std::string log = read_file(dir / "chromium-stderr.txt");
  CHECK(log.find("Uncaught") == std::string::npos);
  CHECK(log.find(":CONSOLE") == std::string::npos);  // any console message at all is unexpected
  // The script ran to its end (it marks the page) and filled the table's status line.
  CHECK_THAT(dom, Contains("data-ready=\"1\""));
  CHECK_THAT(dom, Contains("4 of 4 documents shown"));
  CHECK(count(dom, "<mark ") == json_findings);

  // The table's own script, driven as a reader would: sort by Grade twice (descending), then filter.
  std::string page = read_file(dir / "report.html");
  page.insert(page.rfind("</body>"),
              "<script>var b=document.querySelectorAll('#doc-table th button');b[4].click();b[4].click();"
              "var f=document.getElementById('doc-filter');f.value='a';f.dispatchEvent(new Event('input'));</script>");
  write_file(dir / "driven.html", page);
  std::string driven;
  REQUIRE(run_command("timeout 120 " + chromium + flags + "--dump-dom " +
                          shell_quote("file://" + (dir / "driven.html").string()) + " 2>/dev/null",
                      driven) == 0);
  const std::regex row_link("<tr[^>]*><td><a href=\"#doc-[0-9]+\">([^<]+)</a>");
  std::vector<std::string> order;
  for (auto it = std::sregex_iterator(driven.begin(), driven.end(), row_link); it != std::sregex_iterator(); ++it)
    order.push_back((*it)[1]);
  CHECK(order == std::vector<std::string>{"tricky.html", "alpha.txt", "b\u00e9ta.md", "gamma.txt"});
  CHECK_THAT(driven, Contains("aria-sort=\"descending\""));
  // Only tricky.html's row has no "a" anywhere in its cells.
  CHECK_THAT(driven, Contains("3 of 4 documents shown"));
  CHECK_THAT(driven, Contains("<tr hidden=\"\"><td><a href=\"#doc-4\">"));

  std::string ignored;
  const fs::path png = fs::path(DOCPIPE_BINARY_DIR) / "report.png";
  fs::remove(png);
  CHECK(run_command("timeout 120 " + chromium + flags + "--screenshot=" + shell_quote(png.string()) +
                        " --window-size=1280,900 " + shell_quote(url) + " >/dev/null 2>&1",
                    ignored) == 0);
  CHECK(fs::file_size(png) > 10000);
  const fs::path phone = fs::path(DOCPIPE_BINARY_DIR) / "report-phone.png";
  CHECK(run_command("timeout 120 " + chromium + flags + "--screenshot=" + shell_quote(phone.string()) +
                        " --window-size=390,1400 " + shell_quote(url) + " >/dev/null 2>&1",
                    ignored) == 0);
}
