// Helpers the tabular and report exporters (csv, sqlite, markdown, console, sarif, html) share, so
// they flatten metrics, place findings and cut excerpts the same way.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docpipe/document.hpp"
#include "docpipe/options.hpp"
#include "docpipe/value.hpp"

namespace docpipe::plugins {

/// One leaf metric: its dotted name within the stage ("document.flesch_kincaid_grade") and value.
struct FlatMetric {
  std::string stage;
  std::string name;
  const Value* value;
};

/// Every leaf of doc.metrics in insertion order: nested objects are flattened with dots; arrays,
/// scalars and null are leaves (arrays are not descended into, callers JSON-encode them).
std::vector<FlatMetric> flatten_metrics(const Object& metrics);

/// A scalar as text: null is "", booleans "true"/"false", numbers in their shortest round-trip
/// form, strings as they are; arrays and objects as compact JSON.
std::string value_text(const Value& value);

/// The document's title: metadata "title" when it is a non-empty string, else "".
std::string document_title(const Document& doc);

/// "line:column" of the span's start in the original file, or "@byte-offset" (the source offset
/// when the map knows it, else the text offset) when there are no lines.
std::string location_text(const Document& doc, Span span);

/// True for a finding placed on source bytes the text leaves out, so that no text offset maps to
/// them: the host's docpipe/unknown-rule finding of a suppression comment, whose data holds the
/// comment's "source_offset", "line" and "column".
bool placed_in_source(const Finding& f);
/// Where a finding starts in the original file: doc.locate(f.span.begin), or the line and column
/// in its data when placed_in_source(f).
std::optional<SourcePosition> locate_finding(const Document& doc, const Finding& f);
/// location_text of the finding's span, with locate_finding's line and column.
std::string location_text(const Document& doc, const Finding& f);

/// The text under span, clipped to the document and cut on a UTF-8 boundary after at most
/// max_bytes bytes (with "…" appended when cut); line breaks and tabs become spaces.
std::string excerpt(const Document& doc, Span span, std::size_t max_bytes = 120);

/// An anonymous temporary file (std::tmpfile: gone when closed, also on a crash) for the parts of
/// an output that can only be placed once the whole run is known, so memory stays bounded.
class SpillFile {
 public:
  SpillFile();
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  /// Appends bytes; throws docpipe::Error on failure.
  void write(std::string_view bytes);
  /// Calls fn with each '\n'-terminated line (without the '\n') written so far.
  template <class Fn>
  void for_each_line(Fn&& fn) {
    rewind_for_reading();
    std::string line;
    while (read_line(line)) fn(std::string_view(line));
  }
  /// Copies everything written so far to out.
  template <class Out>
  void copy_to(Out& out) {
    rewind_for_reading();
    std::string chunk;
    while (read_chunk(chunk)) out.write(chunk);
  }

 private:
  void rewind_for_reading();
  bool read_line(std::string& line);
  bool read_chunk(std::string& chunk);
  std::FILE* file_ = nullptr;
};

/// A string option's value, fallback when absent or null.
std::string string_option(const Options& options, std::string_view name, std::string_view fallback);
/// A boolean option's value, false when absent or null.
bool bool_option(const Options& options, std::string_view name);
/// An integer option as a size (negative values count as 0), fallback when absent or null.
std::size_t size_option(const Options& options, std::string_view name, std::size_t fallback);

/// Rank of a severity (info 0, warning 1, error 2) for threshold comparisons.
inline int severity_rank(Severity s) { return static_cast<int>(s); }

}  // namespace docpipe::plugins
