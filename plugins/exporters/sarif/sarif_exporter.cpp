#include "sarif_exporter.hpp"

#include "docpipe/error.hpp"
#include "output_file.hpp"

namespace docpipe::plugins {

namespace {

constexpr std::string_view kDefaultFile = "docpipe.sarif";

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      break;
  }
  return "note";
}

OrderedJson artifact_location(const Document& doc) {
  return {{"artifactLocation", {{"uri", sarif_uri(doc.source_uri.empty() ? doc.id : doc.source_uri)}}}};
}

// Lines and columns when the reader kept them; otherwise the byte offset in the original file.
OrderedJson region(const Document& doc, const Finding& f) {
  const Span span = f.span;
  OrderedJson r = OrderedJson::object();
  const auto start = locate_finding(doc, f);
  if (start && start->line > 0) {
    r["startLine"] = start->line;
    r["startColumn"] = start->column;
    const auto end = placed_in_source(f) ? start : doc.locate(span.end);
    if (end && end->line > 0 && (end->line > start->line || end->column > start->column)) {
      r["endLine"] = end->line;
      r["endColumn"] = end->column;
    }
  } else {
    const auto begin = doc.source_map.source_offset(span.begin);
    const auto end = doc.source_map.source_offset(span.end);
    const std::uint64_t b = begin ? *begin : span.begin;
    const std::uint64_t e = end ? *end : span.end;
    r["byteOffset"] = b;
    r["byteLength"] = e > b ? e - b : 0;
  }
  const std::string text = excerpt(doc, span, 400);
  if (!text.empty()) r["snippet"] = {{"text", text}};
  return r;
}

}  // namespace

std::string sarif_uri(std::string_view source) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = !source.empty() && source.front() == '/' ? "file://" : "";
  for (unsigned char c : source) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::vector<OptionSpec> SarifExporter::option_specs() { return {output_file_option(std::string(kDefaultFile))}; }

SarifExporter::SarifExporter(const StageContext& ctx) : file_(output_file_name(ctx.options, kDefaultFile)) {}

void SarifExporter::begin(const RunInfo& run) {
  out_.reset();
  out_ = open_output(run, file_);
  notifications_ = std::make_unique<SpillFile>();
  run_ = run;
  rules_.clear();
  rule_index_.clear();
  results_ = 0;
  notification_count_ = 0;
  out_->write(
      "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
      "\"columnKind\":\"unicodeCodePoints\",\"results\":[");
}

void SarifExporter::write(const Document& doc) {
  if (!out_) throw Error("sarif exporter: write() called before begin() or after finish()");
  std::string text;
  for (const Finding& f : doc.findings) {
    std::string id = f.stage + "/" + f.category;
    auto it = rule_index_.find(id);
    if (it == rule_index_.end()) {
      it = rule_index_.emplace(id, rules_.size()).first;
      rules_.push_back({{"id", id},
                        {"name", f.category},
                        {"shortDescription", {{"text", f.category + " (stage " + f.stage + ")"}}},
                        {"properties", {{"stage", f.stage}, {"category", f.category}}}});
    }
    OrderedJson result = {{"ruleId", id},
                          {"ruleIndex", it->second},
                          {"level", sarif_level(f.severity)},
                          {"message", {{"text", f.message.empty() ? f.category : f.message}}}};
    OrderedJson physical = artifact_location(doc);
    physical["region"] = region(doc, f);
    OrderedJson location = OrderedJson::object();
    location["physicalLocation"] = std::move(physical);
    result["locations"] = OrderedJson::array({std::move(location)});
    OrderedJson properties = {{"document", doc.id}, {"score", value_to_json(Value(f.score))}};
    if (const auto pos = doc.locate(f.span.begin); pos && pos->page > 0) properties["page"] = pos->page;
    if (!f.data.empty()) properties["data"] = object_to_json(f.data);
    result["properties"] = std::move(properties);
    text += results_++ == 0 ? "\n" : ",\n";
    text += dump_json(result, JsonStyle::compact);
  }
  out_->write(text);

  for (const Diagnostic& d : doc.diagnostics) {
    if (!doc.failed && d.severity < Severity::warning) continue;
    OrderedJson location = OrderedJson::object();
    location["physicalLocation"] = artifact_location(doc);
    OrderedJson n = {{"level", sarif_level(d.severity)},
                     {"message", {{"text", (d.stage.empty() ? "" : d.stage + ": ") + d.message}}},
                     {"locations", OrderedJson::array({std::move(location)})},
                     {"properties", {{"document", doc.id}, {"stage", d.stage}, {"failed", doc.failed}}}};
    notifications_->write(dump_json(n, JsonStyle::compact) + "\n");
    ++notification_count_;
  }
}

void SarifExporter::finish(const RunSummary& summary) {
  if (!out_) throw Error("sarif exporter: finish() called before begin() or after finish()");
  std::string text = results_ == 0 ? "],\n" : "\n],\n";
  OrderedJson extensions = OrderedJson::array();
  for (const StageInfo& s : run_.stages)
    if (s.kind != Kind::exporter)
      extensions.push_back({{"name", s.plugin}, {"version", s.version}, {"properties", {{"stage", s.id}, {"kind", to_string(s.kind)}}}});
  OrderedJson tool = {{"driver",
                       {{"name", "docpipe"},
                        {"version", run_.docpipe_version},
                        {"rules", rules_}}},
                      {"extensions", std::move(extensions)}};
  text += "\"tool\":" + dump_json(tool, JsonStyle::compact) + ",\n";
  OrderedJson invocation = {{"executionSuccessful", summary.failed == 0},
                            {"startTimeUtc", run_.started_at},
                            {"properties",
                             {{"pipeline", run_.pipeline_path},
                              {"pipelineHash", run_.pipeline_hash},
                              {"summary", summary_to_json(summary)}}}};
  std::string invocation_text = dump_json(invocation, JsonStyle::compact);
  invocation_text.pop_back();  // reopen the object to stream the notifications into it
  text += "\"invocations\":[" + invocation_text + ",\"toolExecutionNotifications\":[";
  out_->write(text);
  std::uint64_t written = 0;
  notifications_->for_each_line([&](std::string_view line) {
    out_->write(written++ == 0 ? "\n" : ",\n");
    out_->write(line);
  });
  out_->write(notification_count_ == 0 ? "]}]\n}]}\n" : "\n]}]\n}]}\n");
  out_->commit();
  out_.reset();
  notifications_.reset();
}

}  // namespace docpipe::plugins
