#include "document_json.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "exporter_test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins;

namespace {

std::vector<std::string> keys_of(const OrderedJson& j) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  return keys;
}

std::string compact(const OrderedJson& j) { return dump_json(j, JsonStyle::compact); }

std::uint64_t bits(double d) {
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

}  // namespace

TEST_CASE("values keep their types and object order") {
  const Value v = Object{{"zeta", 1},
                         {"alpha", Array{true, nullptr, "s", 2.5}},
                         {"big", std::numeric_limits<std::int64_t>::max()},
                         {"neg", -7},
                         {"nested", Object{{"b", Object{}}, {"a", Array{}}}}};
  CHECK(compact(value_to_json(v)) ==
        R"({"zeta":1,"alpha":[true,null,"s",2.5],"big":9223372036854775807,"neg":-7,"nested":{"b":{},"a":[]}})");
  CHECK(value_to_json(Value(3.0)).is_number_float());
  CHECK(compact(value_to_json(Value(3.0))) == "3.0");
  CHECK(value_to_json(Value(3)).is_number_integer());
}

TEST_CASE("non-finite doubles become null wherever they appear") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(value_to_json(Value(nan)).is_null());
  CHECK(compact(value_to_json(Object{{"a", inf}, {"b", -inf}, {"c", Array{nan, 1.5}}})) ==
        R"({"a":null,"b":null,"c":[null,1.5]})");

  Document doc = test::make_document("a.txt");
  doc.findings[0].score = nan;
  doc.findings[0].data.set("ratio", -inf);
  const OrderedJson f = document_to_json(doc)["findings"][0];
  CHECK(f["score"].is_null());
  CHECK(f["data"]["ratio"].is_null());

  CHECK(summary_to_json(RunSummary{.documents = 1, .failed = 0, .bytes = 2, .seconds = inf})["seconds"].is_null());
}

TEST_CASE("doubles are written in the shortest form that reads back to the same bits") {
  const double values[] = {0.1 + 0.2, 1.0 / 3.0, 1e300, 5e-324, -0.0, 123456.789, 2.0 / 3.0 * 1e-10};
  for (double d : values) {
    const std::string text = compact(value_to_json(Value(d)));
    INFO(text);
    CHECK(bits(OrderedJson::parse(text).get<double>()) == bits(d));
    CHECK(compact(value_to_json(Value(d))) == text);
  }
  CHECK(compact(value_to_json(Value(0.1 + 0.2))) == "0.30000000000000004");
  CHECK(compact(value_to_json(Value(1e300))) == "1e+300");
}

TEST_CASE("a document has the documented keys in the documented order") {
  const Document doc = test::make_document("a.txt");
  const OrderedJson j = document_to_json(doc);
  CHECK(keys_of(j) == std::vector<std::string>{"id", "source", "media_type", "status", "metadata", "metrics",
                                               "findings", "diagnostics"});
  CHECK(j["id"] == "a.txt");
  CHECK(j["source"] == "/corpus/a.txt");
  CHECK(j["media_type"] == "text/plain");
  CHECK(j["status"] == "ok");
  CHECK(compact(j["metadata"]) == R"({"title":"Title","encoding":"utf-8"})");
  CHECK(compact(j["metrics"]) == R"({"stats":{"words":4,"average_word_length":4.25}})");
  CHECK(compact(j["findings"]) ==
        R"([{"rule":"style/long-sentence","stage":"style","category":"long-sentence","severity":"warning",)"
        R"("message":"sentence is long","span":[7,23],"score":0.75,"data":{"words":3}}])");
  CHECK(compact(j["diagnostics"]) == R"([{"severity":"info","stage":"text","message":"read as UTF-8"}])");

  const OrderedJson full = document_to_json(doc, {.include_text = true, .include_annotations = true});
  CHECK(keys_of(full) == std::vector<std::string>{"id", "source", "media_type", "status", "metadata", "metrics",
                                                  "findings", "diagnostics", "text", "annotations"});
  CHECK(full["text"] == doc.text);
  CHECK(compact(full["annotations"]) ==
        R"([{"type":"heading","span":[0,5],"features":{"level":1}},{"type":"paragraph","span":[7,23],"features":{}}])");

  const OrderedJson text_only = document_to_json(doc, {.include_text = true, .include_annotations = false});
  CHECK(text_only.contains("text"));
  CHECK_FALSE(text_only.contains("annotations"));
}

TEST_CASE("a failed document says so and keeps its diagnostics") {
  Document doc;
  doc.id = "broken.bin";
  doc.failed = true;
  doc.diagnostics.push_back({Severity::error, "text", "binary file refused"});
  const OrderedJson j = document_to_json(doc);
  CHECK(j["status"] == "failed");
  CHECK(j["metadata"] == OrderedJson::object());
  CHECK(j["metrics"] == OrderedJson::object());
  CHECK(j["findings"] == OrderedJson::array());
  CHECK(j["diagnostics"][0]["severity"] == "error");
  CHECK(j["diagnostics"][0]["message"] == "binary file refused");
}

TEST_CASE("finding positions come from the source map and are omitted when it has none") {
  // The text dropped the source's first line ("# x\n", 4 bytes): text offset 0 is source offset 4.
  const std::string source = "# x\nfirst line\nsecond line\n";
  Document doc = test::make_document("m.md", source.substr(4));
  doc.source_map.add(0, 4, doc.text.size());
  doc.source_map.set_source_lines(source);
  doc.findings[0].span = {11, 17};  // "second" in the text
  const OrderedJson f = document_to_json(doc)["findings"][0];
  CHECK(keys_of(f) == std::vector<std::string>{"rule", "stage", "category", "severity", "message", "span", "line",
                                               "column", "score", "data"});
  CHECK(f["line"] == 3);
  CHECK(f["column"] == 1);

  const OrderedJson unmapped = document_to_json(test::make_document("plain.txt"))["findings"][0];
  CHECK_FALSE(unmapped.contains("line"));
  CHECK_FALSE(unmapped.contains("column"));
  CHECK_FALSE(unmapped.contains("page"));

  // Pages without lines (a PDF): only the page is known.
  Document pdf = test::make_document("p.pdf");
  pdf.source_map.add_page(0, 1);
  pdf.source_map.add_page(5, 2);
  const OrderedJson paged = document_to_json(pdf)["findings"][0];
  CHECK(paged["page"] == 2);
  CHECK_FALSE(paged.contains("line"));
}

TEST_CASE("run provenance and summary have the documented layout") {
  const RunInfo run = test::make_run("/out");
  CHECK(
      compact(run_to_json(run)) ==
      R"({"docpipe_version":"0.1.0","pipeline_hash":"0123456789abcdef","pipeline":"/pipelines/default.toml",)"
      R"("started_at":"2024-05-01T12:00:00Z","stages":[{"id":"text","plugin":"text","version":"1.0.0","kind":"reader"},)"
      R"({"id":"stats","plugin":"stats","version":"1.2.0","kind":"analyzer"},)"
      R"({"id":"json","plugin":"json","version":"1.0.0","kind":"exporter"}]})");
  CHECK(compact(summary_to_json({.documents = 3, .failed = 1, .bytes = 1024, .seconds = 0.5})) ==
        R"({"documents":3,"failed":1,"bytes":1024,"seconds":0.5})");
  CHECK(output_schema_version == "1");
}

TEST_CASE("UTF-8 stays raw and invalid bytes become U+FFFD instead of an exception") {
  Document doc = test::make_document("u.txt", "Grüße aus 東京 🙂 e\u0301\t\"q\" \\ \x01\n");
  doc.metadata.set("bad", std::string("caf\xe9"));
  const OrderedJson j = document_to_json(doc, {.include_text = true, .include_annotations = false});
  std::string text;
  REQUIRE_NOTHROW(text = compact(j));
  CHECK(text.find("Grüße aus 東京 🙂") != std::string::npos);
  CHECK(text.find("\\u0001") != std::string::npos);
  const OrderedJson back = OrderedJson::parse(text);
  CHECK(back["text"] == doc.text);
  CHECK(back["metadata"]["bad"] == "caf\xEF\xBF\xBD");
}

TEST_CASE("pretty output can be nested at any indent and still matches a whole dump") {
  OrderedJson outer = OrderedJson::object();
  outer["inner"] = value_to_json(Object{{"a", Array{1, Object{{"b", "line\nbreak"}}}}, {"c", Object{}}});
  const std::string whole = dump_json(outer, JsonStyle::pretty);
  CHECK(whole == "{\n  \"inner\": " + dump_json(outer["inner"], JsonStyle::pretty, 2) + "\n}");
  CHECK(whole == outer.dump(2));
  // Compact ignores the indent: one line, no spaces.
  CHECK(dump_json(outer, JsonStyle::compact, 4) == R"({"inner":{"a":[1,{"b":"line\nbreak"}],"c":{}}})");
}

TEST_CASE("include options are declared false by default and read from the stage's options") {
  const auto specs = document_json_option_specs();
  REQUIRE(specs.size() == 2);
  for (const OptionSpec& spec : specs) {
    CHECK(spec.type == OptionType::boolean);
    CHECK(spec.default_value == Value(false));
  }
  const DocumentJsonOptions none = document_json_options(Options{});
  CHECK_FALSE(none.include_text);
  CHECK_FALSE(none.include_annotations);
  const DocumentJsonOptions some = document_json_options(Options(Object{{"include_annotations", true}}));
  CHECK_FALSE(some.include_text);
  CHECK(some.include_annotations);
}

TEST_CASE("append_document_json writes what dump_json(document_to_json) writes, byte for byte") {
  Document d;
  d.id = "dir/odd \"name\"\\.txt";
  d.source_uri = "dir/odd.txt";
  d.media_type = "text/plain";
  // Control characters, curly quotes, a 4-byte character, DEL and invalid UTF-8 (a lone
  // continuation byte, an overlong form and an encoded surrogate) all take their own paths.
  d.text = std::string("Tab\there\nline\x01\x1f \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80 \x7F ") + "\x80 \xC0\xAF \xED\xA0\x80";
  d.metadata.set("title", "A \"quoted\" title\r\n");
  d.metadata.set("bad", std::string("x\xC3(y"));
  d.metrics.set("stage", Object{{"int", std::int64_t{-42}}, {"big", std::int64_t{9007199254740993}},
                                {"ratio", 0.1}, {"whole", 3.0}, {"tiny", 1e-7}, {"huge", 1e21}, {"neg0", -0.0},
                                {"nan", std::nan("")}, {"inf", std::numeric_limits<double>::infinity()},
                                {"flag", true}, {"off", false}, {"none", nullptr},
                                {"list", Array{Value(1), Value("two"), Value(Array{}), Value(Object{})}}});
  Finding f;
  f.stage = "claims";
  f.category = "statistical";
  f.message = "Claim \xE2\x80\x98here\xE2\x80\x99";
  f.span = {4, 9};
  f.score = 0.725;
  f.data.set("evidence", Array{Value(Object{{"kind", "link"}})});
  d.findings.push_back(f);
  f.score = std::numeric_limits<double>::quiet_NaN();
  f.span = {0, 3};
  d.findings.push_back(f);
  d.diagnostics.push_back({Severity::error, "text", "bad\tbyte"});
  d.annotate("word", {0, 3}, Object{{"kind", "word"}});
  d.annotate("sentence", {0, 10});
  d.source_map.set_source_lines(d.text);
  d.source_map.add(0, 0, d.text.size());
  d.source_map.add_page(5, 2);

  for (const bool text : {false, true}) {
    for (const bool annotations : {false, true}) {
      const DocumentJsonOptions options{.include_text = text, .include_annotations = annotations};
      std::string fast;
      append_document_json(fast, d, options);
      CHECK(fast == compact(document_to_json(d, options)));
    }
  }
  Document empty;
  std::string fast = "prefix";
  append_document_json(fast, empty);
  CHECK(fast == "prefix" + compact(document_to_json(empty)));
}
