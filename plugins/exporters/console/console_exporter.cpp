#include "console_exporter.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "docpipe/error.hpp"
#include "export_support.hpp"

namespace docpipe::plugins {

namespace {

int severity_option(const Options& options, std::string_view name, std::string_view fallback) {
  const std::string v = string_option(options, name, fallback);
  if (v == "never") return 3;
  if (v == "error") return severity_rank(Severity::error);
  if (v == "warning") return severity_rank(Severity::warning);
  if (v == "info") return severity_rank(Severity::info);
  throw Error("option '" + std::string(name) + "' must be \"error\", \"warning\", \"info\" or \"never\", not \"" + v +
              "\"");
}

bool color_option(const Options& options, std::FILE* out) {
  const std::string v = string_option(options, "color", "auto");
  if (v == "always") return true;
  if (v == "never") return false;
  if (v != "auto") throw Error("option 'color' must be \"auto\", \"always\" or \"never\", not \"" + v + "\"");
  // NO_COLOR (no-color.org) is the common way to ask every tool for plain output.
  return ::isatty(::fileno(out)) != 0 && std::getenv("NO_COLOR") == nullptr;
}

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::error:
      return "1;31";
    case Severity::warning:
      return "1;35";
    case Severity::info:
      break;
  }
  return "1;36";
}

std::string one_line(std::string_view s) {
  std::string out(s);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return out;
}

std::size_t chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Moves pos back (or forward) by up to n code points within [lo, hi).
std::size_t step_back(std::string_view t, std::size_t pos, std::size_t lo, std::size_t n) {
  while (pos > lo && n > 0) {
    --pos;
    while (pos > lo && (static_cast<unsigned char>(t[pos]) & 0xC0) == 0x80) --pos;
    --n;
  }
  return pos;
}
std::size_t step_forward(std::string_view t, std::size_t pos, std::size_t hi, std::size_t n) {
  while (pos < hi && n > 0) {
    ++pos;
    while (pos < hi && (static_cast<unsigned char>(t[pos]) & 0xC0) == 0x80) ++pos;
    --n;
  }
  return pos;
}

}  // namespace

std::string excerpt_lines(const Document& doc, Span span, std::uint64_t line) {
  const std::string_view t = doc.text;
  if (span.begin >= t.size()) return {};
  const std::size_t begin = span.begin;
  std::size_t line_start = begin == 0 ? std::string_view::npos : t.rfind('\n', begin - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  std::size_t line_end = t.find('\n', begin);
  if (line_end == std::string_view::npos) line_end = t.size();
  // A window of the line: some context before the trigger, the trigger, cut at 100 characters.
  const std::size_t from = step_back(t, begin, line_start, 30);
  const std::size_t to = step_forward(t, begin, line_end, 100);
  const std::size_t end = std::min<std::size_t>(std::max<std::size_t>(span.end, begin + 1), to);
  std::string shown(t.substr(from, to - from));
  std::replace(shown.begin(), shown.end(), '\t', ' ');
  std::replace(shown.begin(), shown.end(), '\r', ' ');
  const std::string lead = from > line_start ? "\u2026" : "";
  const std::string tail = to < line_end ? "\u2026" : "";
  const std::string number = line > 0 ? std::to_string(line) : "";
  const std::string gutter(number.size(), ' ');
  const std::size_t pad = chars(lead) + chars(t.substr(from, begin - from));
  const std::size_t width = std::max<std::size_t>(1, chars(t.substr(begin, end - begin)));
  return " " + number + " | " + lead + shown + tail + "\n" + " " + gutter + " | " + std::string(pad, ' ') + "^" +
         std::string(width - 1, '~') + "\n";
}

std::vector<OptionSpec> ConsoleExporter::option_specs() {
  return {
      {.name = "color",
       .type = OptionType::string,
       .default_value = "auto",
       .required = false,
       .description = "Colour the output: auto (when stdout is a terminal and NO_COLOR is unset), always, never",
       .choices = {"auto", "always", "never"}},
      {.name = "excerpt",
       .type = OptionType::boolean,
       .default_value = true,
       .required = false,
       .description = "Show the finding's line of text under it with the trigger underlined",
       .choices = {}},
      {.name = "fail_on",
       .type = OptionType::string,
       .default_value = "never",
       .required = false,
       .description = "Fail the run (exit code 4) when a finding has this severity or worse",
       .choices = {"error", "warning", "info", "never"}},
      {.name = "min_severity",
       .type = OptionType::string,
       .default_value = "info",
       .required = false,
       .description = "Print findings of this severity or worse",
       .choices = {"error", "warning", "info"}},
  };
}

ConsoleExporter::ConsoleExporter(const StageContext& ctx) : ConsoleExporter(ctx, stdout) {}

ConsoleExporter::ConsoleExporter(const StageContext& ctx, std::FILE* out)
    : out_(out),
      color_(color_option(ctx.options, out)),
      fail_rank_(severity_option(ctx.options, "fail_on", "never")),
      min_rank_(severity_option(ctx.options, "min_severity", "info")),
      excerpt_(!ctx.options.has("excerpt") || !ctx.options.get("excerpt").is_bool() || ctx.options.get_bool("excerpt")) {}

void ConsoleExporter::print(const std::string& text) {
  if (closed_) return;
  if (std::fwrite(text.data(), 1, text.size(), out_) != text.size()) {
    // `docpipe run ... | head -1`: the consumer has what it wanted. The run goes on, so the
    // other exporters still write their files (SIGPIPE is ignored by the host).
    if (errno == EPIPE) {
      closed_ = true;
      return;
    }
    throw Error("cannot write to standard output");
  }
}

std::string ConsoleExporter::paint(const char* code, const std::string& text) const {
  if (!color_) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

void ConsoleExporter::begin(const RunInfo&) {
  finished_ = false;
  closed_ = false;
  gate_hit_ = false;
  std::fill(std::begin(counts_), std::end(counts_), 0);
  files_with_findings_ = 0;
  by_rule_.clear();
  suppressed_ = 0;
}

void ConsoleExporter::write(const Document& doc) {
  // The host records findings silenced by docpipe-disable comments under its own stage.
  if (const Value* m = doc.metrics.find("docpipe"); m && m->is_object())
    if (const Value* n = m->as_object().find("suppressed"); n && n->is_int()) suppressed_ += static_cast<std::uint64_t>(n->as_int());
  std::vector<const Finding*> findings;
  for (const Finding& f : doc.findings) {
    const int rank = severity_rank(f.severity);
    if (rank >= fail_rank_) gate_hit_ = true;
    ++counts_[rank];
    ++by_rule_[f.stage + "/" + f.category][rank];
    if (rank >= min_rank_) findings.push_back(&f);
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding* a, const Finding* b) { return a->span.begin < b->span.begin; });
  const std::string& path = doc.source_uri.empty() ? doc.id : doc.source_uri;
  std::string text;
  for (const Finding* f : findings) {
    text += paint("1", path + ":" + location_text(doc, *f) + ":") + " ";
    text += paint(severity_color(f->severity), std::string(to_string(f->severity)) + ":") + " ";
    text += one_line(f->message) + " [" + f->stage + "/" + f->category + "]\n";
    // A finding on a comment has no text to show: the comment is not in the text.
    if (excerpt_ && !placed_in_source(*f)) {
      const auto pos = doc.locate(f->span.begin);
      text += paint("2", excerpt_lines(doc, f->span, pos ? pos->line : 0));
    }
  }
  for (const Diagnostic& d : doc.diagnostics) {
    if (!doc.failed && d.severity < Severity::warning) continue;
    text += paint("1", path + ":") + " " +
            paint(severity_color(d.severity), std::string(to_string(d.severity)) + ":") + " " + one_line(d.message);
    text += d.stage.empty() ? "\n" : " [" + d.stage + "]\n";
  }
  if (!findings.empty()) ++files_with_findings_;
  print(text);
}

void ConsoleExporter::finish(const RunSummary& summary) {
  auto plural = [](std::uint64_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  std::string rules;
  std::size_t w = 0;
  for (const auto& [id, n] : by_rule_) w = std::max(w, id.size());
  for (const auto& [id, n] : by_rule_) {
    std::string counts;
    for (int r = 2; r >= 0; --r)
      if (n[r] > 0)
        counts += (counts.empty() ? "" : ", ") + (r == 0 ? std::to_string(n[r]) + " info" : plural(n[r], r == 2 ? "error" : "warning"));
    rules += "  " + id + std::string(w - id.size() + 2, ' ') + counts + "\n";
  }
  print(rules);
  std::string line = plural(counts_[2], "error") + ", " + plural(counts_[1], "warning") + ", " +
                     std::to_string(counts_[0]) + " info" + " in " + plural(files_with_findings_, "file");
  if (suppressed_ > 0) line += "; " + std::to_string(suppressed_) + " suppressed by comments";
  if (summary.failed > 0) line += "; " + plural(summary.failed, "document") + " failed";
  print(line + "\n");
  if (!closed_ && std::fflush(out_) != 0 && errno == EPIPE) closed_ = true;
  finished_ = true;
}

}  // namespace docpipe::plugins
