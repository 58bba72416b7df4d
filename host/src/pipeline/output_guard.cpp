#include "pipeline/output_guard.hpp"

#include <cstdio>
#include <string>
#include <string_view>

#include "pipeline/document_codec.hpp"

namespace docpipe::host {

namespace {
/// Counts what would be written, so measuring a document does not also build its text.
class CountingOutput : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  void write_character(char) override { ++count; }
  void write_characters(const char*, std::size_t length) override { count += length; }
  std::uint64_t count = 0;
};

// Upper bounds on each part's encoded size (every byte escaped as \u00XX, every number at its
// longest), so the exact measure, which builds the encoding, runs only for documents near the limit.
constexpr std::uint64_t number_bytes = 25;
std::uint64_t text_bound(std::string_view s) { return 6 * s.size() + 2; }
std::uint64_t bound(const Object& o);
std::uint64_t bound(const Value& v) {
  switch (v.type()) {
    case Value::Type::string: return text_bound(v.as_string());
    case Value::Type::array: {
      std::uint64_t n = 2;
      for (const auto& el : v.as_array()) n += bound(el) + 1;
      return n;
    }
    case Value::Type::object: return bound(v.as_object());
    default: return number_bytes;
  }
}
std::uint64_t bound(const Object& o) {
  std::uint64_t n = 2;
  for (const auto& [k, el] : o) n += text_bound(k) + bound(el) + 2;
  return n;
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}
}  // namespace

std::uint64_t export_size_bound(const Document& d) {
  std::uint64_t n = 512 + text_bound(d.id) + text_bound(d.source_uri) + text_bound(d.media_type) + text_bound(d.text) +
                    bound(d.metadata) + bound(d.metrics);
  for (const auto& a : d.annotations) n += 8 + text_bound(a.type) + 2 * number_bytes + bound(a.features);
  for (const auto& f : d.findings)
    n += 128 + text_bound(f.stage) + text_bound(f.category) + text_bound(f.message) + 3 * number_bytes + bound(f.data);
  for (const auto& x : d.diagnostics) n += 64 + text_bound(x.stage) + text_bound(x.message);
  n += (d.source_map.pieces().size() * 3 + d.source_map.line_starts().size() + d.source_map.page_breaks().size() * 2) *
       (number_bytes + 3);
  return n;
}

std::uint64_t export_size(const Document& doc) {
  auto out = std::make_shared<CountingOutput>();
  nlohmann::detail::serializer<nlohmann::ordered_json> s(out, ' ', nlohmann::ordered_json::error_handler_t::replace);
  s.dump(encode_document(doc, DocumentOrder{}), false, false, 0);
  return out->count;
}

bool guard_output_size(Document& doc, std::uint64_t input_bytes, double ratio) {
  const double limit = ratio * static_cast<double>(input_bytes) + static_cast<double>(output_allowance_bytes);
  if (static_cast<double>(export_size_bound(doc)) <= limit) return false;
  const std::uint64_t size = export_size(doc);
  if (static_cast<double>(size) <= limit) return false;
  Document failed;
  failed.id = doc.id;
  failed.source_uri = doc.source_uri;
  failed.media_type = doc.media_type;
  failed.failed = true;
  failed.diagnostics.push_back(
      {Severity::error, "host",
       "output guard: the document would export " + std::to_string(size) + " bytes from " +
           std::to_string(input_bytes) + " bytes of input, over max_output_ratio = " + number(ratio) +
           " (x input + 1 MiB); none of it was written. Raise max_output_ratio in the pipeline file if this is "
           "expected"});
  doc = std::move(failed);
  return true;
}

}  // namespace docpipe::host
