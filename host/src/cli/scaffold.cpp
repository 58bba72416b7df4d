#include "cli/scaffold.hpp"

#include <cctype>
#include <fstream>
#include <map>

#include "docpipe/error.hpp"
#include "docpipe/version.hpp"
#include "host_config.hpp"

namespace docpipe::host {
namespace fs = std::filesystem;

namespace {

// Templates: @NAME@ plugin name, @IDENT@ C++ identifier, @CLASS@ class name, @SDK@ SDK version.
const char* const cmake_template = R"tpl(cmake_minimum_required(VERSION 3.25)
project(@NAME@ VERSION 0.1.0 LANGUAGES CXX)

# The installed docpipe SDK: docpipe::sdk and docpipe_add_plugin(). Point CMAKE_PREFIX_PATH at the
# prefix docpipe was installed to if it is not a standard one.
find_package(docpipe @SDK@ CONFIG REQUIRED)

# Builds plugins/docpipe-@NAME@.so in the build tree; `cmake --install` puts it where an installed
# docpipe with the same prefix finds it.
docpipe_add_plugin(@NAME@ SOURCES src/@IDENT@.cpp)

include(CTest)
if(BUILD_TESTING)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
  # The test compiles the plugin's source itself and drives it through docpipe/testing.hpp.
  add_executable(@IDENT@_test tests/@IDENT@_test.cpp src/@IDENT@.cpp)
  target_link_libraries(@IDENT@_test PRIVATE docpipe::sdk Catch2::Catch2)
  catch_discover_tests(@IDENT@_test)
endif()
)tpl";

const char* const analyzer_source = R"tpl(// @NAME@: a docpipe analyzer. It reports every occurrence of a configurable list of words.
#include <cctype>
#include <string>
#include <vector>

#include "docpipe/docpipe.hpp"

namespace {

class @CLASS@ final : public docpipe::Analyzer {
 public:
  explicit @CLASS@(const docpipe::StageContext& ctx)
      : stage_(ctx.stage_id), words_(ctx.options.get_string_list("words")) {}

  void analyze(docpipe::Document& doc) override {
    std::int64_t count = 0;
    const std::string& text = doc.text;
    for (std::size_t i = 0; i < text.size();) {
      // One word at a time: letters, digits and apostrophes.
      while (i < text.size() && !is_word_byte(text[i])) ++i;
      const std::size_t begin = i;
      while (i < text.size() && is_word_byte(text[i])) ++i;
      if (begin == i) break;
      std::string word = text.substr(begin, i - begin);
      for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const auto& w : words_) {
        if (w != word) continue;
        ++count;
        docpipe::Finding f;
        f.category = "listed-word";
        f.severity = docpipe::Severity::info;
        f.message = "'" + w + "' is on the list";
        f.span = {begin, i};
        doc.findings.push_back(std::move(f));
      }
    }
    doc.stage_metrics(stage_)["count"] = count;
  }

 private:
  static bool is_word_byte(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '\'' || (static_cast<unsigned char>(c) & 0x80);
  }
  std::string stage_;
  std::vector<std::string> words_;
};

void register_components(docpipe::Registrar& r) {
  r.add<@CLASS@>({.name = "@NAME@",
                  .version = "0.1.0",
                  .description = "Reports each occurrence of listed words",
                  .options = {{.name = "words",
                               .type = docpipe::OptionType::string_list,
                               .default_value = docpipe::Array{"very", "really"},
                               .description = "lower-case words to report"}}});
}

}  // namespace

DOCPIPE_PLUGIN("@NAME@", register_components)
)tpl";

const char* const analyzer_test = R"tpl(#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "docpipe/testing.hpp"

using namespace docpipe::testing;

TEST_CASE("@NAME@ reports listed words with their spans") {
  PluginUnderTest plugin;
  auto doc = plugin.analyze("@NAME@", document("It was very, VERY cold. Really."));
  const auto found = findings_of(doc, "listed-word");
  REQUIRE(found.size() == 3);
  CHECK(doc.slice(found[0]->span) == "very");
  CHECK(doc.slice(found[1]->span) == "VERY");
  CHECK(metric(doc, "@NAME@", "count") == docpipe::Value(3));
}

TEST_CASE("@NAME@ takes its word list from the options") {
  PluginUnderTest plugin;
  auto doc = plugin.analyze("@NAME@", document("A cold, cold night."), {{"words", docpipe::Array{"cold"}}});
  CHECK(findings_of(doc).size() == 2);
  CHECK_THROWS_AS(plugin.analyzer("@NAME@", {{"words", 3}}), docpipe::Error);
}
)tpl";

const char* const reader_source = R"tpl(// @NAME@: a docpipe reader for *.@NAME@ files: one paragraph per non-empty line; lines that
// start with '#' are comments unless the option keep_comments is set.
#include <string>
#include <vector>

#include "docpipe/docpipe.hpp"

namespace {

class @CLASS@ final : public docpipe::Reader {
 public:
  explicit @CLASS@(const docpipe::StageContext& ctx) : keep_comments_(ctx.options.get_bool("keep_comments")) {}

  void read(const docpipe::Input& input, std::vector<docpipe::Document>& out) override {
    if (!docpipe::utf8_valid(input.bytes)) throw docpipe::Error(std::string(input.uri) + ": not UTF-8 text");
    docpipe::Document doc;
    doc.id = std::string(input.id);
    doc.source_uri = std::string(input.uri);
    doc.media_type = "text/x-@NAME@";
    std::size_t pos = 0;
    while (pos < input.bytes.size()) {
      std::size_t end = input.bytes.find('\n', pos);
      if (end == std::string_view::npos) end = input.bytes.size();
      const std::string_view line = input.bytes.substr(pos, end - pos);
      if (!line.empty() && (keep_comments_ || line[0] != '#')) {
        if (!doc.text.empty()) doc.text += "\n\n";
        const std::uint64_t begin = doc.text.size();
        // Keep the way back to the file: these text bytes came from these file bytes.
        doc.source_map.add(begin, pos, line.size());
        doc.text += line;
        doc.annotate(docpipe::annotation::paragraph, {begin, doc.text.size()});
      }
      pos = end + 1;
    }
    doc.source_map.set_source_lines(input.bytes);
    out.push_back(std::move(doc));
  }

 private:
  bool keep_comments_;
};

void register_components(docpipe::Registrar& r) {
  r.add<@CLASS@>({.name = "@NAME@",
                  .version = "0.1.0",
                  .description = "Reads *.@NAME@ files, one paragraph per line",
                  .options = {{.name = "keep_comments",
                               .type = docpipe::OptionType::boolean,
                               .default_value = false,
                               .description = "keep lines starting with '#'"}},
                  .provides_annotations = {"paragraph"},
                  .extensions = {"@NAME@"},
                  .media_types = {"text/x-@NAME@"}});
}

}  // namespace

DOCPIPE_PLUGIN("@NAME@", register_components)
)tpl";

const char* const reader_test = R"tpl(#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "docpipe/testing.hpp"

using namespace docpipe::testing;

TEST_CASE("@NAME@ makes one paragraph per line and skips comments") {
  PluginUnderTest plugin;
  auto docs = plugin.read("@NAME@", "# a comment\nfirst line\n\nsecond line\n", "notes.@NAME@");
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].text == "first line\n\nsecond line");
  CHECK(texts_of(docs[0], "paragraph") == std::vector<std::string>{"first line", "second line"});
  // "second" is on line 4, column 1 of the file.
  const auto pos = docs[0].source_map.locate(docs[0].text.find("second"));
  REQUIRE(pos);
  CHECK(pos->line == 4);
  CHECK(pos->column == 1);
}

TEST_CASE("@NAME@ keeps comments when asked and refuses binary input") {
  PluginUnderTest plugin;
  auto docs = plugin.read("@NAME@", "# kept\n", "x.@NAME@", {{"keep_comments", true}});
  CHECK(docs[0].text == "# kept");
  CHECK_THROWS_AS(plugin.read("@NAME@", std::string("\xff\xfe\x00", 3)), docpipe::Error);
}
)tpl";

const char* const exporter_source = R"tpl(// @NAME@: a docpipe exporter writing one tab-separated line per document: id, status, findings.
#include <string>

#include "docpipe/docpipe.hpp"

namespace {

class @CLASS@ final : public docpipe::Exporter {
 public:
  explicit @CLASS@(const docpipe::StageContext& ctx) : file_(ctx.options.get_string("file")) {}

  void begin(const docpipe::RunInfo& run) override {
    // Written to a temporary file and renamed in finish(): an interrupted run leaves the old file.
    out_ = std::make_unique<docpipe::AtomicFile>(docpipe::join_path(run.output_dir, file_));
    out_->write("id\tstatus\tfindings\n");
  }
  void write(const docpipe::Document& doc) override {
    out_->write(clean(doc.id) + "\t" + (doc.failed ? "failed" : "ok") + "\t" + std::to_string(doc.findings.size()) + "\n");
  }
  void finish(const docpipe::RunSummary&) override { out_->commit(); }

 private:
  static std::string clean(std::string s) {
    for (auto& c : s)
      if (c == '\t' || c == '\n') c = ' ';
    return s;
  }
  std::string file_;
  std::unique_ptr<docpipe::AtomicFile> out_;
};

void register_components(docpipe::Registrar& r) {
  r.add<@CLASS@>({.name = "@NAME@",
                  .version = "0.1.0",
                  .description = "Writes id, status and finding count per document as TSV",
                  .options = {{.name = "file",
                               .type = docpipe::OptionType::string,
                               .default_value = "@NAME@.tsv",
                               .description = "output file name, relative to the output directory"}}});
}

}  // namespace

DOCPIPE_PLUGIN("@NAME@", register_components)
)tpl";

const char* const exporter_test = R"tpl(#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "docpipe/testing.hpp"

using namespace docpipe::testing;
namespace fs = std::filesystem;

TEST_CASE("@NAME@ writes a line per document and publishes the file only in finish()") {
  const fs::path dir = fs::temp_directory_path() / "@IDENT@-test";
  fs::remove_all(dir);  // a run that failed half-way must not fail every later one
  fs::create_directories(dir);
  PluginUnderTest plugin;
  auto exporter = plugin.exporter("@NAME@", {{"file", "out.tsv"}});
  docpipe::RunInfo run;
  run.output_dir = dir.string();
  exporter->begin(run);
  auto doc = document("text", "a\tb.txt");
  doc.findings.push_back({});
  exporter->write(doc);
  CHECK_FALSE(fs::exists(dir / "out.tsv"));
  exporter->finish({});
  std::ifstream in(dir / "out.tsv");
  std::stringstream s;
  s << in.rdbuf();
  CHECK(s.str() == "id\tstatus\tfindings\na b.txt\tok\t1\n");
  fs::remove_all(dir);
}
)tpl";

const char* const pipeline_template = R"tpl(# A pipeline that uses the @NAME@ plugin from this project's build tree.
# Run it with: docpipe run @NAME@.toml
inputs = ["sample"]
output = "out"
plugin_paths = ["build/plugins"]
@STAGES@
)tpl";

const char* const readme_template = R"tpl(# @NAME@: a docpipe @KIND@ plugin

Scaffolded by `docpipe new @KIND@ @NAME@`. It builds against the installed docpipe SDK.

    cmake -S . -B build -DCMAKE_PREFIX_PATH=/path/to/docpipe/prefix
    cmake --build build
    ctest --test-dir build --output-on-failure
    docpipe run @NAME@.toml          # uses build/plugins/docpipe-@NAME@.so
    docpipe --plugin-path build/plugins plugins info @NAME@

- `src/@IDENT@.cpp`: the plugin: its component, metadata and options, and the DOCPIPE_PLUGIN entry point.
- `tests/@IDENT@_test.cpp`: Catch2 tests using `docpipe/testing.hpp` (no host needed).
- `@NAME@.toml`: a pipeline running it over `sample/`.

`cmake --install build --prefix P` installs the plugin into `P/@PLUGINDIR@`, where a docpipe installed
with the same prefix finds it without --plugin-path. See docpipe's docs/plugin-guide.md and docs/sdk.md.
)tpl";

std::string replace_all(std::string s, const std::map<std::string, std::string>& vars) {
  for (const auto& [key, value] : vars)
    for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
      s.replace(at, key.size(), value);
  return s;
}

// Single-quoted for a POSIX shell when it holds anything but safe characters.
std::string shell_quote(const std::string& s) {
  const bool safe = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                      "0123456789/._-+=:@%,") == std::string::npos;
  if (safe) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The install prefix of this docpipe when it runs from one (its CMake package is there), so the
// printed commands find the SDK even when the prefix is not a standard one; empty otherwise.
fs::path installed_prefix() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path prefix = exe.parent_path().parent_path();
  const fs::path libdir = fs::path(DOCPIPE_INSTALL_PLUGINDIR).parent_path().parent_path();
  return fs::exists(prefix / libdir / "cmake" / "docpipe" / "docpipeConfig.cmake", ec) ? prefix : fs::path();
}

void write(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << content;
  if (!f) throw Error("cannot write " + p.string());
}

}  // namespace

std::string scaffold_plugin(const std::string& kind, const std::string& name, const fs::path& dir) {
  if (kind != "analyzer" && kind != "reader" && kind != "exporter")
    throw Error("unknown plugin kind '" + kind + "'; expected analyzer, reader or exporter");
  bool valid = !name.empty() && name.size() <= 40 && std::islower(static_cast<unsigned char>(name[0]));
  for (char c : name) valid = valid && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-');
  if (!valid)
    throw Error("invalid plugin name '" + name + "': use lower-case letters, digits and '-', starting with a letter");
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
    throw Error(dir.string() + " exists and is not empty; choose another --dir");

  std::string ident = name, cls;
  for (auto& c : ident)
    if (c == '-') c = '_';
  bool upper = true;
  for (char c : name) {
    if (c == '-') {
      upper = true;
      continue;
    }
    cls += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  cls += kind == "analyzer" ? "Analyzer" : kind == "reader" ? "Reader" : "Exporter";
  std::string stages;
  std::string sample_name = "hello.txt";
  if (kind == "analyzer") {
    stages = "\n[[analyzers]]\nplugin = \"" + name + "\"\noptions = { words = [\"very\", \"really\"] }\n\n"
             "[[exporters]]\nplugin = \"json\"\n";
  } else if (kind == "reader") {
    stages = "reader = \"" + name + "\"\n\n[[analyzers]]\nplugin = \"stats\"\n\n[[exporters]]\nplugin = \"json\"\n";
    sample_name = "hello." + name;
  } else {
    stages = "\n[[analyzers]]\nplugin = \"stats\"\n\n[[exporters]]\nplugin = \"" + name + "\"\n";
  }
  const std::map<std::string, std::string> vars = {
      {"@NAME@", name}, {"@IDENT@", ident}, {"@CLASS@", cls}, {"@KIND@", kind},
      {"@SDK@", DOCPIPE_SDK_VERSION}, {"@PLUGINDIR@", DOCPIPE_INSTALL_PLUGINDIR}, {"@STAGES@", stages}};
  const char* source = kind == "analyzer" ? analyzer_source : kind == "reader" ? reader_source : exporter_source;
  const char* test = kind == "analyzer" ? analyzer_test : kind == "reader" ? reader_test : exporter_test;
  write(dir / "CMakeLists.txt", replace_all(cmake_template, vars));
  write(dir / "src" / (ident + ".cpp"), replace_all(source, vars));
  write(dir / "tests" / (ident + "_test.cpp"), replace_all(test, vars));
  write(dir / (name + ".toml"), replace_all(pipeline_template, vars));
  write(dir / "README.md", replace_all(readme_template, vars));
  write(dir / "sample" / sample_name,
        "A very short sample document.\n\nIt is really only here so the pipeline has something to read.\n");
  write(dir / ".gitignore", "/build/\n/out/\n");
  const std::string d = shell_quote(dir.string()), b = shell_quote((dir / "build").string());
  const fs::path prefix = installed_prefix();
  const std::string prefix_arg = prefix.empty() ? "" : " -DCMAKE_PREFIX_PATH=" + shell_quote(prefix.string());
  return "created " + kind + " plugin '" + name + "' in " + dir.string() + "\nnext: cmake -S " + d + " -B " + b +
         prefix_arg + " && cmake --build " + b + " && ctest --test-dir " + b;
}

}  // namespace docpipe::host
