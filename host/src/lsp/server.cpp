#include "lsp/server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/input_listing.hpp"
#include "config/discovery.hpp"
#include "config/rules.hpp"
#include "docpipe/text.hpp"
#include "export_support.hpp"
#include "host_config.hpp"
#include "loader/child_process.hpp"
#include "lsp/completion.hpp"
#include "lsp/framing.hpp"
#include "lsp/text_document.hpp"
#include "lsp/uri.hpp"
#include "pipeline/baseline.hpp"
#include "pipeline/inputs.hpp"
#include "pipeline/runner.hpp"
#include "pipeline/suppression.hpp"

namespace docpipe::host::lsp {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// JSON-RPC and LSP error codes.
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int server_not_initialized = -32002;

constexpr std::string_view add_to_baseline_command = "docpipe.addToBaseline";
constexpr std::string_view baseline_file_name = "docpipe-baseline.json";
// Where codeDescription points: the rule tables of docs/rules.md, one section per stage.
constexpr std::string_view rules_doc = DOCPIPE_RULES_DOC_URL;

json error_response(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json lsp_position(Position p) { return {{"line", p.line}, {"character", p.character}}; }
json lsp_range(const Range& r) { return {{"start", lsp_position(r.start)}, {"end", lsp_position(r.end)}}; }
Position position_from(const json& j) {
  return {j.at("line").get<std::uint32_t>(), j.at("character").get<std::uint32_t>()};
}

int lsp_severity(Severity s) {
  switch (s) {
    case Severity::error:
      return 1;
    case Severity::warning:
      return 2;
    case Severity::info:
      break;
  }
  return 3;
}

/// The reader extension a client's language id stands for ("" when the extension decides).
std::string extension_for_language(const std::string& language) {
  if (language == "markdown") return "md";
  if (language == "html") return "html";
  if (language == "plaintext" || language == "text") return "txt";
  return {};
}

bool is_pipeline_file(const fs::path& path) {
  const std::string name = path.filename().string();
  return std::any_of(std::begin(project_file_names), std::end(project_file_names),
                     [&](std::string_view n) { return name == n; });
}

/// One finding as published, kept for hover and code actions.
struct Published {
  Range range;
  std::string rule;
  std::string message;
  std::string hover;
  std::optional<BaselineKey> key;
};

struct OpenDocument {
  std::string uri;
  fs::path path;
  std::string language;
  std::int64_t version = 0;
  TextDocument buffer;
  std::optional<Clock::time_point> due;  ///< when to run next
  std::vector<Published> findings;
  DirectiveSyntax syntax_comment = DirectiveSyntax::none;  ///< of the reader of the last run
};

/// A pipeline with its plugins, loaded once and kept while its docpipe.toml does not change.
struct Project {
  fs::path file;  ///< docpipe.toml; empty for the built-in pipeline
  std::unique_ptr<PluginRegistry> registry = std::make_unique<PluginRegistry>();
  PipelineConfig config;
  std::unique_ptr<ResidentPipeline> pipeline;
  std::vector<std::string> errors;  ///< why it could not be loaded ("origin: message")
  std::vector<RuleEntry> rules;
  std::optional<Baseline> baseline;
  std::optional<std::map<fs::path, std::string>> ids;  ///< document ids as `docpipe run` names them
  std::set<fs::path> unlisted;                         ///< open files the walk does not list
  fs::path baseline_file() const { return file.empty() ? fs::path() : file.parent_path() / baseline_file_name; }
};

std::string summary_of(const Project& p, const std::string& rule) {
  for (const RuleEntry& r : p.rules)
    if (r.id == rule) return r.summary;
  return {};
}

/// The rule's explanation and the figures behind the finding, as Markdown.
std::string hover_text(const Project& p, const std::string& rule, const Finding& f) {
  std::string out = "**" + rule + "** (" + std::string(to_string(f.severity)) + ")";
  if (const std::string s = summary_of(p, rule); !s.empty()) out += ": " + s;
  out += "\n\n" + f.message;
  std::string figures;
  for (const auto& [name, value] : f.data) {
    if (name == "sentence" || name == "source_offset" || name == "line" || name == "column" || name == "lsp_index")
      continue;
    if (value.is_number() || value.is_bool() || (value.is_string() && value.as_string().size() < 40))
      figures += "\n- " + name + ": " + plugins::value_text(value);
    if (name == "score_breakdown" && value.is_object())
      for (const auto& [feature, weight] : value.as_object())
        figures += "\n- feature " + feature + ": " + plugins::value_text(weight);
    if (name == "triggers" && value.is_array() && !value.as_array().empty()) {
      std::string kinds;
      for (const Value& t : value.as_array())
        if (t.is_object())
          if (const Value* k = t.as_object().find("kind"); k && k->is_string())
            kinds += (kinds.empty() ? "" : ", ") + k->as_string();
      figures += "\n- triggers: " + kinds;
    }
  }
  if (!figures.empty()) out += "\n" + figures;
  return out;
}

/// "stage 'S' failed: ..." from a failed document's error, without what only a batch run needs
/// (the path first, "only this document failed").
std::string stage_failure(const Diagnostic& d, const std::string& path) {
  std::string message = d.message;
  if (message.compare(0, path.size() + 2, path + ": ") == 0) message.erase(0, path.size() + 2);
  if (message.compare(0, 6, "stage ") == 0) return message;
  for (const std::string& cut : {std::string("; only this document failed"), " in stage '" + d.stage + "'"})
    if (message.size() >= cut.size() && message.compare(message.size() - cut.size(), cut.size(), cut) == 0)
      message.erase(message.size() - cut.size());
  return "stage '" + (d.stage.empty() ? std::string("input") : d.stage) + "' failed: " + message;
}

class Server {
 public:
  Server(int in, int out, const ServerOptions& o) : in_(in), out_(out), options_(o), debounce_ms_(o.debounce_ms) {
    options_.global.quiet = true;
  }

  int run() {
    for (;;) {
      while (!pending_.empty()) {
        Frame f = std::move(pending_.front());
        pending_.pop_front();
        handle(f);
        if (exit_code_) return *exit_code_;
      }
      if (eof_) return shutdown_ ? 0 : 1;
      if (run_due()) continue;
      int timeout = -1;
      if (const auto next = next_due()) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*next - Clock::now()).count();
        timeout = static_cast<int>(std::max<long long>(0, ms + 1));
      }
      pollfd pfd{in_, POLLIN, 0};
      const int n = ::poll(&pfd, 1, timeout);
      if (n < 0 && errno != EINTR) return 1;
      if (n > 0) read_input();
    }
  }

 private:
  // ---- transport -----------------------------------------------------------------------

  /// Reads what is there (one read) and queues the complete frames; sets eof_ at the end.
  void read_input() {
    char buf[65536];
    const ssize_t n = ::read(in_, buf, sizeof buf);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
      eof_ = true;
      return;
    }
    if (n < 0) return;
    frames_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    while (auto f = frames_.next()) pending_.push_back(std::move(*f));
  }

  void send(const json& message) {
    const std::string bytes = frame(message);
    if (!write_all(out_, bytes.data(), bytes.size())) eof_ = true;  // the client is gone
  }

  void respond(const json& id, json result) { send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}); }
  void notify(const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }

  // ---- dispatch ------------------------------------------------------------------------

  void handle(const Frame& f) {
    if (!f.message) return send(error_response(nullptr, parse_error, f.error));
    const json& m = *f.message;
    const bool valid_id = m.is_object() && m.contains("id") && (m["id"].is_number_integer() || m["id"].is_string());
    const json id = valid_id ? m["id"] : json(nullptr);
    if (!m.is_object() || m.value("jsonrpc", json()) != "2.0" || (m.contains("id") && !valid_id && !m["id"].is_null()))
      return send(error_response(id, invalid_request, "Invalid Request"));
    if (!m.contains("method")) {
      if (valid_id && (m.contains("result") || m.contains("error"))) return;  // a reply to a request of ours
      return send(error_response(id, invalid_request, "Invalid Request"));
    }
    if (!m["method"].is_string()) return send(error_response(id, invalid_request, "Invalid Request"));
    const std::string method = m["method"];
    const bool request = m.contains("id");
    const json params = m.value("params", json::object());
    if (method == "exit") {
      exit_code_ = shutdown_ ? 0 : 1;
      return;
    }
    if (!initialized_ && method != "initialize") {
      if (request) send(error_response(id, server_not_initialized, "Server not initialized"));
      return;
    }
    if (shutdown_) {
      if (request) send(error_response(id, invalid_request, "Invalid Request: the server is shut down"));
      return;
    }
    try {
      if (request)
        handle_request(id, method, params);
      else
        handle_notification(method, params);
    } catch (const std::exception& e) {
      if (request) send(error_response(id, invalid_params, std::string("Invalid params: ") + e.what()));
    }
  }

  void handle_request(const json& id, const std::string& method, const json& params) {
    if (method == "initialize") return initialize(id, params);
    if (method == "shutdown") {
      shutdown_ = true;
      return respond(id, nullptr);
    }
    if (method == "textDocument/hover") return respond(id, hover(params));
    if (method == "textDocument/codeAction") return respond(id, code_actions(params));
    if (method == "textDocument/completion") return respond(id, completion(params));
    if (method == "workspace/executeCommand") return respond(id, execute_command(params));
    send(error_response(id, method_not_found, "Method not found: " + method));
  }

  void handle_notification(const std::string& method, const json& params) {
    if (method == "textDocument/didOpen") return did_open(params.at("textDocument"));
    if (method == "textDocument/didChange") return did_change(params);
    if (method == "textDocument/didSave") return did_save(params);
    if (method == "textDocument/didClose") return did_close(params);
    if (method == "workspace/didChangeWatchedFiles") return reload_all();
    // initialized, $/cancelRequest, $/setTrace, ...: nothing to do
  }

  void initialize(const json& id, const json& params) {
    if (initialized_)
      return send(error_response(id, invalid_request, "Invalid Request: initialize was already received"));
    initialized_ = true;
    encoding_ = PositionEncoding::utf16;
    if (const json* general = find_path(params, {"capabilities", "general", "positionEncodings"});
        general && general->is_array())
      for (const json& e : *general) {  // the client lists them in its order of preference
        if (e == "utf-16") break;
        if (e == "utf-8" || e == "utf-32") {
          encoding_ = e == "utf-8" ? PositionEncoding::utf8 : PositionEncoding::utf32;
          break;
        }
      }
    if (const json* d = find_path(params, {"initializationOptions", "debounce"}); d && d->is_number())
      debounce_ms_ = std::max(0, d->get<int>());
    json caps = {
        {"positionEncoding", to_string(encoding_)},
        {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
        {"hoverProvider", true},
        {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
        {"executeCommandProvider", {{"commands", {add_to_baseline_command}}}},
        {"completionProvider", {{"triggerCharacters", {"\"", "[", "."}}}},
    };
    respond(id, {{"capabilities", caps}, {"serverInfo", {{"name", "docpipe"}, {"version", DOCPIPE_VERSION_STRING}}}});
  }

  static const json* find_path(const json& j, std::initializer_list<const char*> keys) {
    const json* at = &j;
    for (const char* k : keys) {
      if (!at->is_object() || !at->contains(k)) return nullptr;
      at = &(*at)[k];
    }
    return at;
  }

  // ---- documents -----------------------------------------------------------------------

  void did_open(const json& td) {
    OpenDocument d;
    d.uri = td.at("uri").get<std::string>();
    d.path = path_of_uri(d.uri);
    d.language = td.value("languageId", "");
    d.version = td.value("version", 0);
    d.buffer.set(td.at("text").get<std::string>());
    d.due = Clock::now();
    docs_[d.uri] = std::move(d);
  }

  void did_change(const json& params) {
    const json& td = params.at("textDocument");
    auto it = docs_.find(td.at("uri").get<std::string>());
    if (it == docs_.end()) return;
    OpenDocument& d = it->second;
    d.version = td.value("version", d.version);
    for (const json& c : params.at("contentChanges")) {
      if (c.contains("range"))
        d.buffer.replace(position_from(c["range"]["start"]), position_from(c["range"]["end"]),
                         c.at("text").get<std::string>(), encoding_);
      else
        d.buffer.set(c.at("text").get<std::string>());
    }
    d.due = Clock::now() + std::chrono::milliseconds(debounce_ms_);
  }

  void did_save(const json& params) {
    auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
    if (it == docs_.end()) return;
    if (params.contains("text") && params["text"].is_string()) it->second.buffer.set(params["text"]);
    it->second.due = Clock::now();
  }

  void did_close(const json& params) {
    const std::string uri = params.at("textDocument").at("uri");
    if (docs_.erase(uri) == 0) return;
    notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
  }

  std::optional<Clock::time_point> next_due() const {
    std::optional<Clock::time_point> next;
    for (const auto& [uri, d] : docs_)
      if (d.due && (!next || *d.due < *next)) next = d.due;
    return next;
  }

  /// Runs the document most overdue, if one is; true when it ran (or was cancelled).
  bool run_due() {
    OpenDocument* due = nullptr;
    const auto now = Clock::now();
    for (auto& [uri, d] : docs_)
      if (d.due && *d.due <= now && (!due || *d.due < *due->due)) due = &d;
    if (!due) return false;
    due->due.reset();
    if (is_pipeline_file(due->path))
      check_pipeline_file(*due);
    else
      run_document(*due);
    return true;
  }

  /// True when a queued message makes the run of uri stale: the buffer changed or closed, or the
  /// server is asked to stop. Reads what the client has sent meanwhile.
  bool superseded(const std::string& uri) {
    pollfd pfd{in_, POLLIN, 0};
    if (::poll(&pfd, 1, 0) > 0) read_input();
    if (eof_) return true;
    for (const Frame& f : pending_) {
      if (!f.message || !f.message->is_object()) continue;
      const json& m = *f.message;
      const std::string method = m.value("method", "");
      if (method == "exit" || method == "shutdown") return true;
      if (method != "textDocument/didChange" && method != "textDocument/didClose") continue;
      if (const json* u = find_path(m, {"params", "textDocument", "uri"}); u && *u == uri) return true;
    }
    return false;
  }

  // ---- projects ------------------------------------------------------------------------

  /// The key of the project of a file: its docpipe.toml, or "" for the built-in pipeline.
  static std::string project_key(const fs::path& path) {
    if (auto found = find_project_file(path.parent_path())) return fs::absolute(*found).lexically_normal().string();
    return {};
  }

  /// Builds a project; text replaces the file's contents (an unsaved docpipe.toml buffer).
  std::unique_ptr<Project> load_project(const std::string& key, const std::string* text) {
    auto p = std::make_unique<Project>();
    p->file = key;
    try {
      if (key.empty())
        p->config = parse_pipeline_text(std::string(builtin_pipeline), fs::current_path() / builtin_pipeline_name);
      else if (text)
        p->config = parse_pipeline_text(*text, key);
      else
        p->config = parse_pipeline_file(key);
      prepare_pipeline(p->config, {}, options_.global, *p->registry, true);
      RunOptions ro;
      ro.isolation = Isolation::process;  // a plugin that crashes must not take the editor's server along
      ro.timeout = p->config.timeout;
      ro.max_memory = p->config.max_memory;
      p->pipeline = std::make_unique<ResidentPipeline>(p->config, *p->registry, ro);
      p->rules = pipeline_rules(p->config);
      if (const fs::path b = p->baseline_file(); !b.empty() && fs::exists(b)) p->baseline = Baseline::load(b);
    } catch (const ConfigError& e) {
      p->errors = e.errors();
    } catch (const std::exception& e) {
      p->errors = {e.what()};
    }
    return p;
  }

  Project& project(const std::string& key) {
    auto& p = projects_[key];
    if (!p) {
      const std::string* text = nullptr;
      if (!key.empty())
        for (const auto& [uri, d] : docs_)
          if (d.path == fs::path(key)) text = &d.buffer.text();
      p = load_project(key, text);
    }
    return *p;
  }

  void rerun(const std::string& key) {
    for (auto& [uri, d] : docs_)
      if (!is_pipeline_file(d.path) && project_key(d.path) == key) d.due = Clock::now();
  }

  void reload_all() {
    projects_.clear();
    for (auto& [uri, d] : docs_) d.due = Clock::now();
  }

  /// The document id `docpipe run` gives path with this project's inputs (the baseline's key);
  /// the file name for a file that run would not read.
  std::string document_id(Project& p, const fs::path& path) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    // A file created since the last walk: walked again (once per new file).
    if (p.ids && !p.ids->count(canonical) && fs::exists(path, ec) && !p.unlisted.count(canonical)) p.ids.reset();
    if (!p.ids) {
      p.ids.emplace();
      if (!p.file.empty()) {  // its inputs are resolved against its folder, as for run
        // run's default output folder is out/ where it is started: here, beside the project file
        const std::string output = p.config.output.empty() ? (p.file.parent_path() / "out").string() : p.config.output;
        const InputList list = expand_inputs(p.config.inputs, walk_options(p.config, {output}, false));
        for (const InputItem& i : list.items) (*p.ids)[fs::weakly_canonical(i.path, ec)] = i.id;
      }
      if (!p.ids->count(canonical)) p.unlisted.insert(canonical);
    }
    if (auto it = p.ids->find(canonical); it != p.ids->end()) return it->second;
    return path.filename().string();
  }

  // ---- runs ----------------------------------------------------------------------------

  void publish(const OpenDocument& d, json diagnostics) {
    notify("textDocument/publishDiagnostics",
           {{"uri", d.uri}, {"version", d.version}, {"diagnostics", std::move(diagnostics)}});
  }

  Range top_line(const OpenDocument& d) const {
    return {{0, 0}, d.buffer.position_of(d.buffer.line(0).size(), encoding_)};
  }

  /// Where a finding lies in the buffer, from the reader's map of text to source bytes.
  Range finding_range(const OpenDocument& d, const Document& doc, const Finding& f) const {
    const std::string& src = d.buffer.text();
    std::size_t begin = 0, end = 0;
    if (plugins::placed_in_source(f)) {
      begin = end = static_cast<std::size_t>(f.data.find("source_offset")->as_int());
    } else {
      begin = static_cast<std::size_t>(doc.source_map.source_offset(f.span.begin).value_or(0));
      end = begin;
      if (!f.span.empty()) {
        // The last character's start, then past it: the end offset itself may map past markup.
        std::size_t last = static_cast<std::size_t>(doc.source_map.source_offset(f.span.end - 1).value_or(begin));
        if (last < src.size()) utf8_next(src, last);
        end = std::max(begin, last);
      }
    }
    return {d.buffer.position_of(begin, encoding_), d.buffer.position_of(end, encoding_)};
  }

  json diagnostic(const Range& r, Severity s, const std::string& message, const std::string& code = {}) const {
    json j = {{"range", lsp_range(r)}, {"severity", lsp_severity(s)}, {"source", "docpipe"}, {"message", message}};
    if (!code.empty()) {
      j["code"] = code;
      j["codeDescription"] = {{"href", std::string(rules_doc) + "#" + code.substr(0, code.find('/'))}};
    }
    return j;
  }

  void run_document(OpenDocument& d) {
    const std::string key = project_key(d.path);
    Project& p = project(key);
    json diags = json::array();
    d.findings.clear();
    if (!p.errors.empty()) {
      std::string message = "the pipeline " + (key.empty() ? std::string(builtin_pipeline_name) : key) +
                            " is invalid: " + p.errors.front();
      if (p.errors.size() > 1) message += " (and " + std::to_string(p.errors.size() - 1) + " more)";
      diags.push_back(diagnostic(top_line(d), Severity::error, message));
      return publish(d, std::move(diags));
    }
    InputItem item;
    item.path = d.path.string();
    if (const std::string ext = extension_for_language(d.language); !ext.empty() && extension_of(item.path) != ext)
      if (reader_stage_for(p.config, item.path, "") == nullptr || !d.path.has_extension()) item.path += "." + ext;
    const bool with_baseline = p.baseline.has_value();
    item.id = document_id(p, d.path);  // also when there is no baseline yet: "add to baseline" keys it
    item.text = &d.buffer.text();
    const StageConfig* reader = reader_stage_for(p.config, item.path, sniff_media_type(item.path, d.buffer.text()));
    d.syntax_comment = reader && reader->component ? directive_syntax(reader->component->info) : DirectiveSyntax::none;
    const std::string uri = d.uri;
    auto docs = p.pipeline->process(item, [&] { return superseded(uri); });
    if (!docs) return;  // a newer edit is queued: its run publishes
    for (Document& doc : *docs) {
      for (const Diagnostic& diag : doc.diagnostics)
        if (doc.failed && diag.severity == Severity::error)
          diags.push_back(diagnostic(top_line(d), Severity::error, stage_failure(diag, item.path)));
      std::vector<BaselineKey> keys = baseline_keys(doc);
      for (std::size_t i = 0; i < doc.findings.size(); ++i) doc.findings[i].data.set("lsp_index", i);
      if (with_baseline) {
        Baseline b = *p.baseline;  // filter() marks entries used: a fresh copy for every run
        b.filter(doc);
      }
      for (const Finding& f : doc.findings) {
        const std::string rule = rule_id(f);
        Published pub;
        pub.range = finding_range(d, doc, f);
        pub.rule = rule;
        pub.message = f.message;
        pub.hover = hover_text(p, rule, f);
        pub.key = keys[static_cast<std::size_t>(f.data.find("lsp_index")->as_int())];
        diags.push_back(diagnostic(pub.range, f.severity, f.message, rule));
        d.findings.push_back(std::move(pub));
      }
    }
    publish(d, std::move(diags));
  }

  /// Diagnostics of a docpipe.toml buffer at the line:column its errors name; when it changed
  /// the pipeline of open files, they run again with it.
  void check_pipeline_file(OpenDocument& d) {
    const std::string key = fs::absolute(d.path).lexically_normal().string();
    std::unique_ptr<Project> p = load_project(key, &d.buffer.text());
    json diags = json::array();
    for (const std::string& e : p->errors) {
      Range r = top_line(d);
      std::string message = e;
      const std::string prefix = key + ":";
      const std::string named = d.path.string() + ":";
      std::size_t at = e.compare(0, prefix.size(), prefix) == 0 ? prefix.size()
                       : e.compare(0, named.size(), named) == 0 ? named.size()
                                                                : 0;
      unsigned line = 0, column = 0;
      int used = 0;
      if (at > 0 && std::sscanf(e.c_str() + at, "%u:%u: %n", &line, &column, &used) == 2 && used > 0 && line > 0) {
        const std::size_t offset = d.buffer.offset_of({line - 1, column > 0 ? column - 1 : 0}, PositionEncoding::utf32);
        const Position start = d.buffer.position_of(offset, encoding_);
        // To the end of the line: what the error names starts here.
        const std::size_t line_end = d.buffer.offset_of({line - 1, 0}, encoding_) + d.buffer.line(line - 1).size();
        r = {start, d.buffer.position_of(std::max(offset, line_end), encoding_)};
        message = e.substr(at + static_cast<std::size_t>(used));
      }
      diags.push_back(diagnostic(r, Severity::error, message));
    }
    publish(d, std::move(diags));
    projects_[key] = std::move(p);
    rerun(key);
  }

  // ---- hover, code actions, commands ---------------------------------------------------

  static bool inside(const Range& r, Position p) { return !(p < r.start) && (p < r.end || p == r.end); }

  json hover(const json& params) {
    auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
    if (it == docs_.end()) return nullptr;
    OpenDocument& d = it->second;
    const Position at = position_from(params.at("position"));
    if (is_pipeline_file(d.path)) {
      const std::string text = pipeline_hover(d.buffer, at, encoding_, pipeline_catalogue(d));
      if (text.empty()) return nullptr;
      return {{"contents", {{"kind", "markdown"}, {"value", text}}}};
    }
    std::string text;
    for (const Published& f : d.findings)
      if (inside(f.range, at)) text += (text.empty() ? "" : "\n\n---\n\n") + f.hover;
    if (text.empty()) return nullptr;
    return {{"contents", {{"kind", "markdown"}, {"value", text}}}};
  }

  /// What completion and hover in a docpipe.toml offer: the plugins found and the rules of the
  /// last pipeline that loaded.
  Catalogue pipeline_catalogue(const OpenDocument& d) {
    const std::string key = fs::absolute(d.path).lexically_normal().string();
    Catalogue c;
    Project* p = projects_.count(key) ? projects_[key].get() : nullptr;
    if (!catalogue_registry_) {
      catalogue_registry_ = std::make_unique<PluginRegistry>();
      discover_all(*catalogue_registry_, plugin_search_path(options_.global.plugin_paths, {}));
    }
    for (const Component& comp : catalogue_registry_->components()) c.components.push_back(&comp.info);
    if (p)
      for (const RuleEntry& r : p->rules) c.rules.push_back({r.id, r.summary});
    if (c.rules.empty())
      for (const RuleEntry& r : project("").rules) c.rules.push_back({r.id, r.summary});
    return c;
  }

  json completion(const json& params) {
    auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
    if (it == docs_.end() || !is_pipeline_file(it->second.path)) return json::array();
    return pipeline_completion(it->second.buffer, position_from(params.at("position")), encoding_,
                               pipeline_catalogue(it->second));
  }

  json text_edit(Position at, const std::string& text) const {
    return {{"range", lsp_range({at, at})}, {"newText", text}};
  }

  json code_actions(const json& params) {
    json actions = json::array();
    auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
    if (it == docs_.end()) return actions;
    OpenDocument& d = it->second;
    const Range asked{position_from(params.at("range").at("start")), position_from(params.at("range").at("end"))};
    const std::string key = project_key(d.path);
    for (std::size_t i = 0; i < d.findings.size(); ++i) {
      const Published& f = d.findings[i];
      if (f.range.end.line < asked.start.line || asked.end.line < f.range.start.line) continue;
      const json diag = diagnostic(f.range, Severity::warning, f.message, f.rule);
      if (d.syntax_comment != DirectiveSyntax::none) {
        const std::uint32_t line = f.range.start.line;
        const std::string_view text = d.buffer.line(line);
        const std::string indent(text.substr(
            0, text.find_first_not_of(" \t") == std::string_view::npos ? 0 : text.find_first_not_of(" \t")));
        const std::string directive = "docpipe-disable-next-line " + f.rule;
        const std::string comment =
            indent + (d.syntax_comment == DirectiveSyntax::comment ? "<!-- " + directive + " -->" : directive) + "\n";
        actions.push_back({{"title", "Disable " + f.rule + " on this line"},
                           {"kind", "quickfix"},
                           {"diagnostics", {diag}},
                           {"edit", {{"changes", {{d.uri, {text_edit({line, 0}, comment)}}}}}}});
      }
      if (!key.empty()) {
        const std::string toml_uri = uri_for(key);
        const TextDocument toml = pipeline_text(key);
        json edit;
        std::optional<std::size_t> rules_line;
        for (std::size_t l = 0; l < toml.line_count(); ++l) {
          std::string_view t = toml.line(l);
          while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
          while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
          if (t == "[rules]") rules_line = l;
        }
        const std::string entry = "\"" + f.rule + "\" = \"off\"\n";
        if (rules_line) {
          edit = text_edit({static_cast<std::uint32_t>(*rules_line + 1), 0}, entry);
        } else {
          const std::string& t = toml.text();
          const std::string lead = t.empty() || t.back() == '\n' ? "\n" : "\n\n";
          edit = text_edit(toml.position_of(t.size(), encoding_), lead + "[rules]\n" + entry);
        }
        actions.push_back(
            {{"title", "Disable " + f.rule + " in this project (" + fs::path(key).filename().string() + ")"},
             {"kind", "quickfix"},
             {"diagnostics", {diag}},
             {"edit", {{"changes", {{toml_uri, {edit}}}}}}});
        if (f.key)
          actions.push_back(
              {{"title", "Add this " + f.rule + " finding to the baseline (" + std::string(baseline_file_name) + ")"},
               {"kind", "quickfix"},
               {"diagnostics", {diag}},
               {"command",
                {{"title", "Add to baseline"}, {"command", add_to_baseline_command}, {"arguments", {d.uri, i}}}}});
      }
    }
    return actions;
  }

  /// The URI a client knows a file by: its own, when the file is open.
  std::string uri_for(const fs::path& path) const {
    for (const auto& [uri, d] : docs_)
      if (d.path == path) return uri;
    return uri_of_path(path);
  }

  /// A file's text: the open buffer's, else the disk's.
  TextDocument pipeline_text(const fs::path& path) const {
    for (const auto& [uri, d] : docs_)
      if (d.path == path) return d.buffer;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return TextDocument(s.str());
  }

  json execute_command(const json& params) {
    if (params.at("command") != add_to_baseline_command) throw std::invalid_argument("unknown command");
    const json& args = params.at("arguments");
    auto it = docs_.find(args.at(0).get<std::string>());
    if (it == docs_.end()) throw std::invalid_argument("the document is not open");
    const std::size_t index = args.at(1).get<std::size_t>();
    if (index >= it->second.findings.size() || !it->second.findings[index].key)
      throw std::invalid_argument("no such finding");
    const std::string key = project_key(it->second.path);
    Project& p = project(key);
    std::vector<BaselineKey> keys = p.baseline ? p.baseline->keys() : std::vector<BaselineKey>();
    keys.push_back(*it->second.findings[index].key);
    save_baseline(p.baseline_file(), keys);
    p.baseline = Baseline::load(p.baseline_file());
    rerun(key);
    return nullptr;
  }

  int in_;
  int out_;
  ServerOptions options_;
  int debounce_ms_;
  PositionEncoding encoding_ = PositionEncoding::utf16;
  FrameReader frames_;
  std::deque<Frame> pending_;
  bool eof_ = false;
  bool initialized_ = false;
  bool shutdown_ = false;
  std::optional<int> exit_code_;
  std::map<std::string, OpenDocument> docs_;
  std::map<std::string, std::unique_ptr<Project>> projects_;
  std::unique_ptr<PluginRegistry> catalogue_registry_;
};

}  // namespace

int serve_stdio(const ServerOptions& options) {
  const int in = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
  const int out = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (in < 0 || out < 0) return 1;
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, STDIN_FILENO);
    ::close(null);
  }
  ::dup2(STDERR_FILENO, STDOUT_FILENO);
  return serve(in, out, options);
}

int serve(int in_fd, int out_fd, const ServerOptions& options) {
  Server server(in_fd, out_fd, options);
  return server.run();
}

}  // namespace docpipe::host::lsp
