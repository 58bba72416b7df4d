#include "pipeline/output_marker.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "docpipe/atomic_file.hpp"
#include "host_config.hpp"

namespace docpipe::host {

namespace {
// The first line identifies the marker; a file of that name with other content is an ordinary file.
constexpr std::string_view signature = "docpipe-output 1\n";

bool has(const std::vector<std::string>& entries, std::string_view name) {
  return std::find(entries.begin(), entries.end(), name) != entries.end();
}

bool is_marker(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(signature.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == static_cast<std::streamsize>(signature.size()) && head == signature;
}

/// A part-K-of-N manifest as ShardWriter writes it (see shard.cpp).
bool is_shard_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() && j.contains("shards") && j.contains("pipeline_hash") && j.contains("exporters");
}
}  // namespace

void write_output_marker(const std::string& dir, const std::string& pipeline_hash) {
  AtomicFile out(join_path(dir, output_marker_name));
  out.write(signature);
  out.write("This folder holds the outputs of a docpipe run. docpipe's input walk skips every folder\n"
            "holding this file, so outputs are never read back as documents (docs/inputs.md).\n");
  out.write("docpipe_version " + std::string(DOCPIPE_VERSION_STRING) + "\npipeline_hash " + pipeline_hash + "\n");
  out.commit();
}

std::string output_evidence(const std::string& dir, const std::vector<std::string>& entries) {
  const std::string marker(output_marker_name);
  if (has(entries, marker) && is_marker(join_path(dir, marker))) return marker;
  if (has(entries, "manifest.json") && is_shard_manifest(join_path(dir, "manifest.json"))) return "manifest.json";
  return {};
}

}  // namespace docpipe::host
