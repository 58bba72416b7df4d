// The JSON form of documents and runs that every exporter shares, so json, jsonl, csv, html and
// sqlite outputs describe the same document with the same field names.
//
// Document layout (keys in this order; "line"/"column"/"page" only when the source map knows them,
// "text" and "annotations" only when asked):
//   {"id", "source", "media_type", "status": "ok" | "failed",
//    "metadata": {...}, "metrics": {stage: {...}},
//    "findings": [{"stage", "category", "severity", "message", "span": [begin, end],
//                  "line", "column", "page", "score", "data": {...}}],
//    "diagnostics": [{"severity", "stage", "message"}],
//    "text": "...", "annotations": [{"type", "span": [begin, end], "features": {...}}]}
// Run provenance:
//   {"docpipe_version", "pipeline_hash", "pipeline", "started_at",
//    "stages": [{"id", "plugin", "version", "kind"}]}
// Run summary:
//   {"documents", "failed", "bytes", "seconds"}
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/document.hpp"
#include "docpipe/options.hpp"
#include "docpipe/plugin.hpp"
#include "docpipe/value.hpp"

namespace docpipe::plugins {

/// JSON that keeps keys in insertion order, like docpipe::Object.
using OrderedJson = nlohmann::ordered_json;

/// Version of the output layout above; bumped when a field is renamed, removed or changes meaning.
inline constexpr std::string_view output_schema_version = "1";

/// What optional parts of a document to include.
struct DocumentJsonOptions {
  bool include_text = false;         ///< the UTF-8 analysis text
  bool include_annotations = false;  ///< every annotation with its span and features
};

/// The include_text and include_annotations options exporters declare (both default false).
std::vector<OptionSpec> document_json_option_specs();
/// Reads include_text and include_annotations, false when absent.
DocumentJsonOptions document_json_options(const Options& options);

/// A value as JSON; object order is kept and non-finite doubles become null.
OrderedJson value_to_json(const Value& value);
/// An object as JSON, in insertion order.
OrderedJson object_to_json(const Object& object);
/// A span as [begin, end].
OrderedJson span_to_json(Span span);
/// "ok" or "failed".
std::string_view document_status(const Document& doc);
/// One finding, with line, column and page from the document's source map when known (for a
/// finding on a suppression comment, the comment's: see locate_finding).
OrderedJson finding_to_json(const Document& doc, const Finding& finding);
/// One diagnostic.
OrderedJson diagnostic_to_json(const Diagnostic& diagnostic);
/// One annotation.
OrderedJson annotation_to_json(const Annotation& annotation);
/// A whole document in the layout above.
OrderedJson document_to_json(const Document& doc, const DocumentJsonOptions& options = {});
/// The run's provenance: docpipe version, pipeline hash and path, start time, stages.
OrderedJson run_to_json(const RunInfo& run);
/// The run's summary: documents, failed, bytes, seconds.
OrderedJson summary_to_json(const RunSummary& summary);

/// How dump_json lays out its text.
enum class JsonStyle { compact, pretty };

/// Appends a whole document in the layout above as compact JSON, byte for byte what
/// dump_json(document_to_json(doc, options), JsonStyle::compact) gives, without building the
/// intermediate JSON tree (the JSON Lines exporter's hot path).
void append_document_json(std::string& out, const Document& doc, const DocumentJsonOptions& options = {});

/// Serialises j without a trailing newline: compact on one line, or pretty with two-space indents.
/// Doubles use the shortest text that reads back to the same bits (locale-independent), non-ASCII
/// stays raw UTF-8, and invalid UTF-8 in a string becomes U+FFFD instead of throwing.
/// With indent > 0 (pretty only) every line after the first is prefixed by that many spaces, so the
/// text can be nested inside a larger document written piece by piece.
std::string dump_json(const OrderedJson& j, JsonStyle style, int indent = 0);

}  // namespace docpipe::plugins
