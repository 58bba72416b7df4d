#include "jsonl_exporter.hpp"

#include <catch2/catch.hpp>

#include "exporter_test_support.hpp"

using namespace docpipe;
using namespace docpipe::test;
using Catch::Matchers::StartsWith;
using docpipe::plugins::JsonlExporter;
using docpipe::plugins::OrderedJson;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(text.substr(start, nl - start));
  CHECK(start == text.size());  // every line, the last included, ends with a newline
  return lines;
}

}  // namespace

TEST_CASE("jsonl: a run record, one line per document, a summary record") {
  TempDir tmp;
  ExporterUnderTest<JsonlExporter> e(Object{{"include_text", true}});
  e->begin(make_run(tmp.path()));
  // Newlines in the text must not break the one-record-per-line rule.
  e->write(make_document("a.txt", "line one\nline two\n\nGrüße 🙂\n"));
  Document failed = make_document("b.txt");
  failed.failed = true;
  e->write(failed);
  e->finish({.documents = 2, .failed = 1, .bytes = 99, .seconds = 0.25});

  const auto lines = lines_of(read_file(tmp / "docpipe.jsonl"));
  REQUIRE(lines.size() == 4);
  for (const std::string& line : lines) CHECK_THAT(line, StartsWith("{\"record\":"));

  const OrderedJson header = OrderedJson::parse(lines[0]);
  CHECK(header.begin().key() == "record");
  CHECK(header["record"] == "run");
  CHECK(header["schema_version"] == "1");
  CHECK(header["run"]["pipeline_hash"] == "0123456789abcdef");
  CHECK(header["run"]["stages"].size() == 3);

  const OrderedJson a = OrderedJson::parse(lines[1]);
  CHECK(a["record"] == "document");
  CHECK(a["id"] == "a.txt");
  CHECK(a["status"] == "ok");
  CHECK(a["text"] == "line one\nline two\n\nGrüße 🙂\n");
  CHECK(a["metrics"]["stats"]["average_word_length"] == 4.25);
  CHECK_FALSE(a.contains("annotations"));
  // Apart from "record", a document line is the same object the json exporter writes.
  OrderedJson without_record = a;
  without_record.erase("record");
  CHECK(without_record == plugins::document_to_json(make_document("a.txt", "line one\nline two\n\nGrüße 🙂\n"),
                                                    {.include_text = true, .include_annotations = false}));

  const OrderedJson b = OrderedJson::parse(lines[2]);
  CHECK(b["id"] == "b.txt");
  CHECK(b["status"] == "failed");

  CHECK(OrderedJson::parse(lines[3]) ==
        OrderedJson({{"record", "summary"}, {"documents", 2}, {"failed", 1}, {"bytes", 99}, {"seconds", 0.25}}));
}

TEST_CASE("jsonl: an empty run still has its run and summary records") {
  TempDir tmp;
  ExporterUnderTest<JsonlExporter> e(Object{{"file", "sub/run.jsonl"}});
  e->begin(make_run(tmp.path()));
  e->finish({});
  const auto lines = lines_of(read_file(tmp / "sub" / "run.jsonl"));
  REQUIRE(lines.size() == 2);
  CHECK(OrderedJson::parse(lines[0])["record"] == "run");
  CHECK(OrderedJson::parse(lines[1])["record"] == "summary");
}

TEST_CASE("jsonl: documents are streamed to the temporary file before finish") {
  TempDir tmp;
  ExporterUnderTest<JsonlExporter> e(Object{{"include_text", true}});
  e->begin(make_run(tmp.path()));
  const std::string big(1 << 20, 'y');
  e->write(make_document("big.txt", big));
  const auto names = list_dir(tmp.path());
  REQUIRE(names.size() == 1);
  CHECK_THAT(names[0], StartsWith("docpipe.jsonl.tmp-"));
  CHECK(fs::file_size(tmp / names[0]) > big.size() - 64 * 1024);
  e->finish({});
  CHECK(list_dir(tmp.path()) == std::vector<std::string>{"docpipe.jsonl"});
}

TEST_CASE("jsonl: declared options and their defaults") {
  const auto specs = JsonlExporter::option_specs();
  CHECK(option_names(specs) == std::vector<std::string>{"file", "include_text", "include_annotations"});
  CHECK(specs[0].default_value == Value("docpipe.jsonl"));
}
