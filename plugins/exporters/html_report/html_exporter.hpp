// Exporter writing one self-contained report.html: corpus overview with charts, a sortable and
// filterable table of documents, and each document's text with its findings highlighted in place.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
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

/// The hue (0-359) a rule's highlights and swatches are drawn in.
using RuleHue = std::function<int(const std::string& rule)>;

/// The document's text as HTML: every finding becomes exactly one <mark> (class, data-rule,
/// data-category (the rule id as well), data-severity, tabindex, title with message and evidence)
/// and every boilerplate annotation a greyed <span>. Overlapping spans are nested; a span crossing
/// the end of an enclosing one is clipped there, so the markup stays well-formed and the number of
/// <mark>s equals the number of findings. The marks of quiet_stages carry class "quiet" and
/// tabindex -1: the page shows them as plain text until its toggle turns their highlighting on.
/// id_prefix makes the marks' ids unique in the page; hue colours each rule (default: a hash).
std::string highlight_text(const Document& doc, std::string_view id_prefix,
                           const std::vector<std::string>& quiet_stages = {}, const RuleHue& hue = {});

/// The sentence a finding is in, as HTML: the segment stage's sentence around the finding's start
/// (else the finding's own span), escaped, with the finding's part in <b> when it is shorter than
/// the sentence; long parts are cut with "…". Empty for an empty span.
std::string finding_sentence_html(const Document& doc, const std::vector<Span>& sentences, Span span);

/// No network: CSS, JavaScript and SVG charts are inline. Document sections and the findings
/// grouped by rule are spilled to anonymous temporary files as documents arrive, and one small row
/// per document and per rule stays in memory for the overview, which finish() writes first so the
/// page reads overview -> findings by rule (with the rule and severity filter) -> documents in
/// DOM, tab and screen-reader order.
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

  struct RuleRow {
    std::size_t order;  // first seen: its colour
    std::uint64_t counts[3];
  };
  int rule_hue(const std::string& rule);
  void write_rule_groups();

  std::string file_;
  std::string title_;
  std::string grade_metric_, density_metric_;
  std::size_t chart_limit_;
  std::size_t max_text_bytes_;
  std::vector<std::string> unhighlighted_stages_;
  RunInfo run_;
  std::unique_ptr<AtomicFile> out_;
  std::unique_ptr<SpillFile> sections_;
  std::unique_ptr<SpillFile> groups_;  // "rule\t<li>...</li>" lines
  std::vector<Row> rows_;
  std::map<std::string, RuleRow> rules_;
};

}  // namespace docpipe::plugins
