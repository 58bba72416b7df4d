// html_report exporter: highlighting markup, escaping, and the page in headless Chromium (no
// console errors, one <mark> per finding of the JSON export of the same run, a screenshot).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <regex>
#include <set>

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
  add_finding(d, "The <script>alert(1)</script> text has overlapping findings here and there.", "readability",
              "long-sentence", Severity::warning, "a quiet sentence-long span around the others");
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

namespace {
// Two documents with sentences from the segment stage, readability findings among the others.
std::vector<Document> grouped_corpus() {
  std::vector<Document> docs;
  Document a = located_document("a.md", "Sales rose 40% in 2023. The <b>bold</b> claim & more, all \"true\".\n\nA long "
                                        "and winding sentence goes on here.\n");
  for (const char* sentence : {"Sales rose 40% in 2023.", "The <b>bold</b> claim & more, all \"true\".",
                               "A long and winding sentence goes on here."}) {
    const auto at = a.text.find(sentence);
    a.annotate("sentence", {at, at + std::string(sentence).size()});
  }
  add_finding(a, "Sales rose 40%", "claims", "statistical", Severity::warning, "Statistic without a source");
  add_finding(a, "<b>bold</b> claim", "claims", "sweeping", Severity::error, "Sweeping <claim>");
  add_finding(a, "A long and winding sentence goes on here.", "readability", "long-sentence", Severity::warning, "Long");
  docs.push_back(std::move(a));
  Document b = located_document("b.txt", "In 2022 sales fell 5%. Nothing else.\n");
  b.annotate("sentence", {0, 22});
  b.annotate("sentence", {23, 36});
  add_finding(b, "sales fell 5%", "claims", "statistical", Severity::info, "Sourced statistic");
  add_finding(b, "Nothing else.", "readability", "hard-sentence", Severity::info, "Hard");
  docs.push_back(std::move(b));
  return docs;
}

// The text of the element that starts at `open` up to its matching `close` (no nesting of the same tag).
std::string element(const std::string& html, const std::string& open, const std::string& close) {
  const auto at = html.find(open);
  if (at == std::string::npos) return {};
  return html.substr(at, html.find(close, at) + close.size() - at);
}
}  // namespace

TEST_CASE("html report groups findings by rule with counts and each finding's sentence, filters by rule and severity") {
  TempDir tmp;
  ExporterUnderTest<HtmlExporter> e;
  export_all(*e.exporter, tmp.path(), grouped_corpus());
  const std::string html = read_file(tmp / "report.html");
  // One group per rule, most findings first, each with its count and its findings.
  const std::regex group("<details class=\"rule-group\" id=\"rule-([0-9]+)\" data-group=\"([^\"]+)\"( open)?>");
  std::vector<std::string> rules;
  std::vector<bool> open;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), group); it != std::sregex_iterator(); ++it) {
    rules.push_back((*it)[2]);
    open.push_back((*it)[3].matched);
  }
  CHECK(rules == std::vector<std::string>{"claims/statistical", "claims/sweeping", "readability/hard-sentence",
                                          "readability/long-sentence"});  // ties by id
  CHECK(open == std::vector<bool>{true, true, false, false});  // readability's groups start closed
  const std::string statistical = element(html, "data-group=\"claims/statistical\"", "</details>");
  CHECK_THAT(statistical, Contains("<span class=\"group-count\">2 findings</span>"));
  CHECK(count(statistical, "<li class=\"group-item\"") == 2);
  CHECK_THAT(statistical, Contains("href=\"#doc-1-f0\">a.md:1:1</a> Statistic without a source"));
  CHECK_THAT(statistical, Contains("href=\"#doc-2-f0\">b.txt:1:9</a> Sourced statistic"));
  CHECK(count(element(html, "data-group=\"claims/sweeping\"", "</details>"), "<li class=\"group-item\"") == 1);
  // Each finding shows its sentence, the trigger in bold; the whole sentence is not bolded.
  CHECK_THAT(statistical, Contains("<blockquote class=\"sentence\"><b>Sales rose 40%</b> in 2023.</blockquote>"));
  CHECK_THAT(statistical, Contains("<blockquote class=\"sentence\">In 2022 <b>sales fell 5%</b>.</blockquote>"));
  CHECK_THAT(html, Contains("<blockquote class=\"sentence\">A long and winding sentence goes on here.</blockquote>"));
  // Document text and messages are escaped everywhere, in the groups too.
  CHECK_THAT(html, Contains("<blockquote class=\"sentence\">The <b>&lt;b&gt;bold&lt;/b&gt; claim</b> &amp; more, all "
                            "&quot;true&quot;.</blockquote>"));
  CHECK_THAT(html, Contains("Sweeping &lt;claim&gt;"));
  CHECK(html.find("<b>bold</b>") == std::string::npos);
  CHECK(html.find("<claim>") == std::string::npos);
  // The count table.
  CHECK_THAT(html, Contains("<a href=\"#rule-1\"><code>claims/statistical</code></a></td><td class=\"num\">0</td><td "
                            "class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">2</td></tr>"));
  // The filter: one box per rule and per severity, all ticked, with counts; the readability toggle off.
  const std::string form = element(html, "<form class=\"finding-filter\"", "</form>");
  CHECK(count(form, "name=\"rule\"") == 4);
  CHECK_THAT(form, Contains("name=\"rule\" value=\"claims/statistical\" checked>"));
  CHECK_THAT(form, Contains("<code>claims/statistical</code> (2)"));
  CHECK_THAT(form, Contains("name=\"severity\" value=\"error\" checked> \u2716 error (1)"));
  CHECK_THAT(form, Contains("name=\"severity\" value=\"warning\" checked> \u26A0 warning (2)"));
  CHECK_THAT(form, Contains("name=\"severity\" value=\"info\" checked> \u2139 info (2)"));
  CHECK_THAT(form, Contains("<input type=\"checkbox\" id=\"show-quiet\"> Highlight the findings of readability"));
  // Every finding is a mark; readability's are quiet (plain, out of the tab order) until toggled.
  CHECK(count(html, "<mark ") == 5);
  CHECK(count(html, " quiet\" data-rule=\"readability/") == 2);
  CHECK(count(html, "tabindex=\"-1\"") == 2);
  CHECK_THAT(html, Contains("body:not(.show-quiet) mark.quiet"));
  // Highlights are coloured by rule: the two statistical marks share a hue, the sweeping one differs.
  const std::regex mark_hue("data-rule=\"([^\"]+)\"[^>]*style=\"--hue:([0-9]+)\"");
  std::map<std::string, std::set<std::string>> hues;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), mark_hue); it != std::sregex_iterator(); ++it)
    hues[(*it)[1]].insert((*it)[2]);
  REQUIRE(hues.size() == 4);
  CHECK(hues["claims/statistical"].size() == 1);
  CHECK(hues["claims/statistical"] != hues["claims/sweeping"]);
  // Self-contained.
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
}

TEST_CASE("html report without findings says so instead of an empty filter") {
  TempDir tmp;
  ExporterUnderTest<HtmlExporter> e;
  Document d = located_document("quiet.txt", "Nothing to see.\n");
  export_all(*e.exporter, tmp.path(), {d});
  const std::string html = read_file(tmp / "report.html");
  CHECK_THAT(html, Contains("<p class=\"meta\">No findings in this run.</p>"));
  CHECK(html.find("<form class=\"finding-filter\"") == std::string::npos);
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
  REQUIRE(json_findings == 12);

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

  // The page with a script appended that acts as a reader would, as Chromium leaves its DOM.
  const auto driven_dom = [&](const std::string& name, const std::string& script) {
    std::string page = read_file(dir / "report.html");
    page.insert(page.rfind("</body>"), "<script>" + script + "</script>");
    write_file(dir / (name + ".html"), page);
    std::string out;
    REQUIRE(run_command("timeout 120 " + chromium + flags + "--dump-dom " +
                            shell_quote("file://" + (dir / (name + ".html")).string()) + " 2>/dev/null",
                        out) == 0);
    write_file(dir / (name + "-dom.html"), out);
    return out;
  };
  // The table's own script: sort by Grade twice (descending), then filter.
  const std::string driven = driven_dom(
      "driven", "var b=document.querySelectorAll('#doc-table th button');b[4].click();b[4].click();"
                "var f=document.getElementById('doc-filter');f.value='a';f.dispatchEvent(new Event('input'));");
  const std::regex row_link("<tr[^>]*><td><a href=\"#doc-[0-9]+\">([^<]+)</a>");
  std::vector<std::string> order;
  for (auto it = std::sregex_iterator(driven.begin(), driven.end(), row_link); it != std::sregex_iterator(); ++it)
    order.push_back((*it)[1]);
  CHECK(order == std::vector<std::string>{"tricky.html", "alpha.txt", "b\u00e9ta.md", "gamma.txt"});
  CHECK_THAT(driven, Contains("aria-sort=\"descending\""));
  // Only tricky.html's row has no "a" anywhere in its cells.
  CHECK_THAT(driven, Contains("3 of 4 documents shown"));
  CHECK_THAT(driven, Contains("<tr hidden=\"\"><td><a href=\"#doc-4\">"));

  // The findings filter, driven: untick one rule and the info severity, turn the quiet toggle on.
  const std::string filtered = driven_dom(
      "filtered", "var r=document.querySelector('input[name=rule][value=\"style/markup\"]');r.checked=false;"
                  "var s=document.querySelector('input[name=severity][value=info]');s.checked=false;"
                  "document.getElementById('show-quiet').checked=true;"
                  "document.getElementById('finding-filter').dispatchEvent(new Event('change'));");
  // 12 findings: 1 style/markup (error) and 5 info ones are filtered out.
  CHECK_THAT(dom, Contains("12 of 12 findings shown"));
  CHECK_THAT(filtered, Contains("6 of 12 findings shown"));
  CHECK(count(filtered, "<li class=\"group-item\" data-rule=\"style/markup\" data-severity=\"error\" hidden=\"\"") == 1);
  CHECK(count(filtered, "class=\"finding sev-error filtered\" data-rule=\"style/markup\"") == 1);
  CHECK(count(filtered, "class=\"finding sev-warning\"") ==
        count(dom, "class=\"finding sev-warning\""));  // warnings of other rules keep their highlight
  CHECK_THAT(dom, Contains("<body>"));  // no show-quiet class at first
  CHECK_THAT(filtered, Contains("<body class=\"show-quiet\">"));
  CHECK_THAT(dom, Contains("class=\"finding sev-warning quiet\" data-rule=\"readability/long-sentence\""));

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
