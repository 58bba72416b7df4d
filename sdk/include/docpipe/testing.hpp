// Test harness for plugin authors: run your components on in-memory documents, without the host.
// Compile your plugin's sources (entry point included) into the test executable, then:
//
//   docpipe::testing::PluginUnderTest plugin;                 // registers your components
//   auto doc = plugin.analyze("hedges", docpipe::testing::document("It may rain."),
//                             {{"min_hedges", 1}});           // options checked like the host does
//   REQUIRE(docpipe::testing::findings_of(doc, "hedge").size() == 1);
//
// Framework-neutral: it throws docpipe::Error on misuse and works with Catch2, GoogleTest or plain asserts.
#pragma once

#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docpipe/document.hpp"
#include "docpipe/error.hpp"
#include "docpipe/logger.hpp"
#include "docpipe/options.hpp"
#include "docpipe/plugin.hpp"

/// Defined by DOCPIPE_PLUGIN in the plugin under test.
extern "C" const docpipe_manifest* docpipe_plugin_manifest();

namespace docpipe {
inline namespace v2 {
namespace testing {

/// A logger that keeps every message, so tests can assert on warnings.
class CapturingLogger final : public Logger {
 public:
  struct Message {
    LogLevel level;
    std::string text;
  };
  void log(LogLevel level, std::string_view message) override {
    std::lock_guard lock(m_);
    messages_.push_back({level, std::string(message)});
  }
  bool enabled(LogLevel) const override { return true; }
  /// Every message logged so far.
  std::vector<Message> messages() const {
    std::lock_guard lock(m_);
    return messages_;
  }

 private:
  mutable std::mutex m_;
  std::vector<Message> messages_;
};

/// A document with the given text, id and media type.
inline Document document(std::string text, std::string id = "test.txt", std::string media_type = "text/plain") {
  Document d;
  d.id = id;
  d.source_uri = std::move(id);
  d.media_type = std::move(media_type);
  d.text = std::move(text);
  return d;
}

/// Adds an annotation of type over the first occurrence of needle in the text; throws when absent.
inline Annotation& annotate_text(Document& doc, std::string_view type, std::string_view needle,
                                 Object features = {}) {
  const auto at = doc.text.find(needle);
  if (at == std::string::npos) throw Error("annotate_text: '" + std::string(needle) + "' is not in the text");
  return doc.annotate(type, Span{at, at + needle.size()}, std::move(features));
}

/// The texts covered by annotations of one type, in order.
inline std::vector<std::string> texts_of(const Document& doc, std::string_view type) {
  std::vector<std::string> out;
  for (const auto* a : doc.annotations_of(type)) out.emplace_back(doc.slice(a->span));
  return out;
}

/// Findings of one category (every finding when category is empty).
inline std::vector<const Finding*> findings_of(const Document& doc, std::string_view category = {}) {
  std::vector<const Finding*> out;
  for (const auto& f : doc.findings)
    if (category.empty() || f.category == category) out.push_back(&f);
  return out;
}

/// A metric of a stage, or a null value when absent.
inline const Value& metric(const Document& doc, std::string_view stage, std::string_view name) {
  static const Value null_value;
  const Value* s = doc.metrics.find(stage);
  if (s == nullptr || !s->is_object()) return null_value;
  const Value* v = s->as_object().find(name);
  return v ? *v : null_value;
}

/// Options as the host would build them: declared defaults, then given values, type-checked.
inline Options resolve_options(const ComponentInfo& info, const Object& given) {
  Object values;
  for (const auto& spec : info.options) values.set(spec.name, spec.default_value);
  for (const auto& entry : given) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::string& name = entry.first;
    const Value& v = entry.second;
    auto spec = std::find_if(info.options.begin(), info.options.end(), [&](const auto& s) { return s.name == name; });
    if (spec == info.options.end()) throw Error("unknown option '" + name + "' for " + info.name);
    bool ok = (spec->type == OptionType::boolean && v.is_bool()) ||
                    (spec->type == OptionType::integer && v.is_int()) ||
                    (spec->type == OptionType::number && v.is_number()) ||
                    (spec->type == OptionType::string && v.is_string()) ||
                    (spec->type == OptionType::string_list && v.is_array());
    if (ok && spec->type == OptionType::string_list)
      for (const auto& el : v.as_array()) ok = ok && el.is_string();
    if (!ok) throw Error("option '" + name + "' of " + info.name + " must be a " + std::string(to_string(spec->type)));
    if (spec->type == OptionType::string && !spec->choices.empty() &&
        std::find(spec->choices.begin(), spec->choices.end(), v.as_string()) == spec->choices.end())
      throw Error("option '" + name + "' of " + info.name + " must be one of its choices, got \"" + v.as_string() + "\"");
    values.set(name, spec->type == OptionType::number ? Value(v.as_double()) : v);
  }
  for (const auto& spec : info.options)
    if (spec.required && values.find(spec.name)->is_null())
      throw Error("missing required option '" + spec.name + "' for " + info.name);
  return Options(std::move(values));
}

/// The components one plugin registers, ready to instantiate with options.
class PluginUnderTest {
 public:
  /// Registers the components of the plugin whose manifest function is given.
  explicit PluginUnderTest(const docpipe_manifest* manifest = docpipe_plugin_manifest()) {
    if (manifest == nullptr || manifest->register_components == nullptr) throw Error("no plugin manifest");
    if (manifest->api_version != DOCPIPE_SDK_API_VERSION) throw Error("plugin built against another SDK API version");
    Collector collector(*this);
    manifest->register_components(collector);
  }

  /// What a component declared; throws when the plugin has no component of that name.
  const ComponentInfo& info(std::string_view name) const { return entry(name).info; }
  /// Names of every registered component.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) out.push_back(e.info.name);
    return out;
  }
  /// The logger every instance made here writes to.
  CapturingLogger& log() { return log_; }

  std::unique_ptr<Analyzer> analyzer(std::string_view name, const Object& options = {}) {
    const Entry& e = entry(name);
    if (!e.analyzer) throw Error(std::string(name) + " is not an analyzer");
    return e.analyzer(context(e.info, options));
  }
  std::unique_ptr<Reader> reader(std::string_view name, const Object& options = {}) {
    const Entry& e = entry(name);
    if (!e.reader) throw Error(std::string(name) + " is not a reader");
    return e.reader(context(e.info, options));
  }
  std::unique_ptr<Exporter> exporter(std::string_view name, const Object& options = {}) {
    const Entry& e = entry(name);
    if (!e.exporter) throw Error(std::string(name) + " is not an exporter");
    return e.exporter(context(e.info, options));
  }

  /// Runs one analyzer once on doc and returns the result; the stage id is the component name,
  /// and findings and diagnostics get it filled in as the host would.
  Document analyze(std::string_view name, Document doc, const Object& options = {}) {
    const std::size_t nf = doc.findings.size(), nd = doc.diagnostics.size();
    analyzer(name, options)->analyze(doc);
    for (std::size_t i = nf; i < doc.findings.size(); ++i)
      if (doc.findings[i].stage.empty()) doc.findings[i].stage = std::string(name);
    for (std::size_t i = nd; i < doc.diagnostics.size(); ++i)
      if (doc.diagnostics[i].stage.empty()) doc.diagnostics[i].stage = std::string(name);
    return doc;
  }

  /// Runs one reader on bytes as if they came from a file named uri.
  std::vector<Document> read(std::string_view name, std::string_view bytes, std::string_view uri = "test.txt",
                             const Object& options = {}) {
    std::vector<Document> out;
    reader(name, options)->read(Input{uri, uri, bytes, {}}, out);
    return out;
  }

 private:
  struct Entry {
    ComponentInfo info;
    ReaderFactory reader = nullptr;
    AnalyzerFactory analyzer = nullptr;
    ExporterFactory exporter = nullptr;
  };
  struct Stage {
    std::string id;
    Options options;
    std::unique_ptr<StageContext> context;
  };
  class Collector final : public Registrar {
   public:
    explicit Collector(PluginUnderTest& p) : p_(p) {}
    void add_reader(ComponentInfo info, ReaderFactory make) override {
      info.kind = Kind::reader;
      p_.entries_.push_back({std::move(info), make, nullptr, nullptr});
    }
    void add_analyzer(ComponentInfo info, AnalyzerFactory make) override {
      info.kind = Kind::analyzer;
      p_.entries_.push_back({std::move(info), nullptr, make, nullptr});
    }
    void add_exporter(ComponentInfo info, ExporterFactory make) override {
      info.kind = Kind::exporter;
      p_.entries_.push_back({std::move(info), nullptr, nullptr, make});
    }

   private:
    PluginUnderTest& p_;
  };

  const Entry& entry(std::string_view name) const {
    for (const auto& e : entries_)
      if (e.info.name == name) return e;
    throw Error("the plugin registers no component named '" + std::string(name) + "'");
  }

  // Contexts must outlive the instances made from them: keep every one for the harness's lifetime.
  const StageContext& context(const ComponentInfo& info, const Object& options) {
    auto& s = stages_.emplace_back();
    s.id = info.name;
    s.options = resolve_options(info, options);
    s.context = std::make_unique<StageContext>(StageContext{s.id, s.options, log_});
    return *s.context;
  }

  std::vector<Entry> entries_;
  std::deque<Stage> stages_;
  CapturingLogger log_;
};

}  // namespace testing
}  // namespace v2
}  // namespace docpipe
