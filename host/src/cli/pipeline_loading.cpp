#include "cli/pipeline_loading.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "config/discovery.hpp"
#include "config/rules.hpp"

namespace docpipe::host {
namespace fs = std::filesystem;

PipelineConfig read_pipeline(const std::string& path, const GlobalOptions& g) {
  const fs::path from = fs::current_path();
  if (!path.empty()) return parse_pipeline_file(path);
  if (auto found = find_project_file(from)) {
    if (!g.quiet) std::fprintf(stderr, "docpipe: using %s\n", found->c_str());
    return parse_pipeline_file(*found);
  }
  if (!g.quiet)
    std::fprintf(stderr, "docpipe: no docpipe.toml here or in a parent folder; using the built-in default pipeline\n");
  return parse_pipeline_text(std::string(builtin_pipeline), from / builtin_pipeline_name);
}

void discover_used(PluginRegistry& registry, const std::vector<fs::path>& dirs, const PipelineConfig& config) {
  std::set<std::string> named;
  for (const auto* list : {&config.readers, &config.analyzers, &config.exporters})
    for (const auto& s : *list) named.insert(s.plugin);
  if (config.reader != "auto") named.insert(config.reader);
  std::set<std::string> found;
  // The probe runs once: the first pass only records what is there.
  std::vector<ProbedLibrary> probed;
  registry.discover_probed(dirs, [&](const ProbedLibrary& p) {
    probed.push_back(p);
    return false;
  });
  for (const auto& p : probed)
    for (const auto& c : p.components) found.insert(c.second);
  const bool all = std::any_of(named.begin(), named.end(), [&](const std::string& n) { return !found.count(n); });
  for (const auto& p : probed) {
    const bool used = all || std::any_of(p.components.begin(), p.components.end(), [&](const auto& c) {
                        return c.first == Kind::reader || named.count(c.second) > 0;
                      });
    if (used) registry.load(p.file);
  }
}

void discover_all(PluginRegistry& registry, const std::vector<fs::path>& dirs) {
  registry.discover_probed(dirs, [](const ProbedLibrary&) { return true; });
}

void prepare_pipeline(PipelineConfig& config, const Overrides& o, const GlobalOptions& g, PluginRegistry& registry,
                      bool without_exporters) {
  if (!o.exporters.empty()) replace_exporters(config, o.exporters);
  if (without_exporters) {
    config.exporters.clear();
    config.exporters_optional = true;
  }
  discover_used(registry, plugin_search_path(g.plugin_paths, config.plugin_paths), config);
  for (const auto& s : o.sets) apply_override(config, s, registry);
  for (const auto& r : o.rules) apply_rule_override(config, r);
  resolve(config, registry);
}

PipelineConfig load_pipeline(const std::string& path, const Overrides& o, const GlobalOptions& g,
                             PluginRegistry& registry, bool without_exporters) {
  PipelineConfig config = read_pipeline(path, g);
  prepare_pipeline(config, o, g, registry, without_exporters);
  return config;
}

}  // namespace docpipe::host
