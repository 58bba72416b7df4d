#include "pipeline/document_codec.hpp"

#include <cstring>
#include <deque>
#include <unordered_map>

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

namespace {

enum ValueTag : unsigned char { tag_null, tag_false, tag_true, tag_int, tag_double, tag_string, tag_array, tag_object };

class BinaryWriter {
 public:
  using Names = BinaryEncoder::Names;
  using CacheEntry = BinaryEncoder::CacheEntry;
  static constexpr std::size_t cache_size = BinaryEncoder::cache_size;
  BinaryWriter(std::string& out, Names& names) : out_(out), names_(names) {}
  void varint(std::uint64_t v) {
    if (v < 0x80) {
      out_.push_back(static_cast<char>(v));
      return;
    }
    char buf[10];
    int n = 0;
    while (v >= 0x80) {
      buf[n++] = static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    buf[n++] = static_cast<char>(v);
    out_.append(buf, static_cast<std::size_t>(n));
  }
  void byte(unsigned char b) { out_.push_back(static_cast<char>(b)); }
  void str(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }
  void real(double d) {
    char buf[sizeof d];
    std::memcpy(buf, &d, sizeof d);
    out_.append(buf, sizeof buf);
  }
  /// A string that repeats (annotation types, keys, stage ids): its number once it was written.
  void name(std::string_view s) {
    // A direct-mapped cache in front of the hash map: most names are a few annotation types and
    // keys seen again and again, found with one comparison instead of hashing the string.
    const std::size_t slot = s.empty() ? 0
                                       : (s.size() * 31 + static_cast<unsigned char>(s[0]) * 7 +
                                          static_cast<unsigned char>(s[s.size() - 1])) & (cache_size - 1);
    CacheEntry& c = names_.cache[slot];
    if (c.number != 0 && c.name == s) return varint(c.number);
    std::uint64_t number;
    if (auto it = names_.map.find(s); it != names_.map.end()) {
      number = it->second;
      c = {it->first, number};
    } else {
      number = names_.map.size() + 1;
      auto [at, _] = names_.map.emplace(std::string(s), number);
      c = {at->first, number};
      varint(0);
      return str(s);
    }
    varint(number);
  }
  void value(const Value& v) {
    switch (v.type()) {
      case Value::Type::null: return byte(tag_null);
      case Value::Type::boolean: return byte(v.as_bool() ? tag_true : tag_false);
      case Value::Type::integer: {
        byte(tag_int);
        const auto i = static_cast<std::uint64_t>(v.as_int());
        return varint((i << 1) ^ (v.as_int() < 0 ? ~std::uint64_t{0} : 0));
      }
      case Value::Type::number: byte(tag_double); return real(v.as_double());
      case Value::Type::string: byte(tag_string); return str(v.as_string());
      case Value::Type::array:
        byte(tag_array);
        varint(v.as_array().size());
        for (const auto& el : v.as_array()) value(el);
        return;
      case Value::Type::object: byte(tag_object); return object(v.as_object());
    }
  }
  void object(const Object& o) {
    varint(o.size());
    for (const auto& [k, el] : o) {
      name(k);
      value(el);
    }
  }

 private:
  std::string& out_;
  Names& names_;
};

class BinaryReader {
 public:
  BinaryReader(std::string_view data, std::size_t pos, std::deque<std::string>& names)
      : data_(data), pos_(pos), names_(names) {}
  std::size_t pos() const { return pos_; }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const unsigned char b = byte();
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw Error("malformed binary document: varint too long");
  }
  unsigned char byte() {
    need(1);
    return static_cast<unsigned char>(data_[pos_++]);
  }
  std::string str() {
    const std::uint64_t n = varint();
    need(n);
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  double real() {
    double d;
    need(sizeof d);
    std::memcpy(&d, data_.data() + pos_, sizeof d);
    pos_ += sizeof d;
    return d;
  }
  const std::string& name() {
    const std::uint64_t n = varint();
    if (n == 0) {
      names_.push_back(str());
      return names_.back();
    }
    if (n > names_.size()) throw Error("malformed binary document: unknown name number");
    return names_[n - 1];
  }
  Value value() {
    switch (byte()) {
      case tag_null: return Value();
      case tag_false: return Value(false);
      case tag_true: return Value(true);
      case tag_int: {
        const std::uint64_t z = varint();
        return Value(static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1)));
      }
      case tag_double: return Value(real());
      case tag_string: return Value(str());
      case tag_array: {
        const std::uint64_t n = count();
        Array a;
        a.reserve(n);
        for (std::uint64_t i = 0; i < n; ++i) a.push_back(value());
        return Value(std::move(a));
      }
      case tag_object: return Value(object());
      default: throw Error("malformed binary document: unknown value tag");
    }
  }
  Object object() {
    const std::uint64_t n = count();
    Object o;
    o.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::string& k = name();
      o.set(k, value());
    }
    return o;
  }
  /// A count of items, each at least one byte: more than the bytes left is malformed.
  std::uint64_t count() {
    const std::uint64_t n = varint();
    need(n);
    return n;
  }

 private:
  void need(std::uint64_t n) const {
    if (n > data_.size() - pos_) throw Error("malformed binary document: truncated");
  }
  std::string_view data_;
  std::size_t pos_;
  std::deque<std::string>& names_;
};

}  // namespace

void encode_document_binary(const Document& d, std::string& out) { BinaryEncoder().encode(d, out); }

Document decode_document_binary(std::string_view data, std::size_t& pos) { return BinaryDecoder().decode(data, pos); }

void BinaryEncoder::encode(const Document& d, std::string& out) {
  // Roughly what it will take, so the buffer grows once, not by doubling through the text.
  out.reserve(out.size() + d.text.size() + 16 * d.annotations.size() + 64 * d.findings.size() + 256);
  BinaryWriter w(out, names_);
  w.str(d.id);
  w.str(d.source_uri);
  w.str(d.media_type);
  w.byte(d.failed ? 1 : 0);
  w.str(d.text);
  w.object(d.metadata);
  w.object(d.metrics);
  w.varint(d.annotations.size());
  for (const auto& a : d.annotations) {
    w.name(a.type);
    w.varint(a.span.begin);
    w.varint(a.span.end - a.span.begin);
    w.object(a.features);
  }
  w.varint(d.findings.size());
  for (const auto& f : d.findings) {
    w.name(f.stage);
    w.name(f.category);
    w.byte(static_cast<unsigned char>(f.severity));
    w.str(f.message);
    w.varint(f.span.begin);
    w.varint(f.span.end - f.span.begin);
    w.real(f.score);
    w.object(f.data);
  }
  w.varint(d.diagnostics.size());
  for (const auto& x : d.diagnostics) {
    w.byte(static_cast<unsigned char>(x.severity));
    w.name(x.stage);
    w.str(x.message);
  }
  const auto& pieces = d.source_map.pieces();
  w.varint(pieces.size());
  for (const auto& p : pieces) {
    w.varint(p.text_begin);
    w.varint(p.source_begin);
    w.varint(p.length);
  }
  const auto& lines = d.source_map.line_starts();
  w.varint(lines.size());
  std::uint64_t prev = 0;
  for (std::uint64_t l : lines) {
    w.varint(l - prev);  // increasing: small deltas
    prev = l;
  }
  const auto& pages = d.source_map.page_breaks();
  w.varint(pages.size());
  for (const auto& [t, p] : pages) {
    w.varint(t);
    w.varint(p);
  }
}

Document BinaryDecoder::decode(std::string_view data, std::size_t& pos) {
  BinaryReader r(data, pos, names_);
  auto severity = [&] {
    const unsigned char s = r.byte();
    if (s > static_cast<unsigned char>(Severity::error)) throw Error("malformed binary document: severity");
    return static_cast<Severity>(s);
  };
  Document d;
  d.id = r.str();
  d.source_uri = r.str();
  d.media_type = r.str();
  d.failed = r.byte() != 0;
  d.text = r.str();
  d.metadata = r.object();
  d.metrics = r.object();
  std::uint64_t n = r.count();
  d.annotations.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    Annotation& a = d.annotations.emplace_back();
    a.type = r.name();
    a.span.begin = r.varint();
    a.span.end = a.span.begin + r.varint();
    a.features = r.object();
  }
  n = r.count();
  d.findings.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    Finding& f = d.findings.emplace_back();
    f.stage = r.name();
    f.category = r.name();
    f.severity = severity();
    f.message = r.str();
    f.span.begin = r.varint();
    f.span.end = f.span.begin + r.varint();
    f.score = r.real();
    f.data = r.object();
  }
  n = r.count();
  for (std::uint64_t i = 0; i < n; ++i) {
    Diagnostic& x = d.diagnostics.emplace_back();
    x.severity = severity();
    x.stage = r.name();
    x.message = r.str();
  }
  n = r.count();
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t t = r.varint(), s = r.varint(), l = r.varint();
    d.source_map.add(t, s, l);
  }
  n = r.count();
  std::vector<std::uint64_t> lines;
  lines.reserve(n);
  std::uint64_t prev = 0;
  for (std::uint64_t i = 0; i < n; ++i) lines.push_back(prev += r.varint());
  d.source_map.set_line_starts(std::move(lines));
  n = r.count();
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t t = r.varint(), p = r.varint();
    d.source_map.add_page(t, p);
  }
  pos = r.pos();
  return d;
}

std::uint64_t shard_hash(std::string_view id) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace docpipe::host
