// Reader for PDF via poppler-cpp: text per page in reading order, with hyphenated line breaks
// joined, headings guessed from font sizes and running headers/footers marked as boilerplate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "docpipe/plugin.hpp"

namespace docpipe::plugins {

/// Reads .pdf files into one document with page, title, heading, paragraph and boilerplate
/// annotations; the source map records the page of every text offset.
class PdfReader : public Reader {
 public:
  /// The options the reader declares: max_bytes, max_pages, allow_encrypted, join_hyphens,
  /// running_min_pages.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options from ctx; throws docpipe::Error when one is out of range.
  explicit PdfReader(const StageContext& ctx);

  /// Appends exactly one document; throws docpipe::Error for corrupt, truncated, encrypted or
  /// oversized input.
  void read(const Input& input, std::vector<Document>& out) override;

 private:
  std::string stage_id_;
  std::uint64_t max_bytes_;
  std::int64_t max_pages_;
  std::int64_t running_min_pages_;
  bool allow_encrypted_;
  bool join_hyphens_;
};

}  // namespace docpipe::plugins
