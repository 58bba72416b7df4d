#include "document_json.hpp"
#include "export_support.hpp"

#include <charconv>
#include <cmath>

namespace docpipe::plugins {

namespace {

// Non-finite doubles have no JSON spelling; null says "no meaningful number" to every reader.
OrderedJson number_to_json(double d) {
  if (!std::isfinite(d)) return nullptr;
  return d;
}

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

OrderedJson finding_to_json(const Document& doc, const Finding& finding) {
  OrderedJson out = OrderedJson::object();
  out["rule"] = finding.stage + "/" + finding.category;
  out["stage"] = finding.stage;
  out["category"] = finding.category;
  out["severity"] = to_string(finding.severity);
  out["message"] = finding.message;
  out["span"] = span_to_json(finding.span);
  if (const auto pos = locate_finding(doc, finding)) {
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

namespace {

// The compact writer below must agree with nlohmann's dump(-1, ' ', false, replace) byte for byte.

// Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF), as nlohmann checks it.
bool strict_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
      if (i + k >= n) return false;
      const auto c = static_cast<unsigned char>(s[i + k]);
      return c >= lo && c <= hi;
    };
    if (b >= 0xC2 && b <= 0xDF) {
      if (!cont(1)) return false;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      const unsigned char lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
      if (!cont(1, lo, hi) || !cont(2)) return false;
      i += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      const unsigned char lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
      if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

void append_string(std::string& out, std::string_view s) {
  if (!strict_utf8(s)) {
    // Rare: let nlohmann apply its replacement rules.
    out += OrderedJson(std::string(s)).dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
    return;
  }
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  // nlohmann's grisu2 layout ("1.0", "1e+21") is kept by letting it format the number.
  out += OrderedJson(d).dump();
}

void append_object(std::string& out, const Object& object);

void append_value(std::string& out, const Value& value) {
  switch (value.type()) {
    case Value::Type::null: out += "null"; return;
    case Value::Type::boolean: out += value.as_bool() ? "true" : "false"; return;
    case Value::Type::integer: append_int(out, value.as_int()); return;
    case Value::Type::number: append_double(out, value.as_double()); return;
    case Value::Type::string: append_string(out, value.as_string()); return;
    case Value::Type::array: {
      out.push_back('[');
      bool first = true;
      for (const Value& item : value.as_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_value(out, item);
      }
      out.push_back(']');
      return;
    }
    case Value::Type::object: append_object(out, value.as_object()); return;
  }
}

void append_object(std::string& out, const Object& object) {
  out.push_back('{');
  bool first = true;
  for (const auto& [key, value] : object) {
    if (!first) out.push_back(',');
    first = false;
    append_string(out, key);
    out.push_back(':');
    append_value(out, value);
  }
  out.push_back('}');
}

// Appends "key": (with the comma before it unless it is the object's first).
void append_key(std::string& out, std::string_view key, bool first = false) {
  if (!first) out.push_back(',');
  out.push_back('"');
  out += key;
  out += "\":";
}

void append_span(std::string& out, Span span) {
  out.push_back('[');
  append_uint(out, span.begin);
  out.push_back(',');
  append_uint(out, span.end);
  out.push_back(']');
}

void append_field(std::string& out, std::string_view key, std::string_view value, bool first = false) {
  append_key(out, key, first);
  append_string(out, value);
}

// "key":[{...},{...}] with each item's fields written by fields(item).
template <class T, class Fields>
void append_records(std::string& out, std::string_view key, const std::vector<T>& items, Fields fields) {
  append_key(out, key);
  out.push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('{');
    fields(items[i]);
    out.push_back('}');
  }
  out.push_back(']');
}

}  // namespace

void append_document_json(std::string& out, const Document& doc, const DocumentJsonOptions& options) {
  out.push_back('{');
  append_field(out, "id", doc.id, true);
  append_field(out, "source", doc.source_uri);
  append_field(out, "media_type", doc.media_type);
  append_field(out, "status", document_status(doc));
  append_key(out, "metadata");
  append_object(out, doc.metadata);
  append_key(out, "metrics");
  append_object(out, doc.metrics);
  append_records(out, "findings", doc.findings, [&](const Finding& f) {
    append_field(out, "rule", f.stage + "/" + f.category, true);
    append_field(out, "stage", f.stage);
    append_field(out, "category", f.category);
    append_field(out, "severity", to_string(f.severity));
    append_field(out, "message", f.message);
    append_key(out, "span");
    append_span(out, f.span);
    if (const auto pos = locate_finding(doc, f)) {
      if (pos->line > 0) {
        append_key(out, "line");
        append_uint(out, pos->line);
        append_key(out, "column");
        append_uint(out, pos->column);
      }
      if (pos->page > 0) {
        append_key(out, "page");
        append_uint(out, pos->page);
      }
    }
    append_key(out, "score");
    append_double(out, f.score);
    append_key(out, "data");
    append_object(out, f.data);
  });
  append_records(out, "diagnostics", doc.diagnostics, [&](const Diagnostic& d) {
    append_field(out, "severity", to_string(d.severity), true);
    append_field(out, "stage", d.stage);
    append_field(out, "message", d.message);
  });
  if (options.include_text) append_field(out, "text", doc.text);
  if (options.include_annotations) {
    append_records(out, "annotations", doc.annotations, [&](const Annotation& a) {
      append_field(out, "type", a.type, true);
      append_key(out, "span");
      append_span(out, a.span);
      append_key(out, "features");
      append_object(out, a.features);
    });
  }
  out.push_back('}');
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
