// The html reader: parses with gumbo, extracts the article (or all visible text) with structure
// annotations, metadata and a source map back to the HTML bytes.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "docpipe/plugin.hpp"

namespace docpipe::plugins::html {

/// The reader's options, validated.
struct HtmlOptions {
  std::uint64_t max_bytes = 64ull << 20;  ///< larger inputs are refused
  bool article = true;                    ///< extract = "article" (else "all")
  std::uint64_t max_depth = 512;          ///< element nesting beyond this is refused
};

/// Reads the options declared by the plugin; throws docpipe::Error on a bad value.
HtmlOptions html_options(const Options& options);

/// Parses html into doc: text, annotations, metadata and source map. Throws docpipe::Error when
/// the input is refused (too large, nested too deeply).
void read_html(std::string_view html, const HtmlOptions& options, Document& doc);

/// Reader component for .html/.htm/.xhtml and text/html.
class HtmlReader : public Reader {
 public:
  explicit HtmlReader(const StageContext& context);
  void read(const Input& input, std::vector<Document>& out) override;
  /// The options the plugin declares (max_bytes, extract, max_depth).
  static std::vector<OptionSpec> option_specs();

 private:
  HtmlOptions options_;
};

}  // namespace docpipe::plugins::html
