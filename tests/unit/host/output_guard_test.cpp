#include <catch2/catch.hpp>

#include "pipeline/output_guard.hpp"

using namespace docpipe;
using namespace docpipe::host;

namespace {
/// Text with quotes, control bytes, invalid UTF-8 and non-ASCII letters: the costly cases to encode.
Document awkward_document(int annotations) {
  Document d;
  d.id = "in/awkward.txt";
  d.source_uri = "in/awkward.txt";
  d.media_type = "text/plain";
  d.text = "\"quoted\" \x01\x02 tab\t caf\xc3\xa9 bad \xff\xfe end\n";
  d.metrics.set("stats", Value(Object{}));
  for (int i = 0; i < annotations; ++i) {
    Object features;
    features.set("n", Value(std::int64_t{i}));
    features.set("label", Value(std::string("\x1f\"")));
    d.annotations.push_back({"word", Span{0, d.text.size()}, std::move(features)});
  }
  d.findings.push_back({"stage", "category", Severity::warning, "message \x05", Span{1, 2}, 0.123456789, {}});
  d.diagnostics.push_back({Severity::info, "reader", "note"});
  return d;
}
}  // namespace

TEST_CASE("the quick bound is never below the exact encoded size") {
  for (int n : {0, 1, 50}) {
    const Document d = awkward_document(n);
    CHECK(export_size(d) > 0);
    CHECK(export_size_bound(d) >= export_size(d));
  }
}

TEST_CASE("a document over ratio x input + 1 MiB fails with its sizes, and one under is left alone") {
  Document small = awkward_document(10);
  const Document before = small;
  CHECK_FALSE(guard_output_size(small, 40, 64));
  CHECK(small.annotations.size() == before.annotations.size());

  Document big = awkward_document(40000);  // about 2 MB encoded from 40 bytes
  const std::uint64_t size = export_size(big);
  REQUIRE(size > output_allowance_bytes + 64 * 40);
  CHECK(guard_output_size(big, 40, 64));
  CHECK(big.failed);
  CHECK(big.id == "in/awkward.txt");
  CHECK(big.annotations.empty());
  REQUIRE(big.diagnostics.size() == 1);
  CHECK(big.diagnostics[0].severity == Severity::error);
  CHECK_THAT(big.diagnostics[0].message,
             Catch::Contains("would export " + std::to_string(size) + " bytes from 40 bytes of input, over "
                             "max_output_ratio = 64 (x input + 1 MiB)"));
  // The same document passes when the ratio allows it.
  Document allowed = awkward_document(40000);
  CHECK_FALSE(guard_output_size(allowed, 40, static_cast<double>(size) / 40));
}
