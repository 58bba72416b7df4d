#include "export_support.hpp"

#include "document_json.hpp"
#include "docpipe/error.hpp"
#include "docpipe/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cmath>

namespace docpipe::plugins {

namespace {

void flatten_into(const std::string& stage, const std::string& prefix, const Object& object,
                  std::vector<FlatMetric>& out) {
  for (const auto& [key, value] : object) {
    std::string name = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object() && !value.as_object().empty())
      flatten_into(stage, name, value.as_object(), out);
    else
      out.push_back({stage, std::move(name), &value});
  }
}

}  // namespace

std::vector<FlatMetric> flatten_metrics(const Object& metrics) {
  std::vector<FlatMetric> out;
  for (const auto& [stage, value] : metrics) {
    if (value.is_object())
      flatten_into(stage, "", value.as_object(), out);
    else
      out.push_back({stage, "", &value});  // a stage that stored a bare value: keep it, unnamed
  }
  return out;
}

std::string value_text(const Value& value) {
  switch (value.type()) {
    case Value::Type::null:
      return "";
    case Value::Type::string:
      return value.as_string();
    case Value::Type::number:
      if (!std::isfinite(value.as_double())) return "";
      [[fallthrough]];
    default:
      // One formatter for numbers everywhere: the JSON exporters' shortest round-trip doubles.
      return dump_json(value_to_json(value), JsonStyle::compact);
  }
}

std::string document_title(const Document& doc) {
  const Value* title = doc.metadata.find("title");
  return title != nullptr && title->is_string() ? title->as_string() : std::string();
}

bool placed_in_source(const Finding& f) {
  const Value* offset = f.data.find("source_offset");
  const Value* line = f.data.find("line");
  const Value* column = f.data.find("column");
  return offset && line && column && offset->is_int() && line->is_int() && column->is_int() && line->as_int() > 0 &&
         column->as_int() > 0;
}

std::optional<SourcePosition> locate_finding(const Document& doc, const Finding& f) {
  auto pos = doc.locate(f.span.begin);
  if (!placed_in_source(f)) return pos;
  SourcePosition at = pos.value_or(SourcePosition{});
  at.line = static_cast<std::uint64_t>(f.data.find("line")->as_int());
  at.column = static_cast<std::uint64_t>(f.data.find("column")->as_int());
  return at;
}

std::string location_text(const Document& doc, const Finding& f) {
  if (placed_in_source(f)) {
    const auto pos = locate_finding(doc, f);
    return std::to_string(pos->line) + ":" + std::to_string(pos->column);
  }
  return location_text(doc, f.span);
}

std::string location_text(const Document& doc, Span span) {
  if (const auto pos = doc.locate(span.begin); pos && pos->line > 0)
    return std::to_string(pos->line) + ":" + std::to_string(pos->column);
  const auto offset = doc.source_map.source_offset(span.begin);
  std::string out(1, '@');  // built by appending: GCC 12 warns (-Wrestrict) on "@" + string
  out += std::to_string(offset ? *offset : span.begin);
  return out;
}

std::string excerpt(const Document& doc, Span span, std::size_t max_bytes) {
  const std::uint64_t end = std::min<std::uint64_t>(span.end, doc.text.size());
  const std::uint64_t begin = std::min<std::uint64_t>(span.begin, end);
  const std::string_view text = std::string_view(doc.text).substr(begin, end - begin);
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t cp = utf8_next(text, pos);
    if (out.size() + (pos - start) > max_bytes) {
      out += "\u2026";
      break;
    }
    if (cp == '\n' || cp == '\r' || cp == '\t')
      out += ' ';
    else
      utf8_append(out, cp);
  }
  return out;
}

std::string string_option(const Options& options, std::string_view name, std::string_view fallback) {
  return options.has(name) && options.get(name).is_string() ? options.get_string(name) : std::string(fallback);
}

bool bool_option(const Options& options, std::string_view name) {
  return options.has(name) && options.get(name).is_bool() && options.get_bool(name);
}

std::size_t size_option(const Options& options, std::string_view name, std::size_t fallback) {
  if (!options.has(name) || !options.get(name).is_int()) return fallback;
  return static_cast<std::size_t>(std::max<std::int64_t>(0, options.get_int(name)));
}

SpillFile::SpillFile() : file_(std::tmpfile()) {
  if (file_ == nullptr) throw Error(std::string("cannot create a temporary file: ") + std::strerror(errno));
}

SpillFile::~SpillFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void SpillFile::write(std::string_view bytes) {
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
    throw Error(std::string("cannot write a temporary file: ") + std::strerror(errno));
}

void SpillFile::rewind_for_reading() {
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
    throw Error(std::string("cannot read back a temporary file: ") + std::strerror(errno));
}

bool SpillFile::read_line(std::string& line) {
  line.clear();
  int c;
  while ((c = std::getc(file_)) != EOF) {
    if (c == '\n') return true;
    line += static_cast<char>(c);
  }
  return !line.empty();
}

bool SpillFile::read_chunk(std::string& chunk) {
  chunk.resize(1 << 16);
  const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file_);
  chunk.resize(n);
  return n > 0;
}

}  // namespace docpipe::plugins
