#include "console_exporter.hpp"

#include <unistd.h>

#include <algorithm>
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

}  // namespace

std::vector<OptionSpec> ConsoleExporter::option_specs() {
  return {
      {.name = "color",
       .type = OptionType::string,
       .default_value = "auto",
       .required = false,
       .description = "Colour the output: auto (when stdout is a terminal and NO_COLOR is unset), always, never",
       .choices = {"auto", "always", "never"}},
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
      min_rank_(severity_option(ctx.options, "min_severity", "info")) {}

void ConsoleExporter::print(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), out_) != text.size()) throw Error("cannot write to standard output");
}

std::string ConsoleExporter::paint(const char* code, const std::string& text) const {
  if (!color_) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

void ConsoleExporter::begin(const RunInfo&) {
  finished_ = false;
  gate_hit_ = false;
  std::fill(std::begin(counts_), std::end(counts_), 0);
  files_with_findings_ = 0;
}

void ConsoleExporter::write(const Document& doc) {
  std::vector<const Finding*> findings;
  for (const Finding& f : doc.findings) {
    const int rank = severity_rank(f.severity);
    if (rank >= fail_rank_) gate_hit_ = true;
    ++counts_[rank];
    if (rank >= min_rank_) findings.push_back(&f);
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding* a, const Finding* b) { return a->span.begin < b->span.begin; });
  const std::string& path = doc.source_uri.empty() ? doc.id : doc.source_uri;
  std::string text;
  for (const Finding* f : findings) {
    text += paint("1", path + ":" + location_text(doc, f->span) + ":") + " ";
    text += paint(severity_color(f->severity), std::string(to_string(f->severity)) + ":") + " ";
    text += one_line(f->message) + " [" + f->stage + "." + f->category + "]\n";
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
  std::string line = plural(counts_[2], "error") + ", " + plural(counts_[1], "warning") + ", " +
                     std::to_string(counts_[0]) + " info" + " in " + plural(files_with_findings_, "file");
  if (summary.failed > 0) line += "; " + plural(summary.failed, "document") + " failed";
  print(line + "\n");
  std::fflush(out_);
  finished_ = true;
}

}  // namespace docpipe::plugins
