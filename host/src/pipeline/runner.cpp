#include "pipeline/runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <new>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "config/rules.hpp"
#include "host_config.hpp"
#include "loader/child_process.hpp"
#include "log/stage_logger.hpp"
#include "pipeline/baseline.hpp"
#include "pipeline/document_codec.hpp"
#include "pipeline/output_guard.hpp"
#include "pipeline/shard.hpp"
#include "pipeline/output_lock.hpp"
#include "pipeline/suppression.hpp"

namespace docpipe::host {

namespace {

using Clock = std::chrono::steady_clock;

// SIGINT / SIGTERM: the first stops the run (workers are killed after a short grace); the second
// kills the workers at once or, without isolation, ends the process.
std::atomic<int> interrupts{0};
std::atomic<bool> isolating{false};
constexpr std::size_t max_workers = 1024;  // --jobs and jobs = are at most 1024
std::atomic<pid_t> worker_pids[max_workers];

extern "C" void on_signal(int) {
  if (interrupts.fetch_add(1) + 1 < 2) return;
  if (!isolating.load()) ::_exit(exit_interrupted);
  for (auto& p : worker_pids)
    if (const pid_t pid = p.load(); pid > 0) ::kill(pid, SIGKILL);
}

bool interrupted() { return interrupts.load() > 0; }

/// Installs the handler for the run and restores the previous ones after it.
class SignalScope {
 public:
  SignalScope() {
    interrupts = 0;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, &old_int_);
    ::sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalScope() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

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
    /// Where a worker process says which stage runs (stage_name), -1 for the host's own work.
    std::atomic<std::int32_t>* stage = nullptr;
    void enter(std::int32_t s) const {
      if (stage) stage->store(s, std::memory_order_relaxed);
    }
  };

  /// The stage id of a Worker::stage number, "" for -1.
  std::string stage_name(std::int32_t s) const {
    if (s < 0) return {};
    const auto i = static_cast<std::size_t>(s);
    if (i < readers_.size()) return readers_[i]->config->id;
    if (i - readers_.size() < analyzers_.size()) return analyzers_[i - readers_.size()]->config->id;
    return {};
  }

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
      data = item.text ? *item.text : read_input(item.path, config_.max_bytes);
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
      w.enter(static_cast<std::int32_t>(*r));
      if (!w.readers[*r]) w.readers[*r] = make_reader(*r);
      w.readers[*r]->read(Input{item.id, item.path, data, media}, docs);
      w.enter(-1);
    } catch (...) {
      w.enter(-1);
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
          w.enter(static_cast<std::int32_t>(readers_.size() + a));
          w.analyzers[a]->analyze(d);
          w.enter(-1);
          stamp(d, nf, nd, id);
        } catch (...) {
          w.enter(-1);
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
  static std::vector<Directive> directives_in(const ComponentInfo& reader, std::string_view data) {
    switch (directive_syntax(reader)) {
      case DirectiveSyntax::comment: return find_directives(data, true);
      case DirectiveSyntax::line: return find_directives(data, false);
      case DirectiveSyntax::none: break;
    }
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

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

std::string megabytes(std::uint64_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20) + " MB"; }

/// What a worker process shares with the host: written by the worker, read by the host.
struct SharedSlot {
  std::atomic<std::int32_t> stage{-1};       ///< Pipeline::stage_name number of the running stage
  std::atomic<std::int64_t> doc{-1};         ///< index of the input being processed, -1 when idle
  std::atomic<std::int64_t> started_ns{0};   ///< when it began (steady clock)
  std::atomic<std::int32_t> out_of_memory{0};  ///< an allocation failed under max_memory
};

SharedSlot* oom_slot = nullptr;
constexpr int exit_out_of_memory = 125;

void on_out_of_memory() {
  if (oom_slot) oom_slot->out_of_memory.store(1);
  ::_exit(exit_out_of_memory);
}

std::uint64_t statm_field(const std::string& path, int field) {
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return 0;
  unsigned long long v[2] = {0, 0};
  const int n = std::fscanf(f, "%llu %llu", &v[0], &v[1]);
  std::fclose(f);
  return n > field ? v[field] * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)) : 0;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool address_space_limit = false;  // the sanitizers reserve terabytes of shadow memory
#else
constexpr bool address_space_limit = true;
#endif

/// Waits for a child to end, killing it at deadline; returns its wait status.
int reap_by(pid_t pid, Clock::time_point deadline) {
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return status;
}

/// The per-document chain in forked worker processes: the host sends each an input's index and
/// gets the finished documents back in the binary encoding, in input order for the exporters.
class WorkerPool {
 public:
  struct Ready {
    std::vector<Document> docs;
    std::uint64_t bytes = 0;
  };

  /// prototype: stage instances made in this process and never used here; each worker process
  /// starts from its own copy of them (fork copies them for free), so no worker builds its stages.
  WorkerPool(const Pipeline& pipeline, Pipeline::Worker& prototype, const std::vector<InputItem>& items,
             std::size_t jobs, const RunOptions& o)
      : pipeline_(pipeline), prototype_(prototype), items_(items), options_(o), procs_(std::min(jobs, max_workers)) {
    void* mem = ::mmap(nullptr, sizeof(SharedSlot) * procs_.size(), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                       -1, 0);
    if (mem == MAP_FAILED) throw Error("cannot map memory shared with the worker processes");
    slots_ = static_cast<SharedSlot*>(mem);
    for (std::size_t k = 0; k < procs_.size(); ++k) new (&slots_[k]) SharedSlot();
    isolating = true;
    for (std::size_t k = 0; k < procs_.size(); ++k) spawn(k);
  }

  ~WorkerPool() {
    stop(0, true);
    isolating = false;
    ::munmap(slots_, sizeof(SharedSlot) * procs_.size());
  }

  /// Sends work, waits up to wait for results, enforces the limits. Finished inputs land in ready.
  void step(std::size_t next_out, std::map<std::size_t, Ready>& ready, std::chrono::milliseconds wait) {
    dispatch(next_out);
    std::vector<pollfd> fds;
    std::vector<std::size_t> which;
    for (std::size_t k = 0; k < procs_.size(); ++k)
      if (procs_[k].pid > 0) {
        fds.push_back({procs_[k].results, POLLIN, 0});
        which.push_back(k);
      }
    if (options_.max_memory > 0) wait = std::min(wait, std::chrono::milliseconds(20));
    if (options_.timeout > 0) {
      const std::int64_t now = now_ns();
      for (const std::size_t k : which)
        if (const std::int64_t started = busy_since(k); started > 0) {
          const std::int64_t left = started + static_cast<std::int64_t>(options_.timeout * 1e9) - now;
          wait = std::min(wait, std::chrono::milliseconds(std::max<std::int64_t>(1, left / 1000000 + 1)));
        }
    }
    if (fds.empty()) return;
    if (::poll(fds.data(), fds.size(), static_cast<int>(wait.count())) < 0 && errno != EINTR)
      throw Error(std::string("poll: ") + std::strerror(errno));
    for (std::size_t f = 0; f < fds.size(); ++f)
      if (fds[f].revents != 0) receive(which[f], ready);
    police(ready);
  }

  std::uint64_t replaced() const { return replaced_; }

  /// Ends every worker: their request pipes are closed (and, with terminate, SIGTERM sent); any
  /// still there after grace_ms is killed.
  void stop(int grace_ms, bool terminate) {
    for (auto& p : procs_)
      if (p.pid > 0) {
        if (p.request >= 0) ::close(p.request);
        p.request = -1;
        if (terminate && grace_ms > 0) ::kill(p.pid, SIGTERM);
      }
    const auto deadline = Clock::now() + std::chrono::milliseconds(grace_ms);
    for (std::size_t k = 0; k < procs_.size(); ++k) {
      Proc& p = procs_[k];
      if (p.pid <= 0) continue;
      reap_by(p.pid, deadline);
      forget(k);
    }
  }

  /// Ends the workers after the last document: they see the end of their request pipe and exit.
  void finish() { stop(1000, false); }

 private:
  struct Proc {
    pid_t pid = -1;
    int request = -1;  ///< the host writes input indices
    int results = -1;  ///< the host reads finished documents
    std::deque<std::size_t> inflight;  ///< sent, not yet returned, in order
    std::string buffer;
    BinaryDecoder decoder;  ///< this worker's stream
  };

  std::int64_t busy_since(std::size_t k) const {
    return slots_[k].doc.load() >= 0 ? slots_[k].started_ns.load() : 0;
  }

  void spawn(std::size_t k) {
    int req[2], res[2];
    if (::pipe2(req, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
    if (::pipe2(res, O_CLOEXEC) != 0) {
      ::close(req[0]);
      ::close(req[1]);
      throw Error(std::string("pipe: ") + std::strerror(errno));
    }
    ::fcntl(res[1], F_SETPIPE_SZ, 1 << 20);  // fewer wake-ups for large documents; best effort
    new (&slots_[k]) SharedSlot();
    // Every stdio stream, exporters' files included: a child must never inherit unwritten bytes.
    std::fflush(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
      for (int fd : {req[0], req[1], res[0], res[1]}) ::close(fd);
      throw Error(std::string("cannot start a worker process: ") + std::strerror(errno));
    }
    if (pid == 0) {
      ::close(req[1]);
      ::close(res[0]);
      for (auto& p : procs_)
        if (p.pid > 0) {
          ::close(p.request);
          ::close(p.results);
        }
      worker_main(req[0], res[1], slots_[k], parent);
    }
    ::close(req[0]);
    ::close(res[1]);
    set_fd_flags(res[0], true);
    Proc& p = procs_[k];
    p.pid = pid;
    p.request = req[1];
    p.results = res[0];
    p.inflight.clear();
    p.buffer.clear();
    p.decoder = BinaryDecoder();
    worker_pids[k] = pid;
  }

  [[noreturn]] void worker_main(int in, int out, SharedSlot& slot, pid_t parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(0);
    // A plugin calling exit() ends the worker there: no static destructors or stdio flushes of
    // the host's state the worker inherited (registered last, this handler runs first).
    ::on_exit([](int status, void*) { ::_exit(status); }, nullptr);
    std::signal(SIGINT, SIG_IGN);  // the host decides; a terminal's ^C reaches the whole group
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGPIPE, SIG_DFL);
    if (options_.max_memory > 0) {
      if (address_space_limit) {
        const std::uint64_t limit = statm_field("/proc/self/statm", 0) + options_.max_memory;
        struct rlimit rl {};
        if (::getrlimit(RLIMIT_AS, &rl) == 0 && (rl.rlim_max == RLIM_INFINITY || limit < rl.rlim_max)) {
          rl.rlim_cur = limit;
          ::setrlimit(RLIMIT_AS, &rl);
        }
      }
      oom_slot = &slot;
      std::set_new_handler(on_out_of_memory);
    }
    Pipeline::Worker w = std::move(prototype_);  // this process's copy: the host never touches its own
    w.stage = &slot.stage;
    std::string msg;
    BinaryEncoder encoder;
    std::vector<std::uint64_t> requests(64);
    std::size_t have = 0, used = 0;
    for (;;) {
      if (used == have) {  // all that has been sent so far, in one read
        std::size_t bytes = 0;
        do {
          const ssize_t n = ::read(in, reinterpret_cast<char*>(requests.data()) + bytes,
                                   requests.size() * sizeof(std::uint64_t) - bytes);
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) ::_exit(0);
          bytes += static_cast<std::size_t>(n);
        } while (bytes % sizeof(std::uint64_t) != 0);
        have = bytes / sizeof(std::uint64_t);
        used = 0;
      }
      const std::uint64_t index = requests[used++];
      if (index >= items_.size()) ::_exit(0);
      slot.started_ns.store(now_ns());
      slot.doc.store(static_cast<std::int64_t>(index));
      std::uint64_t bytes = 0;
      std::vector<Document> docs;
      try {
        docs = pipeline_.process(w, items_[index], bytes);
      } catch (...) {
        docs.clear();
        docs.push_back(failed_document(items_[index], "host", current_exception_text()));
      }
      msg.assign(4 * sizeof(std::uint64_t), '\0');
      const std::uint64_t head[4] = {0, index, bytes, docs.size()};
      for (const Document& d : docs) encoder.encode(d, msg);
      std::memcpy(msg.data(), head, sizeof head);
      const std::uint64_t size = msg.size() - sizeof(std::uint64_t);
      std::memcpy(msg.data(), &size, sizeof size);
      slot.doc.store(-1);
      slot.stage.store(-1);
      if (!write_all(out, msg.data(), msg.size())) ::_exit(0);
    }
  }

  std::size_t next_index(std::size_t next_out) {
    if (!retry_.empty()) {
      const std::size_t i = *retry_.begin();
      retry_.erase(retry_.begin());
      return i;
    }
    if (next_new_ < items_.size() && next_new_ < next_out + window()) return next_new_++;
    return items_.size();
  }

  /// Inputs in flight at most: sent, or finished and waiting for the exporters' turn.
  std::size_t window() const { return std::max<std::size_t>(16, procs_.size() * 8); }

  void dispatch(std::size_t next_out) {
    // Several queued per worker, so it never waits for this process to be scheduled (small
    // documents take well under a millisecond); dealt out one round at a time, so every worker
    // gets some, and written to each worker in one call.
    const std::size_t depth = std::min<std::size_t>(8, std::max<std::size_t>(2, window() / procs_.size()));
    std::vector<std::vector<std::uint64_t>> batch(procs_.size());
    bool more = true;
    for (std::size_t round = 1; round <= depth && more; ++round)
      for (std::size_t k = 0; k < procs_.size() && more; ++k) {
        Proc& p = procs_[k];
        if (p.pid <= 0 || p.inflight.size() >= round) continue;
        const std::size_t i = next_index(next_out);
        if (i >= items_.size()) {
          more = false;
          break;
        }
        p.inflight.push_back(i);
        batch[k].push_back(i);
      }
    for (std::size_t k = 0; k < procs_.size(); ++k)
      if (!batch[k].empty()) {
        // A failure means the worker is gone: receive() sees its end and fails or re-queues.
        write_request(procs_[k].request, batch[k].data(), batch[k].size() * sizeof(std::uint64_t));
      }
  }

  /// Writes to a pipe whose reader may be dead without the host dying of SIGPIPE.
  static bool write_request(int fd, const void* data, std::size_t size) {
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    const bool ok = write_all(fd, data, size);
    if (!ok && errno == EPIPE) {
      const timespec zero{0, 0};
      ::sigtimedwait(&pipe_set, nullptr, &zero);
    }
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return ok;
  }

  void receive(std::size_t k, std::map<std::size_t, Ready>& ready) {
    Proc& p = procs_[k];
    bool ended = false;
    for (;;) {
      const ssize_t n = ::read(p.results, scratch_.data(), scratch_.size());
      if (n > 0) p.buffer.append(scratch_.data(), static_cast<std::size_t>(n));
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      ended = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
      break;
    }
    parse(k, ready);
    if (!ended) return;
    // The worker died or exited: wait for its status (a moment; killed if it lingers).
    const int status = reap_by(p.pid, Clock::now() + std::chrono::seconds(1));
    const std::string what = slots_[k].out_of_memory.load()
                                 ? "ran out of memory under max_memory = " + megabytes(options_.max_memory) +
                                       " (an allocation failed)"
                                 : (WIFSIGNALED(status) ? "was " : "") + describe_wait_status(status);
    lost(k, what, ready);
  }

  void parse(std::size_t k, std::map<std::size_t, Ready>& ready) {
    Proc& p = procs_[k];
    std::size_t at = 0;
    std::uint64_t size = 0;
    while (p.buffer.size() - at >= sizeof size) {
      std::memcpy(&size, p.buffer.data() + at, sizeof size);
      if (p.buffer.size() - at - sizeof size < size) break;
      std::uint64_t head[3];
      std::memcpy(head, p.buffer.data() + at + sizeof size, sizeof head);
      const std::string_view body(p.buffer.data() + at + sizeof size, size);
      at += sizeof size + size;
      if (p.inflight.empty() || p.inflight.front() != head[0]) continue;  // not what was asked: ignored
      const std::size_t index = p.inflight.front();
      p.inflight.pop_front();
      Ready r;
      r.bytes = head[1];
      try {
        std::size_t pos = sizeof head;
        for (std::uint64_t d = 0; d < head[2]; ++d) r.docs.push_back(p.decoder.decode(body, pos));
      } catch (const std::exception& e) {
        r.docs.clear();
        r.docs.push_back(failed_document(items_[index], "host", std::string("the worker's result: ") + e.what()));
      }
      ready[index] = std::move(r);
    }
    p.buffer.erase(0, at);
  }

  /// Kills workers past their document's timeout or over max_memory.
  void police(std::map<std::size_t, Ready>& ready) {
    const std::int64_t now = now_ns();
    for (std::size_t k = 0; k < procs_.size(); ++k) {
      Proc& p = procs_[k];
      if (p.pid <= 0 || p.inflight.empty()) continue;
      std::string why;
      const std::int64_t started = busy_since(k);
      if (options_.timeout > 0 && started > 0 && now - started > static_cast<std::int64_t>(options_.timeout * 1e9)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%g", options_.timeout);
        why = "was killed after timeout = " + std::string(buf) + " s";
      } else if (options_.max_memory > 0) {
        const std::uint64_t rss = statm_field("/proc/" + std::to_string(p.pid) + "/statm", 1);
        if (rss > options_.max_memory)
          why = "was killed at max_memory = " + megabytes(options_.max_memory) + " (resident " + megabytes(rss) + ")";
      }
      if (why.empty()) continue;
      ::kill(p.pid, SIGKILL);
      int status = 0;
      ::waitpid(p.pid, &status, 0);
      lost(k, why, ready);
    }
  }

  /// A worker is gone: the document it was on fails, the ones queued behind it go to others,
  /// and a new worker takes its place.
  void lost(std::size_t k, const std::string& what, std::map<std::size_t, Ready>& ready) {
    Proc& p = procs_[k];
    if (!p.inflight.empty()) {
      const std::size_t i = p.inflight.front();
      p.inflight.pop_front();
      const std::string stage = pipeline_.stage_name(slots_[k].stage.load());
      const InputItem& item = items_[i];
      Ready r;
      r.docs.push_back(failed_document(item, stage.empty() ? "host" : stage,
                                       item.path + ": the worker process " + what +
                                           (stage.empty() ? "" : " in stage '" + stage + "'") +
                                           "; only this document failed"));
      ready[i] = std::move(r);
      for (const std::size_t j : p.inflight) retry_.insert(j);
    }
    forget(k);
    ++replaced_;
    spawn(k);
  }

  void forget(std::size_t k) {
    Proc& p = procs_[k];
    if (p.request >= 0) ::close(p.request);
    if (p.results >= 0) ::close(p.results);
    p = Proc{};
    worker_pids[k] = 0;
  }

  const Pipeline& pipeline_;
  Pipeline::Worker& prototype_;
  const std::vector<InputItem>& items_;
  const RunOptions& options_;
  std::vector<Proc> procs_;
  SharedSlot* slots_ = nullptr;
  std::set<std::size_t> retry_;
  std::vector<char> scratch_ = std::vector<char>(1 << 16);
  std::size_t next_new_ = 0;
  std::uint64_t replaced_ = 0;
};

}  // namespace

struct ResidentPipeline::State {
  State(const PipelineConfig& config, const PluginRegistry& registry, const RunOptions& o)
      : pipeline(config, registry), prototype(pipeline.make_worker(true)), options(o) {}
  Pipeline pipeline;
  Pipeline::Worker prototype;  // never used here: each run's worker process moves its own copy
  RunOptions options;
};

ResidentPipeline::ResidentPipeline(const PipelineConfig& config, const PluginRegistry& registry,
                                   const RunOptions& options)
    : state_(std::make_unique<State>(config, registry, options)) {}

ResidentPipeline::~ResidentPipeline() = default;

std::optional<std::vector<Document>> ResidentPipeline::process(const InputItem& item,
                                                               const std::function<bool()>& cancelled) {
  State& s = *state_;
  if (s.options.isolation == Isolation::none) {
    std::uint64_t bytes = 0;
    try {
      return s.pipeline.process(s.prototype, item, bytes);
    } catch (...) {
      return std::vector<Document>{failed_document(item, "host", current_exception_text())};
    }
  }
  const std::vector<InputItem> items{item};
  std::map<std::size_t, WorkerPool::Ready> ready;
  WorkerPool pool(s.pipeline, s.prototype, items, 1, s.options);  // its destructor kills the worker
  while (ready.count(0) == 0) {
    if (cancelled && cancelled()) return std::nullopt;
    pool.step(0, ready, std::chrono::milliseconds(10));
  }
  return std::move(ready[0].docs);
}

RunResult run_pipeline(const PipelineConfig& config, const PluginRegistry& registry,
                       const std::vector<InputItem>& items, const RunOptions& options) {
  const auto started = Clock::now();
  Pipeline pipeline(config, registry);
  // The first worker is built here, so a stage refusing its options stops the run before any reading.
  std::optional<Pipeline::Worker> first = pipeline.make_worker(true);

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

  SignalScope signals;
  const std::size_t jobs = std::max(1, options.jobs);
  bool aborted = false;

  // One input's documents, in input order: counted, recorded, filtered, then exported.
  auto deliver = [&](const InputItem& item, std::vector<Document>& docs) {
    std::uint64_t sub = 0;
    for (Document& d : docs) {
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
  };
  auto on_interrupt = [&] {
    spdlog::error("interrupted; earlier outputs are left as they were");
    result.exit_code = exit_interrupted;
    aborted = true;
  };
  std::uint64_t bytes_total = 0;
  auto last_draw = Clock::now();
  auto progress = [&](std::size_t done, std::uint64_t bytes) {
    if (options.progress && Clock::now() - last_draw > std::chrono::milliseconds(200)) {
      draw_progress(done, items.size(), bytes, std::chrono::duration<double>(Clock::now() - started).count());
      last_draw = Clock::now();
    }
  };

  if (options.isolation == Isolation::process && !items.empty()) {
    std::map<std::size_t, WorkerPool::Ready> ready;
    std::optional<WorkerPool> pool;
    try {
      pool.emplace(pipeline, *first, items, std::min(jobs, items.size()), options);
      for (std::size_t done = 0; done < items.size() && !aborted;) {
        if (interrupted()) {
          on_interrupt();
          pool->stop(300, true);  // a stuck plugin does not stop for SIGTERM: killed after the grace
          break;
        }
        pool->step(done, ready, std::chrono::milliseconds(100));
        for (auto it = ready.find(done); it != ready.end() && !aborted; it = ready.find(done)) {
          bytes_total += it->second.bytes;
          deliver(items[done], it->second.docs);
          ready.erase(it);
          ++done;
        }
        progress(done, bytes_total);
      }
      if (!aborted) pool->finish();
    } catch (const Error& e) {
      spdlog::error("worker processes: {}", e.what());
      result.exit_code = exit_internal_error;
      aborted = true;
    }
    pool.reset();
  } else {
    OrderedQueue queue(std::max<std::size_t>(16, jobs * 4));
    std::atomic<std::size_t> next_index{0};
    std::atomic<std::uint64_t> bytes_read{0};
    std::atomic<std::size_t> running{0};
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
    running = 1;
    threads.emplace_back([&, w = std::move(*first)]() mutable {
      work(std::move(w));
      --running;
    });
    first.reset();
    for (std::size_t t = 1; t < jobs && t < items.size(); ++t) {
      ++running;
      threads.emplace_back([&] {
        try {
          work(pipeline.make_worker(false));
        } catch (...) {
          // Stage construction succeeded on the first worker; a later failure stops this thread only.
          spdlog::error("worker could not start: {}", current_exception_text());
        }
        --running;
      });
    }
    bool by_signal = false;
    for (std::size_t done = 0; done < items.size() && !aborted;) {
      if (interrupted()) {
        on_interrupt();
        by_signal = true;
        break;
      }
      auto docs = queue.take(std::chrono::milliseconds(100));
      progress(done, bytes_read);
      if (!docs) continue;
      deliver(items[done], *docs);
      ++done;
    }
    queue.stop();
    if (by_signal) {
      // A stage stuck in a loop cannot be stopped inside this process: after a grace, leave it.
      const auto deadline = Clock::now() + std::chrono::milliseconds(500);
      while (running.load() > 0 && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      if (running.load() > 0) {
        spdlog::error("a stage is still running; exiting without waiting for it (isolation = \"none\")");
        exporters.clear();  // their temporaries are removed
        if (options.shard) options.shard->finish(false, result.documents, result.failed, bytes_read, 0);
        std::fflush(stderr);
        std::_Exit(exit_interrupted);
      }
    }
    for (auto& t : threads) t.join();
    bytes_total = bytes_read;
  }
  if (options.progress) std::fprintf(stderr, "\r\033[K");

  result.bytes = bytes_total;
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
