// Reader for Markdown (CommonMark + tables) via md4c: the rendered prose, its structure, YAML
// front matter as metadata, and a source map from every text byte to its place in the .md file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "docpipe/plugin.hpp"

namespace docpipe::plugins {

/// Reads .md files into one document with title, heading, paragraph, list_item, quote, code, link
/// and table_cell annotations; block elements are separated by a blank line ("\n\n").
class MarkdownReader : public Reader {
 public:
  /// The options the reader declares: max_bytes, front_matter.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options from ctx; throws docpipe::Error when one is out of range.
  explicit MarkdownReader(const StageContext& ctx);

  /// Appends exactly one document; throws docpipe::Error for binary or oversized input.
  void read(const Input& input, std::vector<Document>& out) override;

 private:
  std::string stage_id_;
  std::uint64_t max_bytes_;
  bool front_matter_;
};

}  // namespace docpipe::plugins
