// The plugin boundary: component interfaces, their declared metadata, the registrar and the
// exported manifest. This is the header plugin authors include.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/document.hpp"
#include "docpipe/error.hpp"
#include "docpipe/logger.hpp"
#include "docpipe/options.hpp"
#include "docpipe/value.hpp"
#include "docpipe/version.hpp"

namespace docpipe {
inline namespace v2 {

/// The three kinds of component.
enum class Kind { reader, analyzer, exporter };
/// "reader", "analyzer" or "exporter".
std::string_view to_string(Kind k);

/// What a stage gets when it is created: its id, its validated options and its logger.
/// Valid for the lifetime of the component instance.
struct StageContext {
  std::string_view stage_id;
  const Options& options;
  Logger& log;
};

/// One input handed to a reader: the host reads the bytes (and enforces size limits).
struct Input {
  std::string_view id;          ///< document id to use (input-relative path)
  std::string_view uri;         ///< path as given, or "-" for stdin
  std::string_view bytes;       ///< whole content
  std::string_view media_type;  ///< the host's guess from extension / sniffing
};

/// Turns one input into one or more documents. Throw docpipe::Error to refuse it.
class Reader {
 public:
  virtual ~Reader() = default;
  /// Appends the documents read from input to out.
  virtual void read(const Input& input, std::vector<Document>& out) = 0;
};

/// Adds annotations, metrics and findings to one document. One instance per worker thread.
class Analyzer {
 public:
  virtual ~Analyzer() = default;
  /// Analyzes doc in place; throw docpipe::Error to mark the document failed.
  virtual void analyze(Document& doc) = 0;
};

/// Description of one stage of the run, for provenance in outputs.
struct StageInfo {
  std::string id;
  std::string plugin;
  std::string version;
  Kind kind = Kind::analyzer;
};

/// What an exporter learns when the run begins.
struct RunInfo {
  std::string docpipe_version;
  std::string pipeline_hash;   ///< hash of the resolved pipeline (hex)
  std::string pipeline_path;
  std::string output_dir;      ///< where exporters write their files
  std::string started_at;      ///< ISO 8601 UTC
  std::vector<StageInfo> stages;
};

/// What an exporter learns when the run ends.
struct RunSummary {
  std::uint64_t documents = 0;
  std::uint64_t failed = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
};

/// Streams results out. Called from one thread, documents in input order.
/// Write to temporary files and publish them in finish(): a run that fails or is interrupted
/// before finish() must leave earlier outputs intact (see docpipe/atomic_file.hpp).
class Exporter {
 public:
  virtual ~Exporter() = default;
  virtual void begin(const RunInfo& run) = 0;
  virtual void write(const Document& doc) = 0;
  virtual void finish(const RunSummary& summary) = 0;
  /// True after finish() when the findings reached a threshold that should fail the run
  /// (exit code 4), e.g. a console exporter gating a docs repository's CI.
  virtual bool gate_failed() const { return false; }
};

/// Everything a component declares about itself.
struct ComponentInfo {
  Kind kind = Kind::analyzer;
  std::string name;         ///< unique across plugins, used in pipeline files
  std::string version;      ///< the component's own version
  std::string description;  ///< one line
  std::vector<OptionSpec> options;
  std::vector<std::string> requires_annotations;  ///< analyzers: types an earlier stage must provide
  std::vector<std::string> provides_annotations;  ///< types this component adds
  std::vector<std::string> extensions;   ///< readers: file extensions without dot, lower case
  std::vector<std::string> media_types;  ///< readers: media types handled
};

using ReaderFactory = std::unique_ptr<Reader> (*)(const StageContext&);
using AnalyzerFactory = std::unique_ptr<Analyzer> (*)(const StageContext&);
using ExporterFactory = std::unique_ptr<Exporter> (*)(const StageContext&);

/// Handed to the plugin's registration function; collects its components.
class Registrar {
 public:
  virtual ~Registrar() = default;
  virtual void add_reader(ComponentInfo info, ReaderFactory make) = 0;
  virtual void add_analyzer(ComponentInfo info, AnalyzerFactory make) = 0;
  virtual void add_exporter(ComponentInfo info, ExporterFactory make) = 0;

  /// Registers T (constructible from const StageContext&) under info; the kind follows T's base.
  template <class T>
  void add(ComponentInfo info) {
    if constexpr (std::is_base_of_v<Reader, T>) {
      info.kind = Kind::reader;
      add_reader(std::move(info), [](const StageContext& c) -> std::unique_ptr<Reader> { return std::make_unique<T>(c); });
    } else if constexpr (std::is_base_of_v<Analyzer, T>) {
      info.kind = Kind::analyzer;
      add_analyzer(std::move(info), [](const StageContext& c) -> std::unique_ptr<Analyzer> { return std::make_unique<T>(c); });
    } else {
      static_assert(std::is_base_of_v<Exporter, T>, "T must derive from Reader, Analyzer or Exporter");
      info.kind = Kind::exporter;
      add_exporter(std::move(info), [](const StageContext& c) -> std::unique_ptr<Exporter> { return std::make_unique<T>(c); });
    }
  }
};

}  // namespace v2
}  // namespace docpipe

extern "C" {
/// One rule a component can emit: findings of that component carry category `category`, and a
/// project names the rule `STAGE/category` in its [rules] table. Plain C so it can sit in the
/// manifest; a plugin lists its rules in a static array ended by an all-null entry.
struct docpipe_rule {
  const char* component;  ///< the ComponentInfo::name that emits it
  const char* category;   ///< Finding::category, lower-case words joined by '-'
  const char* severity;   ///< the severity it is emitted with: "info", "warning" or "error"
  const char* summary;    ///< one line: what a finding of this rule means
};

/// The plain-C manifest the host reads before any C++ call into the library. Fields are only
/// ever appended; struct_size tells the host which ones a plugin has.
struct docpipe_manifest {
  std::uint32_t struct_size;
  std::uint32_t api_version;        ///< DOCPIPE_SDK_API_VERSION the plugin was built with
  const char* sdk_version;
  const char* compiler;
  const char* stdlib;
  std::uint32_t gxx_abi;
  std::uint32_t cxx11_abi;
  std::uint32_t stdlib_debug;
  const char* build_type;
  const char* plugin_name;          ///< the library's name, for listings
  /// Called only when the fingerprint matches the host's.
  void (*register_components)(docpipe::Registrar& registrar);
  /// Appended later (struct_size says whether a plugin has it): the rules its components emit,
  /// ended by an all-null entry; null when it declares none (the host then cannot check them).
  const docpipe_rule* rules;
};
}

/// docpipe_add_plugin(NAME ...) compiles a plugin's sources with DOCPIPE_PLUGIN_NAME defined as
/// "NAME", so a plugin whose one component shares its name writes it once, in CMake:
///   r.add<MyAnalyzer>({.name = DOCPIPE_PLUGIN_NAME, ...});  DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, ...)

/// Name of the one exported symbol: a function returning the manifest.
#define DOCPIPE_MANIFEST_SYMBOL "docpipe_plugin_manifest"

/// Defines the plugin's entry point, with the rules its components emit. Use once per library:
///   static constexpr docpipe_rule rules[] = {{"my-analyzer", "my-rule", "warning", "..."}, {}};
///   DOCPIPE_PLUGIN_WITH_RULES("my-plugin", register_components, rules)
#define DOCPIPE_PLUGIN_WITH_RULES(NAME, REGISTER_FN, RULES)                                   \
  extern "C" __attribute__((visibility("default"))) const docpipe_manifest*                   \
  docpipe_plugin_manifest() {                                                                 \
    static const docpipe_manifest manifest = {                                                \
        sizeof(docpipe_manifest), DOCPIPE_SDK_API_VERSION, DOCPIPE_SDK_VERSION,               \
        DOCPIPE_COMPILER,         DOCPIPE_STDLIB,          DOCPIPE_GXX_ABI,                   \
        DOCPIPE_CXX11_ABI,        DOCPIPE_STDLIB_DEBUG,    DOCPIPE_BUILD_TYPE,                \
        NAME,                     REGISTER_FN,             RULES};                            \
    return &manifest;                                                                         \
  }

/// Defines the entry point of a plugin whose components emit no findings (or declare no rules).
///   DOCPIPE_PLUGIN("my-plugin", register_components)
#define DOCPIPE_PLUGIN(NAME, REGISTER_FN) DOCPIPE_PLUGIN_WITH_RULES(NAME, REGISTER_FN, nullptr)
