// Sharded runs: `run --shard K/N` writes part-K-of-N/ (the exporters' own files, a lossless
// document stream and a manifest); `merge` checks the N manifests and replays the documents, in
// the unsharded run's order, through the same exporters, so the merged outputs equal an
// unsharded run's apart from timing fields. docs/cluster.md describes it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"
#include "docpipe/atomic_file.hpp"
#include "docpipe/plugin.hpp"
#include "pipeline/document_codec.hpp"

namespace docpipe::host {

struct ShardSpec {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
  bool active() const { return count > 1 || index > 0; }
  /// "part-K-of-N"
  std::string dir_name() const;
};

/// Parses "K/N" (0 <= K < N); throws ConfigError with what was expected.
ShardSpec parse_shard(const std::string& text);

/// Writes a shard's document stream and, at the end, its manifest.
class ShardWriter {
 public:
  ShardWriter(ShardSpec spec, std::string dir, const PipelineConfig& config);
  void begin(const RunInfo& run);
  void write(const Document& doc, DocumentOrder order);
  /// Publishes the document stream (when completed) and writes the manifest, status and counts.
  void finish(bool completed, std::uint64_t documents, std::uint64_t failed, std::uint64_t bytes, double seconds);

 private:
  ShardSpec spec_;
  std::string dir_;
  nlohmann::ordered_json manifest_;
  std::unique_ptr<AtomicFile> stream_;
};

/// Merges the shards under dir into output_dir with the exporters recorded in their manifests.
/// Returns the exit code; throws ConfigError for a missing, duplicated, failed or mismatched shard.
int merge_shards(const std::string& dir, const std::string& output_dir, const PluginRegistry& registry, bool quiet);

}  // namespace docpipe::host
