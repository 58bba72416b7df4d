// Marks page furniture (menus, bylines, update lines, captions, alt texts, cross-links, glossary
// pop-ups, reference and related lists, share / subscribe / cookie prompts, comment sections,
// footers, ads) with `boilerplate` annotations. It never edits the text, so every offset stays valid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "block_classifier.hpp"
#include "docpipe/plugin.hpp"
#include "line_frequency.hpp"

namespace docpipe::plugins {

/// A user rule: units starting with (prefix) or containing (phrase) text get reason.
struct BoilerplatePattern {
  std::string reason;
  std::string text;  ///< lower case
};

/// Everything the analyzer is configured with.
struct BoilerplateConfig {
  std::vector<std::string> reasons;  ///< enabled reasons
  std::vector<BoilerplatePattern> prefixes;
  std::vector<BoilerplatePattern> phrases;
  std::vector<std::string> reference_headings;  ///< lower case
  std::vector<std::string> related_headings;    ///< lower case
  std::vector<std::string> glossary_markers;
  boilerplate::ClassifierSettings classifier;
  bool cross_document = false;
  std::uint32_t min_repeat_documents = 3;
};

/// The `boilerplate` analyzer. One instance per worker; the cross-document table is shared.
class BoilerplateAnalyzer : public Analyzer {
 public:
  /// Every reason the built-in rules can give.
  static const std::vector<std::string>& builtin_reasons();
  /// The options it declares.
  static std::vector<OptionSpec> option_specs();
  /// Parses and checks options; throws docpipe::Error for unknown reasons or bad patterns.
  static BoilerplateConfig parse_options(const Options& options);

  /// Uses the process-wide table of ctx.stage_id for the cross-document rule.
  explicit BoilerplateAnalyzer(const StageContext& ctx);
  /// Uses table (tests give each case its own).
  BoilerplateAnalyzer(const StageContext& ctx, LineFrequencyTable& table);

  void analyze(Document& doc) override;

 private:
  std::string stage_id_;
  BoilerplateConfig config_;
  LineFrequencyTable& table_;
  Logger& log_;
};

}  // namespace docpipe::plugins
