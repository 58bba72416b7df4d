// The binary document encoding worker processes hand back: lossless, and refuses truncated input.
#include <catch2/catch.hpp>

#include <limits>

#include "docpipe/error.hpp"
#include "pipeline/document_codec.hpp"

using namespace docpipe;
using namespace docpipe::host;

namespace {
Document sample() {
  Document d;
  d.id = "a/b.txt#2";
  d.source_uri = "a/b.txt";
  d.media_type = "text/plain";
  d.text = std::string("caf\xc3\xa9 and a \0 byte", 18);
  d.metadata.set("title", Value("T"));
  d.metadata.set("list", Value(Array{Value(1), Value(-7), Value(2.5), Value(nullptr), Value(true)}));
  d.stage_metrics("stats").set("words", Value(std::numeric_limits<std::int64_t>::min()));
  d.stage_metrics("stats").set("max", Value(std::numeric_limits<std::int64_t>::max()));
  d.annotate("word", {0, 5});
  d.annotate("word", {6, 9}, Object{{"level", Value(2)}});
  d.annotate("sentence", {0, 18}, Object{{"nested", Value(Object{{"level", Value("x")}})}});
  d.findings.push_back({"claims", "statistical", Severity::error, "m", {1, 4}, 0.75, Object{{"k", Value("v")}}});
  d.findings.push_back({"claims", "vague", Severity::info, "n", {0, 0}, 0, {}});
  d.diagnostics.push_back({Severity::warning, "text", "w"});
  d.source_map.add(0, 3, 10);
  d.source_map.add(12, 20, 6);
  d.source_map.set_line_starts({0, 8, 30});
  d.source_map.add_page(0, 1);
  d.source_map.add_page(9, 2);
  d.failed = true;
  return d;
}
}  // namespace

TEST_CASE("the binary document encoding round-trips every field") {
  const Document d = sample();
  std::string bytes;
  encode_document_binary(d, bytes);
  encode_document_binary(Document{}, bytes);  // two in one buffer, as a worker sends a multi-document input
  std::size_t pos = 0;
  const Document back = decode_document_binary(bytes, pos);
  const Document empty = decode_document_binary(bytes, pos);
  CHECK(pos == bytes.size());
  CHECK(encode_document(back, {1, 2}) == encode_document(d, {1, 2}));
  CHECK(encode_document(empty, {}) == encode_document(Document{}, {}));
}

TEST_CASE("a truncated binary document is refused, never read past its end") {
  std::string bytes;
  encode_document_binary(sample(), bytes);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    std::size_t pos = 0;
    const std::string part = bytes.substr(0, cut);
    CHECK_THROWS_AS(decode_document_binary(part, pos), Error);
  }
}
