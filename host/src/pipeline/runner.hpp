// Runs a resolved pipeline: worker threads read and analyze, one thread exports in input order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"
#include "loader/plugin_registry.hpp"
#include "pipeline/inputs.hpp"

namespace docpipe::host {

/// Exit codes of `docpipe`, documented in README.md.
enum ExitCode : int {
  exit_ok = 0,
  exit_documents_failed = 1,
  exit_config_error = 2,
  exit_internal_error = 3,
  exit_findings_gate = 4,
  exit_interrupted = 130,
};

class ShardWriter;
class Baseline;
struct BaselineKey;

/// Where the per-document chain (reader and analyzers) runs.
enum class Isolation {
  none,     ///< threads of this process: fastest, but a crashing, exiting or stuck plugin takes the run with it
  process,  ///< a pool of forked worker processes: such a plugin fails only its document
};

struct RunOptions {
  int jobs = 1;
  Isolation isolation = Isolation::none;
  double timeout = 60;           ///< seconds per document (process isolation; 0 = none)
  std::uint64_t max_memory = 0;  ///< bytes per worker process (process isolation; 0 = none)
  std::string output_dir;
  bool progress = false;  ///< draw a progress line on stderr
  bool quiet = false;     ///< no summary line
  ShardWriter* shard = nullptr;  ///< also write the lossless document stream of a shard
  Baseline* baseline = nullptr;  ///< drop the findings it holds before exporting
  std::vector<BaselineKey>* record = nullptr;  ///< collect every finding's baseline key
};

struct RunResult {
  std::uint64_t documents = 0;
  std::uint64_t failed = 0;
  std::uint64_t bytes = 0;
  std::uint64_t suppressed = 0;  ///< findings silenced by docpipe-disable comments
  std::uint64_t baselined = 0;   ///< findings dropped because the baseline holds them
  double seconds = 0;
  int exit_code = exit_ok;
};

/// The reader stage that reads path with the given media type (nullptr when none would).
const StageConfig* reader_stage_for(const PipelineConfig& config, const std::string& path, const std::string& media);

/// The id of the reader stage that would read the file at path ("" when none would), from its
/// extension or, failing that, its first bytes: the walk's claim (WalkOptions::claim).
std::string reader_claiming(const PipelineConfig& config, const std::string& path);

/// Runs config over items. Never throws for a bad document or plugin; throws ConfigError when a
/// stage refuses its options at construction, before any document is read.
RunResult run_pipeline(const PipelineConfig& config, const PluginRegistry& registry,
                       const std::vector<InputItem>& items, const RunOptions& options);

/// A pipeline kept ready for one input at a time (the language server): plugins stay loaded and
/// the stages are built once, here; with process isolation each input is read and analyzed in a
/// worker process forked from them (as run_pipeline's workers are), so a crashing, hanging or
/// memory-hungry plugin fails only that input. Exporters are not run.
class ResidentPipeline {
 public:
  /// Throws ConfigError when a stage refuses its options. config and registry must outlive it.
  ResidentPipeline(const PipelineConfig& config, const PluginRegistry& registry, const RunOptions& options);
  ~ResidentPipeline();
  ResidentPipeline(const ResidentPipeline&) = delete;
  ResidentPipeline& operator=(const ResidentPipeline&) = delete;

  /// The documents of item (its text when set), suppression comments and [rules] applied; a
  /// failing stage or worker gives a failed document. nullopt when cancelled() turned true
  /// first (polled every few milliseconds; the worker is killed).
  std::optional<std::vector<Document>> process(const InputItem& item, const std::function<bool()>& cancelled = {});

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace docpipe::host
