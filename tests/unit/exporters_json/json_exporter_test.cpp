#include "json_exporter.hpp"

#include <catch2/catch.hpp>

#include "exporter_test_support.hpp"

using namespace docpipe;
using namespace docpipe::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using docpipe::plugins::JsonExporter;
using docpipe::plugins::OrderedJson;

namespace {

const RunSummary kSummary{.documents = 2, .failed = 1, .bytes = 4096, .seconds = 1.25};

// Runs one exporter over docs into dir and returns the file's bytes.
std::string export_run(const fs::path& dir, const std::vector<Document>& docs, const Object& options = {},
                       const std::string& file = "docpipe.json") {
  ExporterUnderTest<JsonExporter> e(options);
  e->begin(make_run(dir));
  for (const Document& d : docs) e->write(d);
  e->finish(kSummary);
  return read_file(dir / file);
}

std::vector<Document> two_documents() {
  Document failed = make_document("b.txt");
  failed.failed = true;
  failed.diagnostics.push_back({Severity::error, "stats", "stage 'stats' failed: boom"});
  return {make_document("a.txt"), failed};
}

}  // namespace

TEST_CASE("json: schema version, provenance, documents in order and summary") {
  TempDir tmp;
  const OrderedJson j = OrderedJson::parse(export_run(tmp.path(), two_documents()));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"schema_version", "run", "documents", "summary"});
  CHECK(j["schema_version"] == "1");
  CHECK(j["run"]["docpipe_version"] == "0.1.0");
  CHECK(j["run"]["pipeline_hash"] == "0123456789abcdef");
  CHECK(j["run"]["pipeline"] == "/pipelines/default.toml");
  CHECK(j["run"]["started_at"] == "2024-05-01T12:00:00Z");
  REQUIRE(j["run"]["stages"].size() == 3);
  CHECK(j["run"]["stages"][1] ==
        OrderedJson({{"id", "stats"}, {"plugin", "stats"}, {"version", "1.2.0"}, {"kind", "analyzer"}}));
  REQUIRE(j["documents"].size() == 2);
  CHECK(j["documents"][0]["id"] == "a.txt");
  CHECK(j["documents"][0]["status"] == "ok");
  CHECK(j["documents"][0]["metrics"]["stats"]["words"] == 4);
  CHECK(j["documents"][0]["findings"][0]["category"] == "long-sentence");
  CHECK(j["documents"][1]["id"] == "b.txt");
  CHECK(j["documents"][1]["status"] == "failed");
  CHECK(j["documents"][1]["diagnostics"][1]["stage"] == "stats");
  CHECK(j["summary"] == OrderedJson({{"documents", 2}, {"failed", 1}, {"bytes", 4096}, {"seconds", 1.25}}));
  // Text and annotations are opt-in.
  CHECK_FALSE(j["documents"][0].contains("text"));
  CHECK_FALSE(j["documents"][0].contains("annotations"));
}

TEST_CASE("json: the streamed file is exactly the parsed file dumped again") {
  for (std::size_t n : {0, 1, 3}) {
    std::vector<Document> docs;
    for (std::size_t i = 0; i < n; ++i) docs.push_back(make_document("doc-" + std::to_string(i) + ".txt"));
    TempDir tmp;
    INFO(n << " documents");
    const std::string pretty = export_run(tmp.path(), docs, Object{{"include_annotations", true}});
    CHECK(pretty == OrderedJson::parse(pretty).dump(2) + "\n");
    const std::string compact = export_run(tmp.path(), docs, Object{{"pretty", false}});
    CHECK(compact == OrderedJson::parse(compact).dump() + "\n");
    CHECK(std::count(compact.begin(), compact.end(), '\n') == 1);
  }
}

TEST_CASE("json: text and annotations when asked, UTF-8 kept byte for byte") {
  TempDir tmp;
  const std::string text = "Überschrift\n\n«Zitat» — 東京で 🙂 e\u0301, tab\there \"q\" back\\slash\n";
  const std::string bytes = export_run(tmp.path(), {make_document("u.txt", text)},
                                       Object{{"include_text", true}, {"include_annotations", true}});
  CHECK_THAT(bytes, Contains("«Zitat» — 東京で 🙂"));  // raw UTF-8, not \u escapes
  const OrderedJson doc = OrderedJson::parse(bytes)["documents"][0];
  CHECK(doc["text"].get<std::string>() == text);
  REQUIRE(doc["annotations"].size() == 2);
  CHECK(doc["annotations"][0] == OrderedJson({{"type", "heading"}, {"span", {0, 5}}, {"features", {{"level", 1}}}}));
}

TEST_CASE("json: output is byte-identical from run to run") {
  TempDir a, b;
  std::vector<Document> docs = two_documents();
  docs[0].stage_metrics("stats").set("ratio", 0.1 + 0.2);
  docs[0].stage_metrics("stats").set("tiny", 1e-310);
  CHECK(export_run(a.path(), docs) == export_run(b.path(), docs));
}

TEST_CASE("json: documents are streamed to the temporary file before finish") {
  TempDir tmp;
  ExporterUnderTest<JsonExporter> e(Object{{"include_text", true}});
  e->begin(make_run(tmp.path()));
  const std::string big(1 << 20, 'x');
  e->write(make_document("big.txt", big));
  e->write(make_document("big2.txt", big));
  CHECK_FALSE(fs::exists(tmp / "docpipe.json"));
  const auto names = list_dir(tmp.path());
  REQUIRE(names.size() == 1);
  CHECK_THAT(names[0], StartsWith("docpipe.json.tmp-"));
  // Far more than any stdio buffer: the documents are on disk, not held in memory.
  CHECK(fs::file_size(tmp / names[0]) > 2 * big.size() - 64 * 1024);
  e->finish(kSummary);
  CHECK(list_dir(tmp.path()) == std::vector<std::string>{"docpipe.json"});
  CHECK(OrderedJson::parse(read_file(tmp / "docpipe.json"))["documents"][1]["text"] == big);
}

TEST_CASE("json: declared options and their defaults") {
  const auto specs = JsonExporter::option_specs();
  CHECK(option_names(specs) == std::vector<std::string>{"file", "include_text", "include_annotations", "pretty"});
  CHECK(specs[0].default_value == Value("docpipe.json"));
  CHECK(specs[3].default_value == Value(true));
}
