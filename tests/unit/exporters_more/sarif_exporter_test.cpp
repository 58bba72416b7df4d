// sarif exporter: the SARIF 2.1.0 structure (required members, rule indexes, regions, levels).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "more_test_support.hpp"
#include "sarif_exporter.hpp"

using namespace docpipe;
using namespace docpipe::test;
using docpipe::plugins::SarifExporter;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

json export_sarif(const std::vector<Document>& docs, const TempDir& tmp) {
  ExporterUnderTest<SarifExporter> e;
  export_all(*e.exporter, tmp.path(), docs);
  return json::parse(read_file(tmp / "docpipe.sarif"));
}

// What SARIF 2.1.0 requires of a log, a run, a result and a physical location (§3.13, 3.14,
// 3.27, 3.29, 3.30), checked member by member.
void check_sarif_structure(const json& log) {
  REQUIRE(log.at("version") == "2.1.0");
  REQUIRE(log.at("runs").is_array());
  for (const json& run : log["runs"]) {
    const json& driver = run.at("tool").at("driver");
    CHECK(driver.at("name").is_string());
    const json& rules = driver.at("rules");
    for (const json& rule : rules) CHECK(rule.at("id").is_string());
    for (const json& result : run.at("results")) {
      CHECK(result.at("message").at("text").is_string());
      CHECK((result["level"] == "error" || result["level"] == "warning" || result["level"] == "note"));
      const std::size_t index = result.at("ruleIndex");
      REQUIRE(index < rules.size());
      CHECK(rules[index]["id"] == result.at("ruleId"));
      for (const json& location : result.at("locations")) {
        const json& physical = location.at("physicalLocation");
        CHECK(physical.at("artifactLocation").at("uri").is_string());
        const json& region = physical.at("region");
        if (region.contains("startLine")) {
          CHECK(region["startLine"].get<int>() >= 1);
          CHECK(region.at("startColumn").get<int>() >= 1);
        } else {
          CHECK(region.at("byteOffset").get<int>() >= 0);
        }
      }
    }
    for (const json& inv : run.at("invocations")) CHECK(inv.at("executionSuccessful").is_boolean());
  }
}

}  // namespace

TEST_CASE("sarif output has the 2.1.0 structure with rules, regions and levels") {
  TempDir tmp;
  const json log = export_sarif(golden_corpus(), tmp);
  check_sarif_structure(log);
  const json& run = log["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 4);
  CHECK(rules[0]["id"] == "claims/statistical");
  CHECK(rules[3]["id"] == "style/line-break");
  REQUIRE(run["results"].size() == 4);
  const json& weasel = run["results"][2];
  CHECK(weasel["ruleId"] == "style/weasel");
  CHECK(weasel["level"] == "error");
  CHECK(weasel["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "corpus/alpha.txt");
  CHECK(weasel["locations"][0]["physicalLocation"]["region"] ==
        json({{"startLine", 3}, {"startColumn", 27}, {"endLine", 3}, {"endColumn", 36}, {"snippet", {{"text", "\"clearly\""}}}}));
  CHECK(run["results"][1]["level"] == "note");
  CHECK(run["results"][3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "corpus/b%C3%A9ta.md");
  // The failed document's diagnostic is a notification, and the invocation is not successful.
  const json& inv = run["invocations"][0];
  CHECK(inv["executionSuccessful"] == false);
  REQUIRE(inv["toolExecutionNotifications"].size() == 1);
  CHECK(inv["toolExecutionNotifications"][0]["message"]["text"] == "text: binary file refused");
}

TEST_CASE("sarif falls back to byte offsets and handles an empty run") {
  TempDir tmp;
  Document doc;
  doc.id = "scan.pdf";
  doc.source_uri = "/data/my scan.pdf";
  doc.text = "abc def";
  doc.source_map.add(0, 100, 7);
  doc.findings.push_back({.stage = "s", .category = "c", .severity = Severity::warning, .message = "m", .span = {4, 7}});
  json log = export_sarif({doc}, tmp);
  check_sarif_structure(log);
  const json& physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  CHECK(physical["artifactLocation"]["uri"] == "file:///data/my%20scan.pdf");
  CHECK(physical["region"]["byteOffset"] == 104);
  CHECK(physical["region"]["byteLength"] == 3);

  TempDir empty;
  log = export_sarif({}, empty);
  check_sarif_structure(log);
  CHECK(log["runs"][0]["results"].empty());
  CHECK(log["runs"][0]["invocations"][0]["executionSuccessful"] == true);
}

