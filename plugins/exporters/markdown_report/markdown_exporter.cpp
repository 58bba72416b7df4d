#include "markdown_exporter.hpp"

#include <algorithm>

#include "docpipe/error.hpp"
#include "document_json.hpp"
#include "output_file.hpp"

namespace docpipe::plugins {

namespace {

constexpr std::string_view kDefaultFile = "report.md";

std::string anchor(std::size_t index) { return "doc-" + std::to_string(index + 1); }

// Code spans cannot hold a backtick run of their own length; a longer fence always works.
std::string code_span(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  std::string out = fence + " ";
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  // A pipe ends a table cell even inside a code span (GFM), so it keeps its backslash.
  std::string escaped;
  for (char c : out + " " + fence) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace

std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_[]<>|~&#!").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::vector<OptionSpec> MarkdownExporter::option_specs() {
  return {output_file_option(std::string(kDefaultFile)),
          {.name = "summary_metrics",
           .type = OptionType::string_list,
           .default_value = Array{"stats.words", "readability.document.flesch_kincaid_grade",
                                  "claims.claims_per_1000_words"},
           .required = false,
           .description = "Metrics (stage.metric, nested names with dots) shown as summary columns when present",
           .choices = {},
           .check = StringCheck::non_empty},
          {.name = "excerpt_bytes",
           .type = OptionType::integer,
           .default_value = 80,
           .required = false,
           .description = "Longest text excerpt of a finding, in bytes",
           .choices = {},
           .minimum = 1,
           .maximum = 1 << 20}};
}

MarkdownExporter::MarkdownExporter(const StageContext& ctx)
    : file_(output_file_name(ctx.options, kDefaultFile)),
      summary_metrics_(ctx.options.has("summary_metrics") ? ctx.options.get_string_list("summary_metrics")
                                                          : std::vector<std::string>{}),
      excerpt_bytes_(size_option(ctx.options, "excerpt_bytes", 80)) {}

void MarkdownExporter::begin(const RunInfo& run) {
  out_.reset();
  out_ = open_output(run, file_);
  sections_ = std::make_unique<SpillFile>();
  run_ = run;
  rows_.clear();
  metric_seen_.assign(summary_metrics_.size(), false);
}

void MarkdownExporter::write(const Document& doc) {
  if (!sections_) throw Error("markdown_report exporter: write() called before begin() or after finish()");
  Row row{doc.id, document_title(doc), std::string(document_status(doc)), {0, 0, 0}, {}};
  for (const Finding& f : doc.findings) ++row.counts[severity_rank(f.severity)];

  const auto metrics = flatten_metrics(doc.metrics);
  row.metrics.assign(summary_metrics_.size(), std::string());
  for (const FlatMetric& m : metrics) {
    const std::string full = m.name.empty() ? m.stage : m.stage + "." + m.name;
    for (std::size_t i = 0; i < summary_metrics_.size(); ++i)
      if (summary_metrics_[i] == full) {
        row.metrics[i] = value_text(*m.value);
        metric_seen_[i] = true;
      }
  }

  std::string s = "<a id=\"" + anchor(rows_.size()) + "\"></a>\n\n### " + markdown_escape(doc.id) + "\n\n";
  if (!row.title.empty()) s += "**" + markdown_escape(row.title) + "**\n\n";
  s += "- Source: " + code_span(doc.source_uri) + "\n";
  if (!doc.media_type.empty()) s += "- Type: " + code_span(doc.media_type) + "\n";
  s += "- Status: " + row.status + "\n\n";
  if (!metrics.empty()) {
    s += "#### Metrics\n\n| Stage | Metric | Value |\n|---|---|---:|\n";
    for (const FlatMetric& m : metrics)
      s += "| " + markdown_escape(m.stage) + " | " + markdown_escape(m.name) + " | " +
           markdown_escape(value_text(*m.value)) + " |\n";
    s += "\n";
  }
  if (!doc.findings.empty()) {
    std::vector<const Finding*> sorted;
    for (const Finding& f : doc.findings) sorted.push_back(&f);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Finding* a, const Finding* b) { return a->span.begin < b->span.begin; });
    s += "#### Findings\n\n| Where | Severity | Rule | Message | Text |\n|---|---|---|---|---|\n";
    for (const Finding* f : sorted)
      s += "| " + location_text(doc, *f) + " | " + std::string(to_string(f->severity)) + " | " +
           markdown_escape(f->stage + "/" + f->category) + " | " + markdown_escape(f->message) + " | " +
           markdown_escape(excerpt(doc, f->span, excerpt_bytes_)) + " |\n";
    s += "\n";
  }
  if (!doc.diagnostics.empty()) {
    s += "#### Diagnostics\n\n";
    for (const Diagnostic& d : doc.diagnostics)
      s += "- " + std::string(to_string(d.severity)) + " (" + markdown_escape(d.stage) + "): " +
           markdown_escape(d.message) + "\n";
    s += "\n";
  }
  sections_->write(s);
  rows_.push_back(std::move(row));
}

void MarkdownExporter::finish(const RunSummary& summary) {
  if (!sections_) throw Error("markdown_report exporter: finish() called before begin() or after finish()");
  std::uint64_t totals[3] = {0, 0, 0};
  for (const Row& r : rows_)
    for (int i = 0; i < 3; ++i) totals[i] += r.counts[i];

  std::string s = "# docpipe report\n\n";
  s += "- Started: " + markdown_escape(run_.started_at) + "\n";
  s += "- Pipeline: " + code_span(run_.pipeline_path) + " (" + code_span(run_.pipeline_hash) + ")\n";
  s += "- docpipe " + markdown_escape(run_.docpipe_version) + "\n";
  s += "- Documents: " + std::to_string(summary.documents) + " (" + std::to_string(summary.failed) + " failed)\n";
  s += "- Findings: " + std::to_string(totals[2]) + " errors, " + std::to_string(totals[1]) + " warnings, " +
       std::to_string(totals[0]) + " info\n\n";

  s += "## Summary\n\n| Document | Title | Status | Errors | Warnings | Info |";
  std::string align = "|---|---|---|---:|---:|---:|";
  for (std::size_t i = 0; i < summary_metrics_.size(); ++i)
    if (metric_seen_[i]) {
      s += ' ';  // appended piecewise: GCC 12 warns (-Wrestrict) on " " + string
      s += markdown_escape(summary_metrics_[i]) + " |";
      align += "---:|";
    }
  s += "\n" + align + "\n";
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const Row& row = rows_[r];
    s += "| [" + markdown_escape(row.id) + "](#" + anchor(r) + ") | " + markdown_escape(row.title) + " | " +
         row.status + " | " + std::to_string(row.counts[2]) + " | " + std::to_string(row.counts[1]) + " | " +
         std::to_string(row.counts[0]) + " |";
    for (std::size_t i = 0; i < summary_metrics_.size(); ++i)
      if (metric_seen_[i]) {
        s += ' ';
        s += markdown_escape(row.metrics[i]) + " |";
      }
    s += "\n";
  }
  s += "\n## Documents\n\n";
  out_->write(s);
  sections_->copy_to(*out_);
  out_->commit();
  out_.reset();
  sections_.reset();
  rows_.clear();
}

}  // namespace docpipe::plugins
