// Exporter printing findings as compiler-style lines, so editors and CI logs can jump to them.
#pragma once

#include <cstdint>
#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "docpipe/plugin.hpp"

namespace docpipe::plugins {

/// Prints `path:line:column: severity: message [STAGE/category]` per finding (or
/// `path:@offset: ...` when the source has no lines) with the excerpt under it, a document's lines
/// together and in source order, then warning-or-worse diagnostics (all of them for a failed
/// document), and at the end one line per rule with its counts and a total line.
/// It writes straight to stdout, not atomically: the terminal is not a file that can be replaced,
/// and a CI log wants the lines as the documents finish.
/// The line of doc's text holding span.begin (a window of it), and under it the trigger marked
/// `^~~~` as compilers do; line is the source line number shown in the gutter (0: none).
std::string excerpt_lines(const Document& doc, Span span, std::uint64_t line);

class ConsoleExporter : public Exporter {
 public:
  /// The options the exporter declares: color, excerpt, fail_on, min_severity.
  static std::vector<OptionSpec> option_specs();

  /// Prints to stdout.
  explicit ConsoleExporter(const StageContext& ctx);
  /// Prints to out (tests); colour "auto" looks at whether out is a terminal.
  ConsoleExporter(const StageContext& ctx, std::FILE* out);

  void begin(const RunInfo& run) override;
  void write(const Document& doc) override;
  /// Prints the totals; from here on gate_failed() reports the fail_on threshold.
  void finish(const RunSummary& summary) override;
  /// True after finish() when a finding's severity reached fail_on.
  bool gate_failed() const override { return finished_ && gate_hit_; }

 private:
  void print(const std::string& text);
  std::string paint(const char* code, const std::string& text) const;

  std::FILE* out_;
  bool color_;
  int fail_rank_;  // severity rank that fails the gate; > error for "never"
  int min_rank_;
  bool finished_ = false;
  bool closed_ = false;  ///< the reader of stdout went away (EPIPE): print nothing more
  bool gate_hit_ = false;
  std::uint64_t counts_[3] = {0, 0, 0};
  bool excerpt_ = true;
  std::uint64_t files_with_findings_ = 0;
  std::uint64_t suppressed_ = 0;
  std::map<std::string, std::array<std::uint64_t, 3>> by_rule_;  // rule id -> count per severity rank
};

}  // namespace docpipe::plugins
