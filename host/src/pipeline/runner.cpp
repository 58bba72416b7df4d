#include "pipeline/runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "config/rules.hpp"
#include "host_config.hpp"
#include "log/stage_logger.hpp"
#include "pipeline/baseline.hpp"
#include "pipeline/output_guard.hpp"
#include "pipeline/shard.hpp"
#include "pipeline/suppression.hpp"

namespace docpipe::host {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> interrupted{false};
extern "C" void on_signal(int) { interrupted = true; }

/// A configured stage with storage that outlives every instance made from it.
struct StageRuntime {
  const StageConfig* config;
  std::unique_ptr<StageLogger> logger;
  std::unique_ptr<StageContext> context;
};

std::unique_ptr<StageRuntime> make_runtime(const StageConfig& s) {
  auto rt = std::make_unique<StageRuntime>();
  rt->config = &s;
  rt->logger = std::make_unique<StageLogger>(s.id);
  rt->context = std::make_unique<StageContext>(StageContext{s.id, s.options, *rt->logger});
  return rt;
}

/// Copies an in-flight exception's text while the library that threw it is still loaded.
std::string current_exception_text() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

Document failed_document(const InputItem& item, const std::string& stage, const std::string& message) {
  Document d;
  d.id = item.id;
  d.source_uri = item.path;
  d.failed = true;
  d.diagnostics.push_back({Severity::error, stage, message});
  return d;
}

void stamp(Document& d, std::size_t findings_from, std::size_t diagnostics_from, const std::string& stage) {
  for (std::size_t i = findings_from; i < d.findings.size(); ++i)
    if (d.findings[i].stage.empty()) d.findings[i].stage = stage;
  for (std::size_t i = diagnostics_from; i < d.diagnostics.size(); ++i)
    if (d.diagnostics[i].stage.empty()) d.diagnostics[i].stage = stage;
}

}  // namespace

const StageConfig* reader_stage_for(const PipelineConfig& config, const std::string& path, const std::string& media) {
  std::vector<const StageConfig*> readers;  // in the order of reader_candidates, as Pipeline holds them
  for (const Component* c : config.reader_candidates)
    for (const auto& s : config.readers)
      if (s.component == c) readers.push_back(&s);
  if (readers.size() == 1 && config.reader != "auto") return readers.front();
  const std::string ext = extension_of(path);
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  if (!ext.empty())
    for (const StageConfig* s : readers)
      if (has(s->component->info.extensions, ext)) return s;
  for (const StageConfig* s : readers)
    if (has(s->component->info.media_types, media)) return s;
  return nullptr;
}

std::string reader_claiming(const PipelineConfig& config, const std::string& path) {
  // The extension decides without opening the file; only then are the first bytes sniffed.
  const StageConfig* s = reader_stage_for(config, path, "");
  if (s == nullptr) s = reader_stage_for(config, path, sniff_media_type(path, read_head(path, 1024)));
  return s == nullptr ? std::string() : s->id;
}

namespace {

class Pipeline {
 public:
  Pipeline(const PipelineConfig& config, const PluginRegistry& registry)
      : config_(config), registry_(registry), rules_(config) {
    for (const auto& r : pipeline_rules(config)) known_rules_.insert(r.id);
    for (const Component* c : config.reader_candidates)
      for (const auto& s : config.readers)
        if (s.component == c) readers_.push_back(make_runtime(s));
    for (const auto& s : config.analyzers) analyzers_.push_back(make_runtime(s));
  }

  /// Per-thread instances; plugins need not be thread-safe.
  struct Worker {
    std::vector<Instance<Reader>> readers;  // parallel to readers_, made on first use
    std::vector<Instance<Analyzer>> analyzers;
  };

  /// Makes a worker's analyzers (and, when eager, its readers) now; throws on a refusing stage.
  Worker make_worker(bool eager) const {
    Worker w;
    w.readers.resize(readers_.size());
    if (eager)
      for (std::size_t i = 0; i < readers_.size(); ++i) {
        // Turned into a ConfigError here: the plugin's exception must not outlive its library.
        try {
          w.readers[i] = make_reader(i);
        } catch (...) {
          throw ConfigError({readers_[i]->config->origin.str() + ": reader '" + readers_[i]->config->id +
                             "' refused its options: " + current_exception_text()});
        }
      }
    for (const auto& a : analyzers_) {
      try {
        w.analyzers.push_back(registry_.make_analyzer(*a->config->component, *a->context));
      } catch (...) {
        throw ConfigError({a->config->origin.str() + ": stage '" + a->config->id + "' refused its options: " +
                           current_exception_text()});
      }
    }
    return w;
  }

  std::vector<Document> process(Worker& w, const InputItem& item, std::uint64_t& bytes) const {
    std::vector<Document> docs;
    if (!item.error.empty()) {
      docs.push_back(failed_document(item, "input", item.path + ": " + item.error));
      return docs;
    }
    std::string data;
    try {
      data = read_input(item.path, config_.max_bytes);
    } catch (...) {
      docs.push_back(failed_document(item, "input", current_exception_text()));
      return docs;
    }
    bytes += data.size();
    const std::string media = sniff_media_type(item.path, data);
    const std::optional<std::size_t> r = choose_reader(item.path, media);
    if (!r) {
      std::string names;
      for (const auto& rt : readers_) names += (names.empty() ? "" : ", ") + rt->config->id;
      docs.push_back(failed_document(item, "input", item.path + ": no reader for this file (media type " + media +
                                                        "); readers available: " + names));
      return docs;
    }
    const std::string& reader_id = readers_[*r]->config->id;
    const std::vector<Directive> directives = directives_in(readers_[*r]->config->component->info, data);
    try {
      if (!w.readers[*r]) w.readers[*r] = make_reader(*r);
      w.readers[*r]->read(Input{item.id, item.path, data, media}, docs);
    } catch (...) {
      docs.clear();
      docs.push_back(failed_document(item, reader_id, current_exception_text()));
      return docs;
    }
    if (docs.empty()) docs.push_back(failed_document(item, reader_id, item.path + ": the reader produced no document"));
    for (std::size_t i = 0; i < docs.size(); ++i) {
      Document& d = docs[i];
      if (d.id.empty()) d.id = docs.size() > 1 ? item.id + "#" + std::to_string(i + 1) : item.id;
      if (d.source_uri.empty()) d.source_uri = item.path;
      if (d.media_type.empty()) d.media_type = media;
      stamp(d, 0, 0, reader_id);
      if (d.failed) continue;
      for (std::size_t a = 0; a < analyzers_.size(); ++a) {
        const std::size_t nf = d.findings.size(), nd = d.diagnostics.size();
        const std::string& id = analyzers_[a]->config->id;
        try {
          w.analyzers[a]->analyze(d);
          stamp(d, nf, nd, id);
        } catch (...) {
          stamp(d, nf, nd, id);
          d.failed = true;
          d.diagnostics.push_back({Severity::error, id, "stage '" + id + "' failed: " + current_exception_text()});
          break;
        }
      }
      apply_rules(d);
      if (!directives.empty()) {
        const std::size_t suppressed = apply_directives(d, directives, [&](const std::string& id) {
          return known_rules_.count(id) > 0 || unchecked(id);
        });
        apply_rules(d);  // the comments' own findings obey [rules] too
        if (suppressed > 0) d.stage_metrics(host_stage).set("suppressed", suppressed);
      }
      guard_output_size(d, data.size(), config_.max_output_ratio);
    }
    return docs;
  }

  const std::vector<std::unique_ptr<StageRuntime>>& readers() const { return readers_; }

 private:
  // Markdown and HTML carry the comments as <!-- -->; plain text as lines; binary formats none.
  static std::vector<Directive> directives_in(const ComponentInfo& reader, std::string_view data) {
    auto handles = [&](std::string_view m) {
      return std::find(reader.media_types.begin(), reader.media_types.end(), m) != reader.media_types.end();
    };
    if (handles("text/markdown") || handles("text/html") || handles("application/xhtml+xml"))
      return find_directives(data, true);
    if (handles("text/plain")) return find_directives(data, false);
    return {};
  }

  bool unchecked(const std::string& id) const {
    const auto slash = id.find('/');
    return slash != std::string::npos && rules_unchecked(config_, id.substr(0, slash));
  }

  /// Drops findings whose rule is off and re-levels the rest, as [rules] and --rule say.
  void apply_rules(Document& d) const {
    std::vector<Finding> kept;
    kept.reserve(d.findings.size());
    for (Finding& f : d.findings) {
      if (rules_.apply(f)) kept.push_back(std::move(f));
    }
    d.findings = std::move(kept);
  }

  Instance<Reader> make_reader(std::size_t i) const {
    return registry_.make_reader(*readers_[i]->config->component, *readers_[i]->context);
  }

  std::optional<std::size_t> choose_reader(const std::string& path, const std::string& media) const {
    const StageConfig* chosen = reader_stage_for(config_, path, media);
    for (std::size_t i = 0; i < readers_.size(); ++i)
      if (readers_[i]->config == chosen) return i;
    return std::nullopt;
  }

  const PipelineConfig& config_;
  const PluginRegistry& registry_;
  RuleTable rules_;
  std::set<std::string> known_rules_;
  std::vector<std::unique_ptr<StageRuntime>> readers_;
  std::vector<std::unique_ptr<StageRuntime>> analyzers_;
};

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Results handed from workers to the exporting thread, at most `window` in flight.
class OrderedQueue {
 public:
  explicit OrderedQueue(std::size_t window) : slots_(window) {}

  /// Blocks until index may be produced (within the window) or the run stops.
  bool wait_for_turn(std::size_t index) {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return stopped_ || index < next_out_ + slots_.size(); });
    return !stopped_;
  }
  void put(std::size_t index, std::vector<Document> docs) {
    {
      std::lock_guard lock(m_);
      slots_[index % slots_.size()] = std::move(docs);
    }
    cv_.notify_all();
  }
  /// Blocks for the next result in order; nullopt when stopped or timed out (to redraw progress).
  std::optional<std::vector<Document>> take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_);
    auto& slot = slots_[next_out_ % slots_.size()];
    if (!cv_.wait_for(lock, timeout, [&] { return stopped_ || slot.has_value(); }) || stopped_) return std::nullopt;
    std::optional<std::vector<Document>> out = std::move(slot);
    slot.reset();
    ++next_out_;
    lock.unlock();
    cv_.notify_all();
    return out;
  }
  void stop() {
    {
      std::lock_guard lock(m_);
      stopped_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::optional<std::vector<Document>>> slots_;
  std::size_t next_out_ = 0;
  bool stopped_ = false;
};

void draw_progress(std::uint64_t done, std::uint64_t total, std::uint64_t bytes, double seconds) {
  const double mbps = seconds > 0 ? bytes / 1e6 / seconds : 0;
  const double eta = done > 0 ? seconds * static_cast<double>(total - done) / static_cast<double>(done) : 0;
  std::fprintf(stderr, "\r\033[K%llu/%llu documents  %.1f MB/s  ETA %.0fs", static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total), mbps, eta);
  std::fflush(stderr);
}

}  // namespace

RunResult run_pipeline(const PipelineConfig& config, const PluginRegistry& registry,
                       const std::vector<InputItem>& items, const RunOptions& options) {
  const auto started = Clock::now();
  Pipeline pipeline(config, registry);
  // The first worker is built here, so a stage refusing its options stops the run before any reading.
  Pipeline::Worker first = pipeline.make_worker(true);

  RunInfo info;
  info.docpipe_version = DOCPIPE_VERSION_STRING;
  info.pipeline_hash = pipeline_hash(config);
  info.pipeline_path = config.file.string();
  info.output_dir = options.output_dir;
  info.started_at = utc_now();
  for (const auto* list : {&config.readers, &config.analyzers, &config.exporters})
    for (const auto& s : *list)
      if (s.component) info.stages.push_back({s.id, s.plugin, s.component->info.version, s.kind});

  RunResult result;
  std::vector<std::unique_ptr<StageRuntime>> exporter_rts;
  std::vector<Instance<Exporter>> exporters;
  for (const auto& s : config.exporters) {
    exporter_rts.push_back(make_runtime(s));
    try {
      exporters.push_back(registry.make_exporter(*s.component, *exporter_rts.back()->context));
    } catch (...) {
      throw ConfigError({s.origin.str() + ": stage '" + s.id + "' refused its options: " + current_exception_text()});
    }
  }
  if (options.shard) options.shard->begin(info);
  for (std::size_t i = 0; i < exporters.size(); ++i) {
    try {
      exporters[i]->begin(info);
    } catch (...) {
      spdlog::error("exporter '{}' could not start: {}", config.exporters[i].id, current_exception_text());
      result.exit_code = exit_internal_error;
      return result;
    }
  }

  interrupted = false;
  auto old_int = std::signal(SIGINT, on_signal);
  auto old_term = std::signal(SIGTERM, on_signal);

  const std::size_t jobs = std::max(1, options.jobs);
  OrderedQueue queue(std::max<std::size_t>(16, jobs * 4));
  std::atomic<std::size_t> next_index{0};
  std::atomic<std::uint64_t> bytes_read{0};
  auto work = [&](Pipeline::Worker worker) {
    for (;;) {
      const std::size_t i = next_index.fetch_add(1);
      if (i >= items.size() || !queue.wait_for_turn(i)) return;
      std::uint64_t bytes = 0;
      std::vector<Document> docs;
      try {
        docs = pipeline.process(worker, items[i], bytes);
      } catch (...) {
        docs.clear();
        docs.push_back(failed_document(items[i], "host", current_exception_text()));
      }
      bytes_read += bytes;
      queue.put(i, std::move(docs));
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(work, std::move(first));
  for (std::size_t t = 1; t < jobs && t < items.size(); ++t) {
    threads.emplace_back([&] {
      try {
        work(pipeline.make_worker(false));
      } catch (...) {
        // Stage construction succeeded on the first worker; a later failure stops this thread only.
        spdlog::error("worker could not start: {}", current_exception_text());
      }
    });
  }

  bool aborted = false;
  auto last_draw = Clock::now();
  for (std::size_t done = 0; done < items.size() && !aborted;) {
    if (interrupted) {
      spdlog::error("interrupted; earlier outputs are left as they were");
      result.exit_code = exit_interrupted;
      aborted = true;
      break;
    }
    auto docs = queue.take(std::chrono::milliseconds(100));
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    if (options.progress && Clock::now() - last_draw > std::chrono::milliseconds(200)) {
      draw_progress(done, items.size(), bytes_read, elapsed);
      last_draw = Clock::now();
    }
    if (!docs) continue;
    const InputItem& item = items[done];
    ++done;
    std::uint64_t sub = 0;
    for (Document& d : *docs) {
      ++result.documents;
      if (const Value* m = d.metrics.find(host_stage); m && m->is_object())
        if (const Value* n = m->as_object().find("suppressed"); n && n->is_int())
          result.suppressed += static_cast<std::uint64_t>(n->as_int());
      if (options.record) {
        auto keys = baseline_keys(d);
        options.record->insert(options.record->end(), keys.begin(), keys.end());
      }
      if (options.baseline) result.baselined += options.baseline->filter(d);
      if (options.shard) options.shard->write(d, DocumentOrder{item.index, sub++});
      if (d.failed) {
        ++result.failed;
        for (const auto& diag : d.diagnostics)
          if (diag.severity == Severity::error) spdlog::warn("{}: {}", d.id, diag.message);
      }
      for (std::size_t e = 0; e < exporters.size() && !aborted; ++e) {
        try {
          exporters[e]->write(d);
        } catch (...) {
          spdlog::error("exporter '{}' failed: {}", config.exporters[e].id, current_exception_text());
          result.exit_code = exit_internal_error;
          aborted = true;
        }
      }
      if (d.failed && config.on_error == "fail" && !aborted) {
        spdlog::error("stopping: on_error = \"fail\" and {} failed", d.id);
        result.exit_code = exit_documents_failed;
        aborted = true;
      }
    }
  }
  queue.stop();
  for (auto& t : threads) t.join();
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  if (options.progress) std::fprintf(stderr, "\r\033[K");

  result.bytes = bytes_read;
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (aborted) {
    // Exporters are destroyed unfinished: their temporaries are removed.
    if (options.shard) options.shard->finish(false, result.documents, result.failed, result.bytes, result.seconds);
    return result;
  }

  RunSummary summary{result.documents, result.failed, result.bytes, result.seconds};
  bool gate = false;
  for (std::size_t e = 0; e < exporters.size(); ++e) {
    try {
      exporters[e]->finish(summary);
      gate = gate || exporters[e]->gate_failed();
    } catch (...) {
      spdlog::error("exporter '{}' could not finish: {}", config.exporters[e].id, current_exception_text());
      result.exit_code = exit_internal_error;
    }
  }
  if (options.shard)
    options.shard->finish(result.exit_code == exit_ok, result.documents, result.failed, result.bytes, result.seconds);
  if (result.exit_code == exit_ok) {
    if (result.failed > 0)
      result.exit_code = exit_documents_failed;
    else if (gate)
      result.exit_code = exit_findings_gate;
  }
  return result;
}

}  // namespace docpipe::host
