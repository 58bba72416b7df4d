// How a command finds, reads and resolves its pipeline: run, baseline and validate from the
// current folder, the language server from each open file's folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"
#include "loader/plugin_registry.hpp"

namespace docpipe::host {

struct GlobalOptions {
  std::vector<std::string> plugin_paths;
  int verbosity = 0;
  bool quiet = false;
};

/// What run, validate and baseline take besides the pipeline: --set, --exporter, --rule.
struct Overrides {
  std::vector<std::string> sets;
  std::vector<std::string> exporters;
  std::vector<std::string> rules;
};

/// The named pipeline file; without one, the project's docpipe.toml found from the current
/// folder up, else the built-in default. Says on stderr which one was found unless quiet.
PipelineConfig read_pipeline(const std::string& path, const GlobalOptions& g);

/// Loads only the libraries the pipeline uses: those providing a reader (any may be chosen per
/// file) or a named stage. The others are probed in child processes, so a broken one is reported,
/// never fatal. When a named plugin is found nowhere, every healthy library is loaded so the
/// error can suggest the closest name.
void discover_used(PluginRegistry& registry, const std::vector<std::filesystem::path>& dirs,
                   const PipelineConfig& config);

/// Every healthy library on the path, each probed in a child process first.
void discover_all(PluginRegistry& registry, const std::vector<std::filesystem::path>& dirs);

/// Applies the overrides, discovers plugins on the full search path and resolves every stage;
/// without_exporters for `baseline` and the language server, which keep findings instead of
/// exporting them. Throws ConfigError.
void prepare_pipeline(PipelineConfig& config, const Overrides& o, const GlobalOptions& g, PluginRegistry& registry,
                      bool without_exporters);

/// read_pipeline, then prepare_pipeline.
PipelineConfig load_pipeline(const std::string& path, const Overrides& o, const GlobalOptions& g,
                             PluginRegistry& registry, bool without_exporters = false);

}  // namespace docpipe::host
