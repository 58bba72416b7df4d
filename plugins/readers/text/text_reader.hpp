// Reader for plain text: decodes UTF-8 / UTF-16 and, when the bytes are not UTF-8, detects their
// encoding (uchardet) and converts them (ICU); normalises line ends, and finds paragraphs,
// headings, list items and quotes by the shape of the lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "docpipe/plugin.hpp"

namespace docpipe::plugins {

/// How the lines of one block (the lines between two blank lines) become paragraphs.
enum class ParagraphMode {
  automatic,    ///< decide per block: hard-wrapped prose or one paragraph per line
  blank_lines,  ///< only blank lines separate paragraphs
  lines,        ///< every line is a paragraph
};

/// Reads .txt files into one document with paragraph, heading, title, list_item and quote annotations.
class TextReader : public Reader {
 public:
  /// The options the reader declares: max_bytes, heading_max_words, paragraphs, encoding.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options from ctx; throws docpipe::Error when one is out of range.
  explicit TextReader(const StageContext& ctx);

  /// Appends exactly one document; throws docpipe::Error for binary or oversized input.
  void read(const Input& input, std::vector<Document>& out) override;

 private:
  std::string stage_id_;
  Logger& log_;
  std::uint64_t max_bytes_;
  std::size_t heading_max_words_;
  ParagraphMode mode_;
  std::string encoding_;  // "auto", "utf-8" or an encoding name ICU knows
};

}  // namespace docpipe::plugins
