// Exporter writing JSON Lines: one record per line, for corpora too large for one JSON document.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "docpipe/atomic_file.hpp"
#include "docpipe/plugin.hpp"
#include "document_json.hpp"

namespace docpipe::plugins {

/// Writes one compact JSON object per line, each tagged by "record": first
/// {"record": "run", "schema_version", "run"}, then {"record": "document", ...document fields} per
/// document, last {"record": "summary", "documents", "failed", "bytes", "seconds"}. Lines are
/// written as documents arrive; the file is published only in finish().
class JsonlExporter : public Exporter {
 public:
  /// The options the exporter declares: file, include_text, include_annotations.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options; throws docpipe::Error when `file` is empty.
  explicit JsonlExporter(const StageContext& ctx);

  /// Opens the output (creating its directory) and writes the run record.
  void begin(const RunInfo& run) override;
  /// Appends one document record.
  void write(const Document& doc) override;
  /// Appends the summary record and publishes the file.
  void finish(const RunSummary& summary) override;

 private:
  AtomicFile& output(const char* call);
  void write_record(const char* call, std::string_view record, const OrderedJson& fields);

  std::string file_;
  DocumentJsonOptions document_options_;
  std::unique_ptr<AtomicFile> out_;
  std::string line_;  // reused for every document record
};

}  // namespace docpipe::plugins
