// Rule ids (STAGE/category), the [rules] table and --rule: which findings a project wants, and at
// what severity. Checked against what each analyzer's plugin declares, before any document is read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"

namespace docpipe::host {

/// The stage id of findings docpipe itself makes (e.g. a suppression comment naming no rule).
inline constexpr std::string_view host_stage = "docpipe";
/// A suppression comment names a rule this pipeline cannot emit.
inline constexpr std::string_view unknown_rule_category = "unknown-rule";

/// One rule the resolved pipeline can emit.
struct RuleEntry {
  std::string id;        ///< STAGE/category
  std::string stage;
  std::string category;
  Severity severity = Severity::warning;  ///< as the plugin declares it
  std::string summary;
};

/// The rule id of a finding.
std::string rule_id(const Finding& f);

/// Every declared rule of the pipeline's analyzers, then docpipe's own, in stage order.
std::vector<RuleEntry> pipeline_rules(const PipelineConfig& config);

/// True when some analyzer stage's plugin declares no rules, so ids under it cannot be checked.
bool rules_unchecked(const PipelineConfig& config, const std::string& stage);

/// Checks every [rules] and --rule id against pipeline_rules; appends "origin: message" errors.
void check_rule_ids(const PipelineConfig& config, std::vector<std::string>& errors);

/// Applies `--rule ID=LEVEL` (LEVEL off, info, warning or error). Throws ConfigError.
void apply_rule_override(PipelineConfig& config, const std::string& assignment);

/// Parses a level word; nullopt for "off". Throws nothing: call level_valid first.
std::optional<Severity> parse_level(const std::string& level);
/// True for off, info, warning and error.
bool level_valid(const std::string& level);

/// Why id cannot name a rule of this pipeline, with a "did you mean"; "" when it can.
std::string unknown_rule_message(const PipelineConfig& config, const std::string& id);

/// What the runner applies to each finding: off drops it, a level replaces its severity.
class RuleTable {
 public:
  explicit RuleTable(const PipelineConfig& config);
  /// False when the finding's rule is off; otherwise sets its severity as configured.
  bool apply(Finding& f) const;

 private:
  std::vector<std::pair<std::string, std::optional<Severity>>> settings_;
};

}  // namespace docpipe::host
