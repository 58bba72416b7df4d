#include "config/rules.hpp"

#include <algorithm>

namespace docpipe::host {

std::string rule_id(const Finding& f) { return f.stage + "/" + f.category; }

std::vector<RuleEntry> pipeline_rules(const PipelineConfig& config) {
  std::vector<RuleEntry> out;
  for (const auto& s : config.analyzers) {
    if (s.component == nullptr) continue;
    for (const auto& r : s.component->rules)
      out.push_back({s.id + "/" + r.category, s.id, r.category, r.severity, r.summary});
  }
  out.push_back({std::string(host_stage) + "/" + std::string(unknown_rule_category), std::string(host_stage),
                 std::string(unknown_rule_category), Severity::warning,
                 "A docpipe-disable/enable comment names a rule this pipeline cannot emit"});
  return out;
}

bool rules_unchecked(const PipelineConfig& config, const std::string& stage) {
  return std::any_of(config.analyzers.begin(), config.analyzers.end(), [&](const StageConfig& s) {
    return s.id == stage && s.component != nullptr && !s.component->rules_declared;
  });
}

bool level_valid(const std::string& level) {
  return level == "off" || level == "info" || level == "warning" || level == "error";
}

std::optional<Severity> parse_level(const std::string& level) {
  if (level == "info") return Severity::info;
  if (level == "warning") return Severity::warning;
  if (level == "error") return Severity::error;
  return std::nullopt;
}

std::string unknown_rule_message(const PipelineConfig& config, const std::string& id) {
  const auto slash = id.find('/');
  if (slash != std::string::npos && rules_unchecked(config, id.substr(0, slash))) return {};
  std::vector<std::string> ids;
  for (const auto& r : pipeline_rules(config)) {
    if (r.id == id) return {};
    ids.push_back(r.id);
  }
  const std::string hint = closest_match(id, ids);
  return "unknown rule '" + id + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
         " (see `docpipe validate` for this pipeline's rules)";
}

void check_rule_ids(const PipelineConfig& config, std::vector<std::string>& errors) {
  for (const auto& [id, setting] : config.rules)
    if (std::string why = unknown_rule_message(config, id); !why.empty())
      errors.push_back(setting.origin.str() + ": " + why);
}

void apply_rule_override(PipelineConfig& config, const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string id = assignment.substr(0, eq);
  const std::string level = eq == std::string::npos ? "" : assignment.substr(eq + 1);
  if (eq == std::string::npos || id.find('/') == std::string::npos || !level_valid(level))
    throw ConfigError({"command line: --rule " + assignment +
                       ": expected STAGE/category=LEVEL with LEVEL off, info, warning or error"});
  config.rules[id] = RuleSetting{level, Origin{}};
}

RuleTable::RuleTable(const PipelineConfig& config) {
  for (const auto& [id, setting] : config.rules) settings_.emplace_back(id, parse_level(setting.level));
}

bool RuleTable::apply(Finding& f) const {
  if (settings_.empty()) return true;
  const std::string id = rule_id(f);
  for (const auto& [rule, level] : settings_) {
    if (rule != id) continue;
    if (!level) return false;
    f.severity = *level;
  }
  return true;
}

}  // namespace docpipe::host
