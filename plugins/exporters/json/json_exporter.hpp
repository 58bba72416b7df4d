// Exporter writing the whole run as one JSON file, streamed document by document.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "docpipe/atomic_file.hpp"
#include "docpipe/plugin.hpp"
#include "document_json.hpp"

namespace docpipe::plugins {

/// Writes {"schema_version", "run", "documents": [...], "summary"} to one file. Each document is
/// serialised and written as it arrives, so memory does not grow with the corpus; the file is
/// published only in finish(). Pretty output is byte-identical to the parsed file re-dumped with
/// two-space indents.
class JsonExporter : public Exporter {
 public:
  /// The options the exporter declares: file, include_text, include_annotations, pretty.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options; throws docpipe::Error when `file` is empty.
  explicit JsonExporter(const StageContext& ctx);

  /// Opens the output (creating its directory) and writes the schema version and provenance.
  void begin(const RunInfo& run) override;
  /// Appends one document.
  void write(const Document& doc) override;
  /// Writes the summary and publishes the file.
  void finish(const RunSummary& summary) override;

 private:
  AtomicFile& output(const char* call);

  std::string file_;
  DocumentJsonOptions document_options_;
  JsonStyle style_;
  std::unique_ptr<AtomicFile> out_;
  std::uint64_t written_ = 0;
};

}  // namespace docpipe::plugins
