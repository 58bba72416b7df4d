#include "pipeline/shard.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <queue>

#include <spdlog/spdlog.h>

#include "host_config.hpp"
#include "log/stage_logger.hpp"
#include "pipeline/output_marker.hpp"
#include "pipeline/runner.hpp"

namespace docpipe::host {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {
constexpr const char* manifest_name = "manifest.json";
constexpr const char* stream_name = "documents.jsonl";

bool parse_u64(std::string_view s, std::uint64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

Json engine_ids() {
  Json j = Json::object();
  for (const char* var : {"SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "DOCPIPE_DASK_KEY"})
    if (const char* v = std::getenv(var)) j[var] = v;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) j["host"] = host;
  return j;
}

Json run_info_json(const RunInfo& r) {
  Json stages = Json::array();
  for (const auto& s : r.stages)
    stages.push_back({{"id", s.id}, {"plugin", s.plugin}, {"version", s.version}, {"kind", to_string(s.kind)}});
  return {{"docpipe_version", r.docpipe_version}, {"pipeline_hash", r.pipeline_hash}, {"pipeline", r.pipeline_path},
          {"started_at", r.started_at}, {"stages", stages}};
}
}  // namespace

std::string ShardSpec::dir_name() const {
  return "part-" + std::to_string(index) + "-of-" + std::to_string(count);
}

ShardSpec parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  ShardSpec s;
  if (slash == std::string::npos || !parse_u64(std::string_view(text).substr(0, slash), s.index) ||
      !parse_u64(std::string_view(text).substr(slash + 1), s.count) || s.count == 0 || s.index >= s.count)
    throw ConfigError({"command line: --shard " + text + ": expected K/N with 0 <= K < N, e.g. --shard 0/4"});
  return s;
}

ShardWriter::ShardWriter(ShardSpec spec, std::string dir, const PipelineConfig& config)
    : spec_(spec), dir_(std::move(dir)) {
  manifest_["shard"] = spec_.index;
  manifest_["shards"] = spec_.count;
  manifest_["docpipe_version"] = DOCPIPE_VERSION_STRING;
  manifest_["pipeline_hash"] = pipeline_hash(config);
  Json exporters = Json::array();
  for (const auto& s : config.exporters)
    exporters.push_back({{"id", s.id}, {"plugin", s.plugin}, {"options", encode_value(Value(s.options.values()))}});
  manifest_["exporters"] = std::move(exporters);
}

void ShardWriter::begin(const RunInfo& run) {
  manifest_["run"] = run_info_json(run);
  stream_ = std::make_unique<AtomicFile>(join_path(dir_, stream_name));
}

void ShardWriter::write(const Document& doc, DocumentOrder order) {
  stream_->write(encode_document(doc, order).dump(-1, ' ', false, Json::error_handler_t::replace));
  stream_->write("\n");
}

void ShardWriter::finish(bool completed, std::uint64_t documents, std::uint64_t failed, std::uint64_t bytes,
                         double seconds) {
  if (completed && stream_) stream_->commit();
  stream_.reset();
  manifest_["status"] = completed ? "completed" : "failed";
  manifest_["documents"] = documents;
  manifest_["failed"] = failed;
  manifest_["bytes"] = bytes;
  manifest_["seconds"] = seconds;
  manifest_["records"] = {{stream_name, completed ? documents : 0}};
  manifest_["engine"] = engine_ids();
  AtomicFile out(join_path(dir_, manifest_name));
  out.write(manifest_.dump(2) + "\n");
  out.commit();
}

namespace {

struct ShardInput {
  Json manifest;
  std::ifstream stream;
  Document doc;
  DocumentOrder order;
  bool has = false;
  std::string name;
  std::uint64_t line = 0;

  void next() {
    std::string text;
    has = false;
    while (std::getline(stream, text)) {
      ++line;
      if (text.empty()) continue;
      try {
        doc = decode_document(Json::parse(text), order);
      } catch (const std::exception& e) {
        throw Error(name + "/" + stream_name + ":" + std::to_string(line) + ": " + e.what());
      }
      has = true;
      return;
    }
  }
};

}  // namespace

int merge_shards(const std::string& dir, const std::string& output_dir, const PluginRegistry& registry, bool quiet) {
  std::vector<std::string> errors;
  std::map<std::uint64_t, fs::path> parts;
  std::uint64_t count = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    std::uint64_t k = 0, n = 0;
    const auto of = name.find("-of-");
    if (name.rfind("part-", 0) != 0 || of == std::string::npos || !parse_u64(name.substr(5, of - 5), k) ||
        !parse_u64(name.substr(of + 4), n))
      continue;
    if (count != 0 && n != count)
      errors.push_back(dir + ": " + name + " belongs to a run with " + std::to_string(n) + " shards, others to " +
                       std::to_string(count));
    count = std::max(count, n);
    if (!parts.emplace(k, entry.path()).second) errors.push_back(dir + ": shard " + std::to_string(k) + " appears twice");
  }
  if (ec) throw ConfigError({dir + ": cannot read: " + ec.message()});
  if (parts.empty()) throw ConfigError({dir + ": no part-K-of-N shard directories found"});

  std::vector<std::unique_ptr<ShardInput>> inputs;
  for (std::uint64_t k = 0; k < count; ++k) {
    auto it = parts.find(k);
    const std::string name = ShardSpec{k, count}.dir_name();
    if (it == parts.end()) {
      errors.push_back(dir + ": shard " + std::to_string(k) + " of " + std::to_string(count) + " is missing (" + name +
                       "); run it with --shard " + std::to_string(k) + "/" + std::to_string(count));
      continue;
    }
    auto in = std::make_unique<ShardInput>();
    in->name = (fs::path(dir) / name).string();
    try {
      std::ifstream f(it->second / manifest_name);
      if (!f) throw Error("no " + std::string(manifest_name) + " (the shard did not finish)");
      in->manifest = Json::parse(f);
      if (in->manifest.at("shard").get<std::uint64_t>() != k || in->manifest.at("shards").get<std::uint64_t>() != count)
        throw Error("its manifest says shard " + in->manifest.at("shard").dump() + " of " + in->manifest.at("shards").dump());
      if (in->manifest.at("status") != "completed")
        throw Error("the shard failed (status " + in->manifest.at("status").dump() + "); rerun it with --shard " +
                    std::to_string(k) + "/" + std::to_string(count));
      if (!inputs.empty() && in->manifest.at("pipeline_hash") != inputs.front()->manifest.at("pipeline_hash"))
        throw Error("pipeline hash " + in->manifest.at("pipeline_hash").dump() + " differs from shard 0's " +
                    inputs.front()->manifest.at("pipeline_hash").dump() + ": shards of different pipelines");
      in->stream.open(it->second / stream_name);
      if (!in->stream) throw Error("no " + std::string(stream_name));
    } catch (const std::exception& e) {
      errors.push_back(in->name + ": " + e.what());
      continue;
    }
    inputs.push_back(std::move(in));
  }
  if (!errors.empty()) throw ConfigError(errors);

  // The exporters the shards ran, rebuilt from the manifest and checked against the plugins found.
  const Json& first = inputs.front()->manifest;
  PipelineConfig config;
  config.file = first.at("run").at("pipeline").get<std::string>();
  for (const auto& e : first.at("exporters")) {
    StageConfig s;
    s.kind = Kind::exporter;
    s.id = e.at("id").get<std::string>();
    s.plugin = e.at("plugin").get<std::string>();
    s.origin = s.plugin_origin = Origin{};
    for (const auto& [k, v] : e.at("options").items()) s.raw_options[k] = RawOption{decode_value(v), Origin{}};
    config.exporters.push_back(std::move(s));
  }
  for (auto& s : config.exporters) {
    s.component = registry.find(s.plugin);
    if (s.component == nullptr || s.component->info.kind != Kind::exporter)
      errors.push_back("merge: exporter plugin '" + s.plugin + "' used by the shards is not on the plugin path");
    else
      s.options = validate_options(s.component->info, s.id, s.raw_options, s.origin, errors);
  }
  if (!errors.empty()) throw ConfigError(errors);

  RunInfo info;
  const Json& run = first.at("run");
  info.docpipe_version = run.at("docpipe_version").get<std::string>();
  info.pipeline_hash = run.at("pipeline_hash").get<std::string>();
  info.pipeline_path = run.at("pipeline").get<std::string>();
  info.output_dir = output_dir;
  info.started_at = run.at("started_at").get<std::string>();
  for (const auto& in : inputs) info.started_at = std::min(info.started_at, in->manifest.at("run").at("started_at").get<std::string>());
  for (const auto& s : run.at("stages")) {
    const std::string kind = s.at("kind").get<std::string>();
    info.stages.push_back({s.at("id").get<std::string>(), s.at("plugin").get<std::string>(),
                           s.at("version").get<std::string>(),
                           kind == "reader" ? Kind::reader : kind == "exporter" ? Kind::exporter : Kind::analyzer});
  }

  std::vector<std::unique_ptr<StageLogger>> loggers;
  std::vector<std::unique_ptr<StageContext>> contexts;
  std::vector<Instance<Exporter>> exporters;
  for (const auto& s : config.exporters) {
    loggers.push_back(std::make_unique<StageLogger>(s.id));
    contexts.push_back(std::make_unique<StageContext>(StageContext{s.id, s.options, *loggers.back()}));
    exporters.push_back(registry.make_exporter(*s.component, *contexts.back()));
  }
  fs::create_directories(output_dir, ec);
  RunSummary summary;
  try {
    write_output_marker(output_dir, first.at("pipeline_hash").get<std::string>());
  } catch (const std::exception& e) {
    spdlog::error("merge failed: {}", e.what());
    return exit_internal_error;
  }
  for (const auto& in : inputs) {
    summary.bytes += in->manifest.at("bytes").get<std::uint64_t>();
    summary.seconds = std::max(summary.seconds, in->manifest.at("seconds").get<double>());
  }
  try {
    for (auto& e : exporters) e->begin(info);
    for (auto& in : inputs) in->next();
    // K-way merge by the unsharded run's order; each shard's stream is already in that order.
    for (;;) {
      ShardInput* best = nullptr;
      for (auto& in : inputs)
        if (in->has && (best == nullptr || in->order < best->order)) best = in.get();
      if (best == nullptr) break;
      ++summary.documents;
      if (best->doc.failed) ++summary.failed;
      for (auto& e : exporters) e->write(best->doc);
      best->next();
    }
    for (auto& e : exporters) e->finish(summary);
  } catch (const std::exception& e) {
    spdlog::error("merge failed: {}", e.what());
    return exit_internal_error;
  }
  if (!quiet)
    std::fprintf(stderr, "docpipe: merged %zu shards: %llu documents, %llu failed; output in %s\n", inputs.size(),
                 static_cast<unsigned long long>(summary.documents), static_cast<unsigned long long>(summary.failed),
                 output_dir.c_str());
  return summary.failed > 0 ? exit_documents_failed : exit_ok;
}

}  // namespace docpipe::host
