#include "document_json.hpp"

#include <cmath>

namespace docpipe::plugins {

namespace {

// Non-finite doubles have no JSON spelling; null says "no meaningful number" to every reader.
OrderedJson number_to_json(double d) {
  if (!std::isfinite(d)) return nullptr;
  return d;
}

bool bool_option(const Options& options, std::string_view name) { return options.has(name) && options.get_bool(name); }

}  // namespace

std::vector<OptionSpec> document_json_option_specs() {
  return {
      {.name = "include_text",
       .type = OptionType::boolean,
       .default_value = false,
       .required = false,
       .description = "Include each document's UTF-8 text",
       .choices = {}},
      {.name = "include_annotations",
       .type = OptionType::boolean,
       .default_value = false,
       .required = false,
       .description = "Include each document's annotations (type, byte span, features)",
       .choices = {}},
  };
}

DocumentJsonOptions document_json_options(const Options& options) {
  return {.include_text = bool_option(options, "include_text"),
          .include_annotations = bool_option(options, "include_annotations")};
}

OrderedJson value_to_json(const Value& value) {
  switch (value.type()) {
    case Value::Type::null:
      return nullptr;
    case Value::Type::boolean:
      return value.as_bool();
    case Value::Type::integer:
      return value.as_int();
    case Value::Type::number:
      return number_to_json(value.as_double());
    case Value::Type::string:
      return value.as_string();
    case Value::Type::array: {
      OrderedJson out = OrderedJson::array();
      for (const Value& item : value.as_array()) out.push_back(value_to_json(item));
      return out;
    }
    case Value::Type::object:
      return object_to_json(value.as_object());
  }
  return nullptr;
}

OrderedJson object_to_json(const Object& object) {
  OrderedJson out = OrderedJson::object();
  // Object keys are unique, so appending keeps its order without ordered_map's lookups.
  for (const auto& [key, value] : object) out.get_ref<OrderedJson::object_t&>().emplace_back(key, value_to_json(value));
  return out;
}

OrderedJson span_to_json(Span span) { return OrderedJson::array({span.begin, span.end}); }

std::string_view document_status(const Document& doc) { return doc.failed ? "failed" : "ok"; }

std::optional<SourcePosition> locate_span(const Document& doc, Span span) { return doc.source_map.locate(span.begin); }

OrderedJson finding_to_json(const Document& doc, const Finding& finding) {
  OrderedJson out = OrderedJson::object();
  out["stage"] = finding.stage;
  out["category"] = finding.category;
  out["severity"] = to_string(finding.severity);
  out["message"] = finding.message;
  out["span"] = span_to_json(finding.span);
  if (const auto pos = locate_span(doc, finding.span)) {
    if (pos->line > 0) {
      out["line"] = pos->line;
      out["column"] = pos->column;
    }
    if (pos->page > 0) out["page"] = pos->page;
  }
  out["score"] = number_to_json(finding.score);
  out["data"] = object_to_json(finding.data);
  return out;
}

OrderedJson diagnostic_to_json(const Diagnostic& diagnostic) {
  return {{"severity", to_string(diagnostic.severity)}, {"stage", diagnostic.stage}, {"message", diagnostic.message}};
}

OrderedJson annotation_to_json(const Annotation& annotation) {
  return {{"type", annotation.type},
          {"span", span_to_json(annotation.span)},
          {"features", object_to_json(annotation.features)}};
}

OrderedJson document_to_json(const Document& doc, const DocumentJsonOptions& options) {
  OrderedJson out = OrderedJson::object();
  out["id"] = doc.id;
  out["source"] = doc.source_uri;
  out["media_type"] = doc.media_type;
  out["status"] = document_status(doc);
  out["metadata"] = object_to_json(doc.metadata);
  out["metrics"] = object_to_json(doc.metrics);
  OrderedJson& findings = out["findings"] = OrderedJson::array();
  for (const Finding& f : doc.findings) findings.push_back(finding_to_json(doc, f));
  OrderedJson& diagnostics = out["diagnostics"] = OrderedJson::array();
  for (const Diagnostic& d : doc.diagnostics) diagnostics.push_back(diagnostic_to_json(d));
  if (options.include_text) out["text"] = doc.text;
  if (options.include_annotations) {
    OrderedJson& annotations = out["annotations"] = OrderedJson::array();
    for (const Annotation& a : doc.annotations) annotations.push_back(annotation_to_json(a));
  }
  return out;
}

OrderedJson run_to_json(const RunInfo& run) {
  OrderedJson stages = OrderedJson::array();
  for (const StageInfo& s : run.stages)
    stages.push_back({{"id", s.id}, {"plugin", s.plugin}, {"version", s.version}, {"kind", to_string(s.kind)}});
  return {{"docpipe_version", run.docpipe_version},
          {"pipeline_hash", run.pipeline_hash},
          {"pipeline", run.pipeline_path},
          {"started_at", run.started_at},
          {"stages", std::move(stages)}};
}

OrderedJson summary_to_json(const RunSummary& summary) {
  return {{"documents", summary.documents},
          {"failed", summary.failed},
          {"bytes", summary.bytes},
          {"seconds", number_to_json(summary.seconds)}};
}

std::string dump_json(const OrderedJson& j, JsonStyle style, int indent) {
  const bool pretty = style == JsonStyle::pretty;
  std::string text = j.dump(pretty ? 2 : -1, ' ', false, OrderedJson::error_handler_t::replace);
  if (!pretty || indent <= 0) return text;
  // Strings are dumped with newlines escaped, so every raw '\n' is a line break of the layout.
  const std::string prefix(static_cast<std::size_t>(indent), ' ');
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

}  // namespace docpipe::plugins
