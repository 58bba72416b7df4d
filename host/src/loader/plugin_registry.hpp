// Finds plugin libraries, checks their manifests and collects the components they register.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "docpipe/plugin.hpp"

namespace docpipe::host {

/// One rule a component declared it can emit (docpipe_rule, copied out of the library).
struct RuleSpec {
  std::string category;
  Severity severity = Severity::warning;
  std::string summary;
};

/// One registered component and the library whose code it runs.
struct Component {
  ComponentInfo info;
  std::vector<RuleSpec> rules;   ///< from the manifest
  bool rules_declared = false;   ///< false for plugins whose manifest has no rule list
  ReaderFactory make_reader = nullptr;
  AnalyzerFactory make_analyzer = nullptr;
  ExporterFactory make_exporter = nullptr;
  std::shared_ptr<boost::dll::shared_library> library;
  std::filesystem::path file;
  std::string sdk_version;
};

/// A file that was passed over during discovery, and why.
struct SkippedFile {
  std::filesystem::path file;
  std::string reason;
};

/// An instance of a component. The library member is declared first so it is destroyed last:
/// the object's vtable and destructor live in the library.
template <class T>
struct Instance {
  std::shared_ptr<boost::dll::shared_library> library;
  std::unique_ptr<T> object;
  T* operator->() const { return object.get(); }
  T& operator*() const { return *object; }
  explicit operator bool() const { return object != nullptr; }
};

/// Why a manifest is refused, or empty when it is acceptable to this host.
std::string check_manifest(const docpipe_manifest& manifest);

/// What a child process found in one library file, without this process loading it.
struct ProbedLibrary {
  std::filesystem::path file;
  std::vector<std::pair<Kind, std::string>> components;  ///< each component it registers
  std::string refused;  ///< why it is skipped, a crash or hang while loading included; "" when it loads
};

/// The *.so files in dirs in discovery order: sorted within each directory, each file once.
std::vector<std::filesystem::path> list_libraries(const std::vector<std::filesystem::path>& dirs);

/// Loads each file in a child process (one child for the lot, a new one after a crash) and
/// reports what it registers, so a library whose static initializer crashes, aborts, exits or
/// hangs (10 s) is refused by file instead of taking this process down.
std::vector<ProbedLibrary> probe_libraries(const std::vector<std::filesystem::path>& files);

class PluginRegistry {
 public:
  /// Probes every library in dirs in child processes (probe_libraries), then loads into this
  /// process only the healthy ones for which wanted holds; refused ones are recorded in skipped().
  void discover_probed(const std::vector<std::filesystem::path>& dirs,
                       const std::function<bool(const ProbedLibrary&)>& wanted);
  /// Loads every *.so in dirs, in order; the first component registered under a name wins.
  void discover(const std::vector<std::filesystem::path>& dirs);
  /// Loads one library file; returns false (and records why) when it is skipped.
  bool load(const std::filesystem::path& file);

  const Component* find(std::string_view name) const;
  const std::vector<Component>& components() const { return components_; }
  const std::vector<SkippedFile>& skipped() const { return skipped_; }
  std::vector<const Component*> of_kind(Kind kind) const;

  Instance<Reader> make_reader(const Component& c, const StageContext& ctx) const;
  Instance<Analyzer> make_analyzer(const Component& c, const StageContext& ctx) const;
  Instance<Exporter> make_exporter(const Component& c, const StageContext& ctx) const;

 private:
  std::vector<Component> components_;
  std::vector<SkippedFile> skipped_;
  std::vector<std::filesystem::path> seen_;
};

/// The plugin search path: explicit dirs, DOCPIPE_PLUGIN_PATH, pipeline dirs, installed, build tree.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::string>& cli_dirs,
                                                      const std::vector<std::string>& pipeline_dirs);

}  // namespace docpipe::host
