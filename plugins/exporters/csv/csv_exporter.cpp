#include "csv_exporter.hpp"

#include <nlohmann/json.hpp>

#include "docpipe/error.hpp"
#include "output_file.hpp"

namespace docpipe::plugins {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string file_option(const Options& options, std::string_view name, std::string_view fallback) {
  std::string file = string_option(options, name, fallback);
  if (file.empty()) throw Error("option '" + std::string(name) + "' must not be empty");
  return file;
}

std::string metric_column(const FlatMetric& m) { return m.name.empty() ? m.stage : m.stage + "." + m.name; }

}  // namespace

// No CSV library is among the allowed Debian packages, and RFC 4180 quoting is this much code.
void append_csv_field(std::string& out, std::string_view field) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    append_csv_field(out, fields[i]);
  }
  out += "\r\n";
  return out;
}

std::vector<OptionSpec> CsvExporter::option_specs() {
  return {
      {.name = "documents_file",
       .type = OptionType::string,
       .default_value = "documents.csv",
       .required = false,
       .description = "One row per document, relative to the run's output directory",
       .choices = {},
       .check = StringCheck::output_file},
      {.name = "findings_file",
       .type = OptionType::string,
       .default_value = "findings.csv",
       .required = false,
       .description = "One row per finding, relative to the run's output directory",
       .choices = {},
       .check = StringCheck::output_file},
      {.name = "bom",
       .type = OptionType::boolean,
       .default_value = false,
       .required = false,
       .description = "Start both files with a UTF-8 byte order mark (for spreadsheet programs)",
       .choices = {}},
      {.name = "excerpt_bytes",
       .type = OptionType::integer,
       .default_value = 200,
       .required = false,
       .description = "Longest text excerpt of a finding, in bytes",
       .choices = {},
       .minimum = 1,
       .maximum = 1 << 20},
  };
}

CsvExporter::CsvExporter(const StageContext& ctx)
    : documents_file_(file_option(ctx.options, "documents_file", "documents.csv")),
      findings_file_(file_option(ctx.options, "findings_file", "findings.csv")),
      bom_(bool_option(ctx.options, "bom")),
      excerpt_bytes_(size_option(ctx.options, "excerpt_bytes", 200)) {}

void CsvExporter::begin(const RunInfo& run) {
  documents_.reset();
  findings_.reset();
  columns_.clear();
  column_index_.clear();
  documents_ = open_output(run, documents_file_);
  findings_ = open_output(run, findings_file_);
  rows_ = std::make_unique<SpillFile>();
  if (bom_) findings_->write(kBom);
  findings_->write(csv_record(
      {"document", "rule", "stage", "category", "severity", "score", "line", "column", "offset", "message", "excerpt"}));
}

void CsvExporter::write(const Document& doc) {
  if (!rows_) throw Error("csv exporter: write() called before begin() or after finish()");
  // Spilled row: [[id, path, title, status], [[column, value], ...]] as one JSON line.
  nlohmann::json cells = nlohmann::json::array();
  for (const FlatMetric& m : flatten_metrics(doc.metrics)) {
    std::string column = metric_column(m);
    auto it = column_index_.find(column);
    if (it == column_index_.end()) {
      it = column_index_.emplace(column, columns_.size()).first;
      columns_.push_back(std::move(column));
    }
    cells.push_back({it->second, value_text(*m.value)});
  }
  const nlohmann::json row = {
      {doc.id, doc.source_uri, document_title(doc), doc.failed ? "failed" : "ok"}, std::move(cells)};
  rows_->write(row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");

  std::string records;
  for (const Finding& f : doc.findings) {
    const auto pos = locate_finding(doc, f);
    const bool has_line = pos && pos->line > 0;
    records += csv_record({doc.id, f.stage + "/" + f.category, f.stage, f.category, std::string(to_string(f.severity)),
                           value_text(Value(f.score)), has_line ? std::to_string(pos->line) : "",
                           has_line ? std::to_string(pos->column) : "", std::to_string(f.span.begin), f.message,
                           excerpt(doc, f.span, excerpt_bytes_)});
  }
  findings_->write(records);
}

void CsvExporter::finish(const RunSummary&) {
  if (!rows_) throw Error("csv exporter: finish() called before begin() or after finish()");
  std::vector<std::string> header = {"id", "path", "title", "status"};
  header.insert(header.end(), columns_.begin(), columns_.end());
  if (bom_) documents_->write(kBom);
  documents_->write(csv_record(header));
  std::vector<std::string> fields;
  rows_->for_each_line([&](std::string_view line) {
    const nlohmann::json row = nlohmann::json::parse(line);
    fields.assign(header.size(), std::string());
    for (std::size_t i = 0; i < 4; ++i) fields[i] = row[0][i].get<std::string>();
    for (const auto& cell : row[1]) fields[4 + cell[0].get<std::size_t>()] = cell[1].get<std::string>();
    documents_->write(csv_record(fields));
  });
  documents_->commit();
  findings_->commit();
  documents_.reset();
  findings_.reset();
  rows_.reset();
}

}  // namespace docpipe::plugins
