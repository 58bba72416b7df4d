#include "loader/plugin_registry.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <system_error>

#include <spdlog/spdlog.h>

#include "docpipe/version.hpp"
#include "host_config.hpp"
#include "loader/child_process.hpp"

namespace docpipe::host {
namespace fs = std::filesystem;

namespace {

std::string str(const char* s) { return s ? std::string(s) : std::string("(unset)"); }

class CollectingRegistrar final : public Registrar {
 public:
  CollectingRegistrar(std::shared_ptr<boost::dll::shared_library> lib, fs::path file, std::string sdk_version)
      : lib_(std::move(lib)), file_(std::move(file)), sdk_version_(std::move(sdk_version)) {}

  void add_reader(ComponentInfo info, ReaderFactory make) override {
    info.kind = Kind::reader;
    add(std::move(info)).make_reader = make;
  }
  void add_analyzer(ComponentInfo info, AnalyzerFactory make) override {
    info.kind = Kind::analyzer;
    add(std::move(info)).make_analyzer = make;
  }
  void add_exporter(ComponentInfo info, ExporterFactory make) override {
    info.kind = Kind::exporter;
    add(std::move(info)).make_exporter = make;
  }
  std::vector<Component> take() { return std::move(out_); }

 private:
  Component& add(ComponentInfo info) {
    if (info.name.empty()) throw Error("a component was registered without a name");
    Component c;
    c.info = std::move(info);
    c.library = lib_;
    c.file = file_;
    c.sdk_version = sdk_version_;
    out_.push_back(std::move(c));
    return out_.back();
  }
  std::shared_ptr<boost::dll::shared_library> lib_;
  fs::path file_;
  std::string sdk_version_;
  std::vector<Component> out_;
};

// A plugin whose manifest predates the rule list (or has none) keeps rules_declared false.
void attach_rules(const docpipe_manifest& m, std::vector<Component>& found) {
  if (m.struct_size < offsetof(docpipe_manifest, rules) + sizeof(m.rules) || m.rules == nullptr) return;
  for (auto& c : found) c.rules_declared = true;
  for (const docpipe_rule* r = m.rules; r->component != nullptr; ++r) {
    auto c = std::find_if(found.begin(), found.end(), [&](const Component& k) { return k.info.name == r->component; });
    if (c == found.end() || r->category == nullptr) continue;
    const std::string level = str(r->severity);
    const Severity sev = level == "error" ? Severity::error : level == "info" ? Severity::info : Severity::warning;
    c->rules.push_back({r->category, sev, r->summary ? r->summary : ""});
  }
}

}  // namespace

std::string check_manifest(const docpipe_manifest& m) {
  // Fields are append-only: struct_size and api_version are readable in any version.
  if (m.api_version != DOCPIPE_SDK_API_VERSION) {
    std::string theirs = "SDK API version " + std::to_string(m.api_version);
    if (m.struct_size >= offsetof(docpipe_manifest, compiler)) theirs += " (SDK " + str(m.sdk_version) + ")";
    return "built against " + theirs + ", but this docpipe " DOCPIPE_VERSION_STRING " speaks SDK API version " +
           std::to_string(DOCPIPE_SDK_API_VERSION) + " (SDK " DOCPIPE_SDK_VERSION
           "); rebuild the plugin against this docpipe's SDK";
  }
  if (m.struct_size < offsetof(docpipe_manifest, register_components) + sizeof(m.register_components))
    return "manifest is truncated (" + std::to_string(m.struct_size) + " bytes)";
  auto differs = [](const char* what, const std::string& theirs, const std::string& ours) {
    return "built with " + std::string(what) + " " + theirs + ", but the host uses " + ours +
           "; rebuild the plugin with the host's toolchain";
  };
  if (str(m.stdlib) != DOCPIPE_STDLIB) return differs("C++ standard library", str(m.stdlib), DOCPIPE_STDLIB);
  if (m.cxx11_abi != DOCPIPE_CXX11_ABI)
    return differs("_GLIBCXX_USE_CXX11_ABI", std::to_string(m.cxx11_abi), std::to_string(DOCPIPE_CXX11_ABI));
  if (m.gxx_abi != DOCPIPE_GXX_ABI)
    return differs("C++ ABI version", std::to_string(m.gxx_abi), std::to_string(DOCPIPE_GXX_ABI));
  if (m.stdlib_debug != DOCPIPE_STDLIB_DEBUG)
    return differs("_GLIBCXX_DEBUG", m.stdlib_debug ? "on" : "off", DOCPIPE_STDLIB_DEBUG ? "on" : "off");
  if (m.register_components == nullptr) return "manifest has no registration function";
  return {};
}

bool PluginRegistry::load(const fs::path& file) {
  auto skip = [&](std::string reason) {
    spdlog::warn("skipping plugin {}: {}", file.string(), reason);
    skipped_.push_back({file, std::move(reason)});
    return false;
  };
  std::shared_ptr<boost::dll::shared_library> lib;
  try {
    lib = std::make_shared<boost::dll::shared_library>(
        file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    // Boost wraps dlerror's text in its own words and a misleading errno; keep dlerror's.
    std::string why = e.what();
    const std::string marker = "(dlerror system message: ";
    if (auto at = why.find(marker); at != std::string::npos) {
      why = why.substr(at + marker.size());
      why = why.substr(0, why.rfind(')'));
    }
    return skip("cannot load: " + why);
  }
  if (!lib->has(DOCPIPE_MANIFEST_SYMBOL))
    return skip("not a docpipe plugin (no " DOCPIPE_MANIFEST_SYMBOL " symbol)");

  const docpipe_manifest* manifest = nullptr;
  try {
    // get<Fn>, not import_alias: the latter dereferences plain C functions (Boost 1.74).
    manifest = lib->get<const docpipe_manifest*()>(DOCPIPE_MANIFEST_SYMBOL)();
  } catch (const std::exception& e) {
    return skip(std::string("manifest could not be read: ") + e.what());
  }
  if (manifest == nullptr) return skip("manifest function returned null");
  if (std::string why = check_manifest(*manifest); !why.empty()) return skip(why);

  CollectingRegistrar registrar(lib, file, str(manifest->sdk_version));
  try {
    manifest->register_components(registrar);
  } catch (const std::exception& e) {
    return skip(std::string("threw while registering its components: ") + e.what());
  } catch (...) {
    return skip("threw a non-standard exception while registering its components");
  }
  std::vector<Component> found = registrar.take();
  if (found.empty()) return skip("registered no components");
  attach_rules(*manifest, found);
  for (auto& c : found) {
    if (const Component* other = find(c.info.name)) {
      spdlog::warn("plugin {}: component '{}' is already provided by {}; ignoring this one", file.string(),
                   c.info.name, other->file.string());
      continue;
    }
    components_.push_back(std::move(c));
  }
  return true;
}

std::vector<fs::path> list_libraries(const std::vector<fs::path>& dirs) {
  std::vector<fs::path> out, seen;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".so" && entry.is_regular_file(ec)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      fs::path canonical = fs::weakly_canonical(f, ec);
      if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
      seen.push_back(canonical);
      out.push_back(f);
    }
  }
  return out;
}

void PluginRegistry::discover(const std::vector<fs::path>& dirs) {
  std::error_code ec;
  for (const auto& f : list_libraries(dirs)) {
    fs::path canonical = fs::weakly_canonical(f, ec);
    if (std::find(seen_.begin(), seen_.end(), canonical) != seen_.end()) continue;
    seen_.push_back(canonical);
    load(f);
  }
}

namespace {

// The probe child's records: tag, file index, payload length, payload.
enum ProbeTag : char { probe_begin = 'B', probe_component = 'C', probe_refused = 'S', probe_end = 'E' };

void put_record(std::string& out, char tag, std::uint32_t index, std::string_view payload) {
  const std::uint32_t size = static_cast<std::uint32_t>(payload.size());
  out.push_back(tag);
  out.append(reinterpret_cast<const char*>(&index), sizeof index);
  out.append(reinterpret_cast<const char*>(&size), sizeof size);
  out.append(payload);
}

[[noreturn]] void probe_child(const std::vector<fs::path>& files, std::size_t from, int fd) {
  spdlog::set_level(spdlog::level::off);
  // Kept loaded until _exit: unloading would run the libraries' static destructors for nothing.
  std::vector<std::unique_ptr<PluginRegistry>> kept;
  for (std::size_t i = from; i < files.size(); ++i) {
    const auto index = static_cast<std::uint32_t>(i);
    std::string out;
    put_record(out, probe_begin, index, {});
    if (!write_all(fd, out.data(), out.size())) ::_exit(1);
    out.clear();
    auto registry = std::make_unique<PluginRegistry>();
    if (registry->load(files[i])) {
      for (const auto& c : registry->components())
        put_record(out, probe_component, index, std::string(1, static_cast<char>('0' + static_cast<int>(c.info.kind))) + c.info.name);
    } else {
      put_record(out, probe_refused, index, registry->skipped().empty() ? "refused" : registry->skipped().back().reason);
    }
    put_record(out, probe_end, index, {});
    if (!write_all(fd, out.data(), out.size())) ::_exit(1);
    kept.push_back(std::move(registry));
  }
  ::_exit(0);
}

/// Reads size bytes within timeout_ms of silence; false on EOF, error or timeout (timed_out set).
bool read_within(int fd, char* data, std::size_t size, int timeout_ms, bool& timed_out) {
  while (size > 0) {
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      timed_out = true;
      return false;
    }
    const ssize_t n = ::read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

constexpr int probe_timeout_ms = 10000;

}  // namespace

std::vector<ProbedLibrary> probe_libraries(const std::vector<fs::path>& files) {
  std::vector<ProbedLibrary> out(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) out[i].file = files[i];
  std::size_t next = 0;
  while (next < files.size()) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error("cannot create a pipe to probe plugins");
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw Error("cannot fork a process to probe plugins");
    if (pid == 0) {
      ::close(fds[0]);
      ::on_exit([](int status, void*) { ::_exit(status); }, nullptr);  // a library calling exit()
      probe_child(files, next, fds[1]);
    }
    ::close(fds[1]);
    constexpr std::size_t none = ~std::size_t{0};
    std::size_t current = none;
    bool timed_out = false;
    for (;;) {
      char head[9];
      if (!read_within(fds[0], head, sizeof head, probe_timeout_ms, timed_out)) break;
      std::uint32_t index = 0, size = 0;
      std::memcpy(&index, head + 1, sizeof index);
      std::memcpy(&size, head + 5, sizeof size);
      std::string payload(size, '\0');
      if (size > 0 && !read_within(fds[0], payload.data(), size, probe_timeout_ms, timed_out)) break;
      if (index >= files.size()) break;
      ProbedLibrary& p = out[index];
      switch (head[0]) {
        case probe_begin: current = index; break;
        case probe_component:
          if (!payload.empty()) p.components.emplace_back(static_cast<Kind>(payload[0] - '0'), payload.substr(1));
          break;
        case probe_refused: p.refused = payload; break;
        case probe_end:
          current = none;
          next = index + 1;
          break;
        default: break;
      }
    }
    if (timed_out) ::kill(pid, SIGKILL);
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (current != none) {
      ProbedLibrary& p = out[current];
      p.components.clear();
      p.refused = timed_out ? "did not finish loading within " + std::to_string(probe_timeout_ms / 1000) + " s (killed)"
                            : "crashed while loading: " + describe_wait_status(status);
      next = current + 1;
    } else if (next < files.size() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      out[next].refused = "the process probing it " + describe_wait_status(status);
      ++next;
    }
  }
  return out;
}

void PluginRegistry::discover_probed(const std::vector<fs::path>& dirs,
                                     const std::function<bool(const ProbedLibrary&)>& wanted) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& f : list_libraries(dirs)) {
    fs::path canonical = fs::weakly_canonical(f, ec);
    if (std::find(seen_.begin(), seen_.end(), canonical) != seen_.end()) continue;
    seen_.push_back(canonical);
    files.push_back(f);
  }
  for (const ProbedLibrary& p : probe_libraries(files)) {
    if (!p.refused.empty()) {
      spdlog::warn("skipping plugin {}: {}", p.file.string(), p.refused);
      skipped_.push_back({p.file, p.refused});
    } else if (wanted(p)) {
      load(p.file);
    }
  }
}

const Component* PluginRegistry::find(std::string_view name) const {
  for (const auto& c : components_)
    if (c.info.name == name) return &c;
  return nullptr;
}

std::vector<const Component*> PluginRegistry::of_kind(Kind kind) const {
  std::vector<const Component*> out;
  for (const auto& c : components_)
    if (c.info.kind == kind) out.push_back(&c);
  return out;
}

Instance<Reader> PluginRegistry::make_reader(const Component& c, const StageContext& ctx) const {
  return {c.library, c.make_reader(ctx)};
}
Instance<Analyzer> PluginRegistry::make_analyzer(const Component& c, const StageContext& ctx) const {
  return {c.library, c.make_analyzer(ctx)};
}
Instance<Exporter> PluginRegistry::make_exporter(const Component& c, const StageContext& ctx) const {
  return {c.library, c.make_exporter(ctx)};
}

namespace {
fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}
}  // namespace

std::vector<fs::path> plugin_search_path(const std::vector<std::string>& cli_dirs,
                                         const std::vector<std::string>& pipeline_dirs) {
  std::vector<fs::path> dirs(cli_dirs.begin(), cli_dirs.end());
  if (const char* env = std::getenv("DOCPIPE_PLUGIN_PATH")) {
    std::string_view rest(env);
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      if (auto part = rest.substr(0, colon); !part.empty()) dirs.emplace_back(part);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  dirs.insert(dirs.end(), pipeline_dirs.begin(), pipeline_dirs.end());
  // Relative to the binary, so a relocated install prefix keeps working.
  const fs::path bin = executable_dir();
  if (!bin.empty()) {
    dirs.push_back((bin / DOCPIPE_RELATIVE_PLUGINDIR).lexically_normal());
    // Running from the build tree: plugins sit in <build>/plugins next to <build>/host.
    dirs.push_back(bin.parent_path() / "plugins");
  }
  return dirs;
}

}  // namespace docpipe::host
