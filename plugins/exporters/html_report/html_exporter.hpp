// Exporter writing one self-contained report.html: corpus overview with charts, a sortable and
// filterable table of documents, and each document's text with its findings highlighted in place.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/atomic_file.hpp"
#include "docpipe/plugin.hpp"
#include "export_support.hpp"

namespace docpipe::plugins {

/// Escapes text for HTML element content and quoted attribute values (&, <, >, ", ').
std::string html_escape(std::string_view text);

/// The document's text as HTML: every finding becomes exactly one <mark> (class, data-category,
/// data-severity, tabindex, title with message and evidence) and every boilerplate annotation a
/// greyed <span>. Overlapping spans are nested; a span crossing the end of an enclosing one is
/// clipped there, so the markup stays well-formed and the number of <mark>s equals the number of
/// findings, less those of plain_stages (listed, not highlighted). id_prefix makes the marks' ids
/// unique in the page.
std::string highlight_text(const Document& doc, std::string_view id_prefix,
                           const std::vector<std::string>& plain_stages = {});

/// No network: CSS, JavaScript and SVG charts are inline. Document sections are spilled to an
/// anonymous temporary file as documents arrive, and one small row per document stays in memory
/// for the overview, which finish() writes first so the page reads overview -> documents in DOM,
/// tab and screen-reader order.
class HtmlExporter : public Exporter {
 public:
  /// The options the exporter declares: file, title, grade_metric, density_metric, chart_limit,
  /// max_text_bytes.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options; throws docpipe::Error when `file` is empty.
  explicit HtmlExporter(const StageContext& ctx);

  void begin(const RunInfo& run) override;
  void write(const Document& doc) override;
  void finish(const RunSummary& summary) override;

 private:
  struct Row {
    std::string id, title;
    bool failed;
    std::uint64_t counts[3];
    std::optional<double> words, grade, density;
  };

  std::string file_;
  std::string title_;
  std::string grade_metric_, density_metric_;
  std::size_t chart_limit_;
  std::size_t max_text_bytes_;
  std::vector<std::string> unhighlighted_stages_;
  RunInfo run_;
  std::unique_ptr<AtomicFile> out_;
  std::unique_ptr<SpillFile> sections_;
  std::vector<Row> rows_;
};

}  // namespace docpipe::plugins
