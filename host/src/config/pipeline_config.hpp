// The pipeline file: parsed, resolved against the plugins found, and checked before any document
// is read. Every problem is reported as file:line:column with what was expected.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "docpipe/options.hpp"
#include "docpipe/plugin.hpp"
#include "loader/plugin_registry.hpp"

namespace docpipe::host {

/// Where something was written: a file position, or "command line".
struct Origin {
  std::string file;  ///< empty for the command line
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string str() const;
};

/// A raw option value as written, with where it was written.
struct RawOption {
  Value value;
  Origin origin;
};

/// One analyzer or exporter stage, or the options of one reader.
struct StageConfig {
  std::string id;
  std::string plugin;
  Kind kind = Kind::analyzer;
  Origin origin;         ///< of the stage table
  Origin plugin_origin;  ///< of its plugin = line
  std::map<std::string, RawOption> raw_options;
  // Filled by resolve():
  const Component* component = nullptr;
  Options options;
};

/// A [rules] entry or --rule: "off", "info", "warning" or "error", and where it was written.
struct RuleSetting {
  std::string level;
  Origin origin;
};

/// Everything a run needs, with paths already resolved.
struct PipelineConfig {
  std::filesystem::path file;
  std::vector<std::string> inputs;  ///< as resolved: relative to the pipeline file
  std::vector<std::string> exclude; ///< fnmatch patterns over document ids
  std::string output;
  std::string reader = "auto";
  Origin reader_origin;
  std::string on_error = "skip";
  int jobs = 0;
  std::uint64_t max_bytes = 256ull << 20;
  /// A document whose full encoding exceeds this many times its input (+ 1 MiB) fails: see
  /// docs/inputs.md for how 64 was chosen.
  double max_output_ratio = 64;
  bool allow_outside_output = false;  ///< exporter files may be absolute or climb out with ".."
  std::string isolation;        ///< "process", "none" or "" (the command's default: process for run)
  double timeout = 60;          ///< seconds per document under process isolation; 0 = none
  std::uint64_t max_memory = 0; ///< bytes per worker process under process isolation; 0 = none
  std::vector<std::string> plugin_paths;
  std::vector<StageConfig> readers;  ///< options per reader plugin ([readers.NAME])
  std::vector<StageConfig> analyzers;
  std::vector<StageConfig> exporters;
  std::map<std::string, RuleSetting> rules;  ///< rule id -> level ([rules], merged over extends)
  bool exporters_optional = false;  ///< `docpipe baseline` records findings instead of exporting
  /// Readers a document may go to: the forced one or every reader found.
  std::vector<const Component*> reader_candidates;
};

/// One or more configuration errors, each already formatted as "origin: message".
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> errors);
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

/// What the first argument of `docpipe run ARG [MORE...]` names.
enum class FirstArgument {
  pipeline,  ///< a pipeline file: a name ending in .toml, or an existing file without extension that parses as TOML
  input,     ///< a document, folder, glob pattern or - (stdin): run the discovered pipeline over it
  neither,   ///< no such file or folder, not a .toml name and not a glob pattern
};
/// Classifies ARG (relative to the current folder) for `docpipe run` and `docpipe baseline`.
FirstArgument classify_first_argument(const std::string& arg);

/// Reads and checks the syntax and shape of a pipeline file, merged over the files it `extends`
/// (paths relative to the extending file; stages merge by id). Throws ConfigError.
PipelineConfig parse_pipeline_file(const std::filesystem::path& file);

/// Parses a pipeline given as text, as if it were the file `file` (for paths and messages).
PipelineConfig parse_pipeline_text(const std::string& text, const std::filesystem::path& file);

/// Replaces the file's exporters with the named plugins (stage id = plugin name): `--exporter`.
void replace_exporters(PipelineConfig& config, const std::vector<std::string>& names);

/// Applies a `stage.option=value` override from the command line; STAGE is a stage id or a
/// reader's name. Throws ConfigError.
void apply_override(PipelineConfig& config, const std::string& assignment, const PluginRegistry& registry);

/// Checks every stage against the plugins found: names, options, types, required annotation types.
/// Fills StageConfig::component and ::options. Throws ConfigError listing every problem.
void resolve(PipelineConfig& config, const PluginRegistry& registry);

/// Validates raw options against a component's declared specs, filling defaults.
/// Appends "origin: message" errors; returns the validated options.
Options validate_options(const ComponentInfo& info, const std::string& stage_id,
                         const std::map<std::string, RawOption>& raw, const Origin& stage_origin,
                         std::vector<std::string>& errors);

/// A size in bytes: an integer, optionally followed by K, M or G (powers of 1024); nullopt when
/// text is not one.
std::optional<std::uint64_t> parse_size(const std::string& text);

/// Stable 64-bit FNV-1a hash (hex) of the resolved stages, plugin versions and options.
std::string pipeline_hash(const PipelineConfig& config);

/// The closest of candidates to word by edit distance, or "" when none is close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace docpipe::host
