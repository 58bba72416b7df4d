#include "pipeline/suppression.hpp"

#include <algorithm>

#include "config/rules.hpp"

namespace docpipe::host {

namespace {

constexpr std::string_view kPrefix = "docpipe-";

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// "docpipe-disable a/b, c/d" -> a directive; anything else -> false.
bool parse_directive(std::string_view body, Directive& d) {
  body = trim(body);
  if (body.substr(0, kPrefix.size()) != kPrefix) return false;
  std::size_t end = 0;
  while (end < body.size() && !space(body[end])) ++end;
  const std::string_view word = body.substr(0, end);
  if (word == "docpipe-disable") d.kind = Directive::Kind::disable;
  else if (word == "docpipe-enable") d.kind = Directive::Kind::enable;
  else if (word == "docpipe-disable-next-line") d.kind = Directive::Kind::disable_next_line;
  else return false;
  std::string rule;
  for (char c : body.substr(end)) {
    if (space(c) || c == ',') {
      if (!rule.empty()) d.rules.push_back(std::move(rule));
      rule.clear();
    } else {
      rule += c;
    }
  }
  if (!rule.empty()) d.rules.push_back(std::move(rule));
  return true;
}

std::uint64_t line_of(std::string_view s, std::size_t offset) {
  return 1 + static_cast<std::uint64_t>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Characters (UTF-8 lead bytes) from the start of offset's line to offset, plus one.
std::uint64_t column_of(std::string_view s, std::size_t offset) {
  const std::size_t nl = s.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t start = nl == std::string_view::npos || offset == 0 ? 0 : nl + 1;
  std::uint64_t column = 1;
  for (std::size_t i = start; i < offset; ++i) column += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return column;
}

}  // namespace

DirectiveSyntax directive_syntax(const ComponentInfo& reader) {
  auto handles = [&](std::string_view m) {
    return std::find(reader.media_types.begin(), reader.media_types.end(), m) != reader.media_types.end();
  };
  if (handles("text/markdown") || handles("text/html") || handles("application/xhtml+xml"))
    return DirectiveSyntax::comment;
  if (handles("text/plain")) return DirectiveSyntax::line;
  return DirectiveSyntax::none;
}

std::vector<Directive> find_directives(std::string_view source, bool comments) {
  std::vector<Directive> out;
  if (source.find(kPrefix) == std::string_view::npos) return out;
  if (comments) {
    for (std::size_t at = source.find("<!--"); at != std::string_view::npos; at = source.find("<!--", at + 4)) {
      const std::size_t close = source.find("-->", at + 4);
      if (close == std::string_view::npos) break;
      Directive d;
      if (parse_directive(source.substr(at + 4, close - at - 4), d)) {
        d.line = line_of(source, at);
        d.column = column_of(source, at);
        d.source_offset = at;
        out.push_back(std::move(d));
      }
    }
    return out;
  }
  std::size_t start = 0;
  while (start < source.size()) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    Directive d;
    if (parse_directive(source.substr(start, end - start), d)) {
      d.line = line_of(source, start);
      d.column = 1;
      d.source_offset = start;
      out.push_back(std::move(d));
    }
    start = end + 1;
  }
  return out;
}

namespace {

bool names(const Directive& d, const std::string& id) {
  return d.rules.empty() || std::find(d.rules.begin(), d.rules.end(), id) != d.rules.end();
}

// True when the directives silence rule id on line.
bool silenced(const std::vector<Directive>& directives, const std::string& id, std::uint64_t line) {
  bool off = false;
  for (const Directive& d : directives) {
    if (d.line > line) break;
    if (!names(d, id)) continue;
    if (d.kind == Directive::Kind::disable_next_line) {
      if (d.line + 1 == line) return true;
      continue;
    }
    // A region starts on the comment's own line, so a comment above a paragraph covers it.
    off = d.kind == Directive::Kind::disable;
  }
  return off;
}

// The first text offset whose source is at or after source_offset: where the comment's finding goes.
std::uint64_t text_offset_at(const Document& doc, std::uint64_t source_offset) {
  for (const auto& p : doc.source_map.pieces()) {
    if (p.source_begin + p.length <= source_offset) continue;
    return p.source_begin >= source_offset ? p.text_begin : p.text_begin + (source_offset - p.source_begin);
  }
  return doc.source_map.pieces().empty() ? std::min<std::uint64_t>(source_offset, doc.text.size()) : doc.text.size();
}

}  // namespace

std::size_t apply_directives(Document& doc, const std::vector<Directive>& directives,
                             const std::function<bool(const std::string&)>& known) {
  std::vector<Finding> kept;
  std::size_t suppressed = 0;
  for (Finding& f : doc.findings) {
    const auto pos = doc.source_map.locate(f.span.begin);
    if (pos && pos->line > 0 && silenced(directives, rule_id(f), pos->line)) {
      ++suppressed;
      continue;
    }
    kept.push_back(std::move(f));
  }
  doc.findings = std::move(kept);
  for (const Directive& d : directives) {
    for (const std::string& id : d.rules) {
      if (known(id)) continue;
      const std::uint64_t at = text_offset_at(doc, d.source_offset);
      doc.findings.push_back(Finding{std::string(host_stage), std::string(unknown_rule_category), Severity::warning,
                                     "Line " + std::to_string(d.line) + ": the comment names rule '" + id +
                                         "', which this pipeline cannot emit; see `docpipe validate`",
                                     Span{at, at}, 0,
                                     Object{{"rule", id},
                                            {"line", d.line},
                                            {"column", d.column},
                                            {"source_offset", d.source_offset}}});
    }
  }
  return suppressed;
}

}  // namespace docpipe::host
