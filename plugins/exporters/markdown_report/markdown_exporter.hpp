// Exporter writing report.md: a corpus summary table, then a section per document with its
// metrics, findings and diagnostics. Readable as plain text and rendered by any forge.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/atomic_file.hpp"
#include "docpipe/plugin.hpp"
#include "export_support.hpp"

namespace docpipe::plugins {

/// Escapes text for inline CommonMark (a table cell or a heading): backslash-escapes the
/// characters that start markup, pipes included, and turns line breaks into spaces.
std::string markdown_escape(std::string_view text);

/// The summary needs the whole run, so document sections go to an anonymous temporary file as
/// they arrive and only one small row per document (id, title, status, finding counts, the few
/// summary metrics) stays in memory; finish() writes header, summary and sections in that order.
class MarkdownExporter : public Exporter {
 public:
  /// The options the exporter declares: file, summary_metrics, excerpt_bytes.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options; throws docpipe::Error when `file` is empty.
  explicit MarkdownExporter(const StageContext& ctx);

  void begin(const RunInfo& run) override;
  void write(const Document& doc) override;
  void finish(const RunSummary& summary) override;

 private:
  struct Row {
    std::string id, title, status;
    std::uint64_t counts[3];
    std::vector<std::string> metrics;  // one per summary metric, "" when absent
  };

  std::string file_;
  std::vector<std::string> summary_metrics_;
  std::size_t excerpt_bytes_;
  RunInfo run_;
  std::unique_ptr<AtomicFile> out_;
  std::unique_ptr<SpillFile> sections_;
  std::vector<Row> rows_;
  std::vector<bool> metric_seen_;
};

}  // namespace docpipe::plugins
