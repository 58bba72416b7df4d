#include "pipeline/document_codec.hpp"

#include "docpipe/error.hpp"

namespace docpipe::host {

using Json = nlohmann::ordered_json;

Json encode_value(const Value& v) {
  switch (v.type()) {
    case Value::Type::null: return nullptr;
    case Value::Type::boolean: return v.as_bool();
    case Value::Type::integer: return v.as_int();
    case Value::Type::number: return v.as_double();
    case Value::Type::string: return v.as_string();
    case Value::Type::array: {
      Json a = Json::array();
      for (const auto& el : v.as_array()) a.push_back(encode_value(el));
      return a;
    }
    case Value::Type::object: {
      Json o = Json::object();
      for (const auto& [k, el] : v.as_object()) o[k] = encode_value(el);
      return o;
    }
  }
  return nullptr;
}

Value decode_value(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return Value();
    case Json::value_t::boolean: return Value(j.get<bool>());
    case Json::value_t::number_integer: return Value(j.get<std::int64_t>());
    case Json::value_t::number_unsigned: return Value(static_cast<std::int64_t>(j.get<std::uint64_t>()));
    case Json::value_t::number_float: return Value(j.get<double>());
    case Json::value_t::string: return Value(j.get<std::string>());
    case Json::value_t::array: {
      Array a;
      a.reserve(j.size());
      for (const auto& el : j) a.push_back(decode_value(el));
      return Value(std::move(a));
    }
    case Json::value_t::object: {
      Object o;
      o.reserve(j.size());
      for (const auto& [k, el] : j.items()) o.set(k, decode_value(el));
      return Value(std::move(o));
    }
    default: throw Error("unsupported JSON value in a document record");
  }
}

namespace {
Json span(Span s) { return Json::array({s.begin, s.end}); }
Span span_of(const Json& j) { return Span{j.at(0).get<std::uint64_t>(), j.at(1).get<std::uint64_t>()}; }
Severity severity_of(const std::string& s) {
  return s == "error" ? Severity::error : s == "info" ? Severity::info : Severity::warning;
}
}  // namespace

Json encode_document(const Document& d, DocumentOrder order) {
  Json j;
  j["order"] = Json::array({order.input, order.sub});
  j["id"] = d.id;
  j["source_uri"] = d.source_uri;
  j["media_type"] = d.media_type;
  j["failed"] = d.failed;
  j["text"] = d.text;
  j["metadata"] = encode_value(Value(d.metadata));
  j["metrics"] = encode_value(Value(d.metrics));
  Json anns = Json::array();
  for (const auto& a : d.annotations) {
    Json x = Json::array({a.type, a.span.begin, a.span.end});
    if (!a.features.empty()) x.push_back(encode_value(Value(a.features)));
    anns.push_back(std::move(x));
  }
  j["annotations"] = std::move(anns);
  Json findings = Json::array();
  for (const auto& f : d.findings)
    findings.push_back({{"stage", f.stage}, {"category", f.category}, {"severity", to_string(f.severity)},
                        {"message", f.message}, {"span", span(f.span)}, {"score", f.score},
                        {"data", encode_value(Value(f.data))}});
  j["findings"] = std::move(findings);
  Json diags = Json::array();
  for (const auto& x : d.diagnostics)
    diags.push_back({{"severity", to_string(x.severity)}, {"stage", x.stage}, {"message", x.message}});
  j["diagnostics"] = std::move(diags);
  Json pieces = Json::array();
  for (const auto& p : d.source_map.pieces()) pieces.push_back(Json::array({p.text_begin, p.source_begin, p.length}));
  Json pages = Json::array();
  for (const auto& [t, p] : d.source_map.page_breaks()) pages.push_back(Json::array({t, p}));
  j["source_map"] = {{"pieces", std::move(pieces)}, {"lines", d.source_map.line_starts()}, {"pages", std::move(pages)}};
  return j;
}

Document decode_document(const Json& j, DocumentOrder& order) {
  try {
    order.input = j.at("order").at(0).get<std::uint64_t>();
    order.sub = j.at("order").at(1).get<std::uint64_t>();
    Document d;
    d.id = j.at("id").get<std::string>();
    d.source_uri = j.at("source_uri").get<std::string>();
    d.media_type = j.at("media_type").get<std::string>();
    d.failed = j.at("failed").get<bool>();
    d.text = j.at("text").get<std::string>();
    d.metadata = decode_value(j.at("metadata")).as_object();
    d.metrics = decode_value(j.at("metrics")).as_object();
    for (const auto& a : j.at("annotations")) {
      Annotation x{a.at(0).get<std::string>(), Span{a.at(1).get<std::uint64_t>(), a.at(2).get<std::uint64_t>()}, {}};
      if (a.size() > 3) x.features = decode_value(a.at(3)).as_object();
      d.annotations.push_back(std::move(x));
    }
    for (const auto& f : j.at("findings"))
      d.findings.push_back(Finding{f.at("stage").get<std::string>(), f.at("category").get<std::string>(),
                                   severity_of(f.at("severity").get<std::string>()), f.at("message").get<std::string>(),
                                   span_of(f.at("span")), f.at("score").get<double>(),
                                   decode_value(f.at("data")).as_object()});
    for (const auto& x : j.at("diagnostics"))
      d.diagnostics.push_back(Diagnostic{severity_of(x.at("severity").get<std::string>()), x.at("stage").get<std::string>(),
                                         x.at("message").get<std::string>()});
    const Json& sm = j.at("source_map");
    for (const auto& p : sm.at("pieces"))
      d.source_map.add(p.at(0).get<std::uint64_t>(), p.at(1).get<std::uint64_t>(), p.at(2).get<std::uint64_t>());
    d.source_map.set_line_starts(sm.at("lines").get<std::vector<std::uint64_t>>());
    for (const auto& p : sm.at("pages")) d.source_map.add_page(p.at(0).get<std::uint64_t>(), p.at(1).get<std::uint64_t>());
    return d;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("malformed document record: ") + e.what());
  }
}

std::uint64_t shard_hash(std::string_view id) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace docpipe::host
