// Fixtures for exporter tests: a temporary directory, an exporter built with its declared option
// defaults, a run description and hand-made documents.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../support/test_logger.hpp"
#include "docpipe/plugin.hpp"

namespace docpipe::test {

namespace fs = std::filesystem;

/// A fresh directory, removed with everything in it afterwards (even when a check fails).
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "docpipe-export-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(path_, ec))
      if (e.is_directory(ec)) fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

/// The whole content of a file.
inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Writes content to a file, creating its directory.
inline void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

/// Names of the entries of a directory, sorted.
inline std::vector<std::string> list_dir(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Options as the host hands them: every declared default, then the overrides.
inline Options options_with_defaults(const std::vector<OptionSpec>& specs, const Object& overrides) {
  Object values;
  for (const OptionSpec& spec : specs) values.set(spec.name, spec.default_value);
  for (const auto& [key, value] : overrides) values.set(key, value);
  return Options(std::move(values));
}

/// The names of declared options, in order.
inline std::vector<std::string> option_names(const std::vector<OptionSpec>& specs) {
  std::vector<std::string> names;
  for (const OptionSpec& s : specs) names.push_back(s.name);
  return names;
}

/// An exporter of type T with the context it was created from (which must outlive it).
template <class T>
struct ExporterUnderTest {
  explicit ExporterUnderTest(const Object& overrides = {})
      : options(options_with_defaults(T::option_specs(), overrides)),
        context{"export", options, log},
        exporter(std::make_unique<T>(context)) {}
  T* operator->() { return exporter.get(); }

  Options options;
  TestLogger log;
  StageContext context;
  std::unique_ptr<T> exporter;
};

/// A run writing into output_dir, with two stages.
inline RunInfo make_run(const fs::path& output_dir) {
  RunInfo run;
  run.docpipe_version = "0.1.0";
  run.pipeline_hash = "0123456789abcdef";
  run.pipeline_path = "/pipelines/default.toml";
  run.output_dir = output_dir.string();
  run.started_at = "2024-05-01T12:00:00Z";
  run.stages = {{"text", "text", "1.0.0", Kind::reader},
                {"stats", "stats", "1.2.0", Kind::analyzer},
                {"json", "json", "1.0.0", Kind::exporter}};
  return run;
}

/// A document with metadata, metrics, a finding, a diagnostic and two annotations.
inline Document make_document(const std::string& id, const std::string& text = "Title\n\nSome words here.\n") {
  Document doc;
  doc.id = id;
  doc.source_uri = "/corpus/" + id;
  doc.media_type = "text/plain";
  doc.text = text;
  doc.metadata.set("title", "Title");
  doc.metadata.set("encoding", "utf-8");
  Object& stats = doc.stage_metrics("stats");
  stats.set("words", 4);
  stats.set("average_word_length", 4.25);
  doc.findings.push_back(Finding{.stage = "style",
                                 .category = "long-sentence",
                                 .severity = Severity::warning,
                                 .message = "sentence is long",
                                 .span = {7, 23},
                                 .score = 0.75,
                                 .data = Object{{"words", 3}}});
  doc.diagnostics.push_back(Diagnostic{Severity::info, "text", "read as UTF-8"});
  doc.annotate("heading", {0, 5}, Object{{"level", 1}});
  doc.annotate("paragraph", {7, 23});
  return doc;
}

}  // namespace docpipe::test
