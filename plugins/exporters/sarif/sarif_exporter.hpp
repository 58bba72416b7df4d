// Exporter writing findings as SARIF 2.1.0, the format code-scanning services and editors read.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/atomic_file.hpp"
#include "docpipe/plugin.hpp"
#include "document_json.hpp"
#include "export_support.hpp"

namespace docpipe::plugins {

/// A document's source as a SARIF artifact URI: absolute paths become file:// URIs, relative
/// paths stay relative references; characters outside RFC 3986's unreserved set (and '/') are
/// percent-encoded.
std::string sarif_uri(std::string_view source);

/// One SARIF log with one run. Results are streamed into the run's "results" array as documents
/// arrive; "tool" (whose rules, one per stage/category seen, are only known at the end) and
/// "invocations" (with diagnostics as notifications, spilled to a temporary file) follow it in
/// finish(): JSON object members are unordered, so SARIF readers accept that order.
/// Regions use startLine/startColumn (and end) from the document's source map, or byteOffset and
/// byteLength in the original file when it has no lines. The run declares columnKind
/// "unicodeCodePoints", but the SDK's columns count bytes, so on lines with non-ASCII text before
/// the finding the column is too large (the SDK keeps no source text to convert it).
class SarifExporter : public Exporter {
 public:
  /// The options the exporter declares: file.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options; throws docpipe::Error when `file` is empty.
  explicit SarifExporter(const StageContext& ctx);

  void begin(const RunInfo& run) override;
  void write(const Document& doc) override;
  void finish(const RunSummary& summary) override;

 private:
  std::string file_;
  RunInfo run_;
  std::unique_ptr<AtomicFile> out_;
  std::unique_ptr<SpillFile> notifications_;
  std::vector<OrderedJson> rules_;
  std::map<std::string, std::size_t, std::less<>> rule_index_;
  std::uint64_t results_ = 0;
  std::uint64_t notification_count_ = 0;
};

}  // namespace docpipe::plugins
