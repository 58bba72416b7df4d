// Exporter writing documents.csv (one row per document, one column per metric) and findings.csv
// (one row per finding), for spreadsheets and data tools.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/atomic_file.hpp"
#include "docpipe/plugin.hpp"
#include "export_support.hpp"

namespace docpipe::plugins {

/// Appends one RFC 4180 field to out: quoted (with inner quotes doubled) when it holds a comma,
/// a quote, CR or LF, or starts or ends with a space; as it is otherwise.
void append_csv_field(std::string& out, std::string_view field);
/// Joins fields into one RFC 4180 record terminated by CRLF.
std::string csv_record(const std::vector<std::string>& fields);

/// documents.csv: id, path, title, status, then one column per metric named `stage.metric`
/// (nested objects flattened with dots, arrays written as compact JSON), columns in the order
/// they first appear in the run (pipeline order, then each stage's own order).
/// findings.csv: document, stage, category, severity, score, line, column, offset, message, excerpt.
/// Metric columns are known only at the end, so document rows are spilled to an anonymous temporary
/// file as sparse (column, value) lists and assembled under the header in finish().
class CsvExporter : public Exporter {
 public:
  /// The options the exporter declares: documents_file, findings_file, bom, excerpt_bytes.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options; throws docpipe::Error when a file name is empty.
  explicit CsvExporter(const StageContext& ctx);

  void begin(const RunInfo& run) override;
  void write(const Document& doc) override;
  /// Writes documents.csv (header, then every row) and publishes both files.
  void finish(const RunSummary& summary) override;

 private:
  std::string documents_file_;
  std::string findings_file_;
  bool bom_;
  std::size_t excerpt_bytes_;
  std::unique_ptr<AtomicFile> documents_;
  std::unique_ptr<AtomicFile> findings_;
  std::unique_ptr<SpillFile> rows_;
  std::vector<std::string> columns_;
  std::map<std::string, std::size_t, std::less<>> column_index_;
};

}  // namespace docpipe::plugins
