// Reader for Word documents (.docx, Office Open XML) via libzip and pugixml: paragraphs with their
// styles, lists, tables, hyperlinks, footnotes and core properties.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "docpipe/plugin.hpp"
#include "zip_archive.hpp"

namespace docpipe::plugins {

/// Reads .docx files into one document. DOCX has no lines, so positions are paragraph numbers:
/// every block annotation (paragraph, heading, title, list_item, table_cell) carries a feature
/// "source_paragraph", the 1-based ordinal of its first <w:p> in word/document.xml.
class DocxReader : public Reader {
 public:
  /// The options the reader declares: max_bytes, max_entries, max_uncompressed_bytes, footnotes.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options from ctx; throws docpipe::Error when one is out of range.
  explicit DocxReader(const StageContext& ctx);

  /// Appends exactly one document; throws docpipe::Error for corrupt, encrypted or oversized input.
  void read(const Input& input, std::vector<Document>& out) override;

 private:
  std::string stage_id_;
  std::uint64_t max_bytes_;
  ZipLimits limits_;
  bool footnotes_;
};

}  // namespace docpipe::plugins
