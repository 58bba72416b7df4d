#include "config/pipeline_config.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "config/option_checks.hpp"
#include "config/output_checks.hpp"
#include "config/rules.hpp"

namespace docpipe::host {
namespace fs = std::filesystem;

std::string Origin::str() const {
  if (file.empty()) return "command line";
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {
std::string join(const std::vector<std::string>& v, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}
}  // namespace

ConfigError::ConfigError(std::vector<std::string> errors)
    : std::runtime_error(join(errors, "\n")), errors_(std::move(errors)) {}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& c : candidates) {
    std::vector<std::size_t> prev(c.size() + 1), cur(c.size() + 1);
    for (std::size_t j = 0; j <= c.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= c.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (word[i - 1] == c[j - 1] ? 0 : 1)});
      std::swap(prev, cur);
    }
    if (prev[c.size()] < best_distance) {
      best_distance = prev[c.size()];
      best = c;
    }
  }
  // A suggestion further than a third of the word away is noise.
  if (best_distance == std::string::npos || best_distance > std::max<std::size_t>(2, word.size() / 3)) return {};
  return best;
}

namespace {

// "" for a regular file (or a link to one); else what it is, from its type alone (stat, which
// never blocks or reads, where opening a FIFO would wait for a writer).
std::string not_regular(const fs::path& p) {
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  switch (st.type()) {
    case fs::file_type::regular: return "";
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::socket: return "a socket";
    default: return "not a regular file";
  }
}

// A file that is not TOML and has an extension other than .toml was most likely meant as an input.
bool looks_like_document(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return !ext.empty() && ext != ".toml";
}

}  // namespace

FirstArgument classify_first_argument(const std::string& arg) {
  if (arg == "-") return FirstArgument::input;
  const fs::path path(arg);
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".toml") return FirstArgument::pipeline;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st)) return FirstArgument::input;
  if (fs::exists(st)) {
    if (!ext.empty()) return FirstArgument::input;
    // No extension (README, Pipeline): a pipeline when it is TOML, else a document.
    try {
      (void)toml::parse_file(path.string());
      return FirstArgument::pipeline;
    } catch (const std::exception&) {
      return FirstArgument::input;
    }
  }
  if (arg.find_first_of("*?[") != std::string::npos) return FirstArgument::input;
  return FirstArgument::neither;
}

namespace {

class Parser {
 public:
  explicit Parser(fs::path file) : file_(std::move(file)) {}

  Origin origin(const toml::source_region& r) const {
    return Origin{file_.string(), r.begin.line, r.begin.column};
  }
  Origin origin(const toml::node& n) const { return origin(n.source()); }
  void error(const Origin& o, const std::string& message) { errors_.push_back(o.str() + ": " + message); }

  static std::string type_of(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::string: return "a string";
      case toml::node_type::integer: return "an integer";
      case toml::node_type::floating_point: return "a number";
      case toml::node_type::boolean: return "a boolean";
      case toml::node_type::array: return "an array";
      case toml::node_type::table: return "a table";
      default: return "a date or time";
    }
  }

  static Value to_value(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::string: return Value(n.as_string()->get());
      case toml::node_type::integer: return Value(n.as_integer()->get());
      case toml::node_type::floating_point: return Value(n.as_floating_point()->get());
      case toml::node_type::boolean: return Value(n.as_boolean()->get());
      case toml::node_type::array: {
        Array a;
        for (const auto& el : *n.as_array()) a.push_back(to_value(el));
        return Value(std::move(a));
      }
      case toml::node_type::table: {
        Object o;
        for (const auto& [k, v] : *n.as_table()) o.set(k.str(), to_value(v));
        return Value(std::move(o));
      }
      default: {
        std::ostringstream s;
        n.visit([&](const auto& v) { s << v; });
        return Value(s.str());
      }
    }
  }

  std::string resolve_path(const std::string& p) const {
    if (p == "-" || p.empty() || fs::path(p).is_absolute()) return p;
    return (file_.parent_path() / p).lexically_normal().string();
  }

  std::optional<std::string> string_at(const toml::node& n, const char* key) {
    if (!n.is_string()) {
      error(origin(n), std::string("'") + key + "' must be a string, got " + type_of(n));
      return std::nullopt;
    }
    return n.as_string()->get();
  }

  std::vector<std::string> strings_at(const toml::node& n, const char* key) {
    std::vector<std::string> out;
    if (n.is_string()) {
      out.push_back(n.as_string()->get());
      return out;
    }
    if (!n.is_array()) {
      error(origin(n), std::string("'") + key + "' must be an array of strings, got " + type_of(n));
      return out;
    }
    for (const auto& el : *n.as_array()) {
      if (el.is_string())
        out.push_back(el.as_string()->get());
      else
        error(origin(el), std::string("'") + key + "' must contain only strings, got " + type_of(el));
    }
    return out;
  }

  void parse_options(const toml::node& n, StageConfig& stage) {
    if (!n.is_table()) {
      error(origin(n), "'options' of stage '" + stage.id + "' must be a table, got " + type_of(n));
      return;
    }
    for (const auto& [k, v] : *n.as_table())
      stage.raw_options[std::string(k.str())] = RawOption{to_value(v), origin(v)};
  }

  // [rules] "STAGE/category" = "off" | "info" | "warning" | "error"; a nested table
  // [rules.STAGE] category = ... says the same. Entries replace inherited ones key by key.
  void parse_rules(const toml::node& n, const std::string& prefix, std::map<std::string, RuleSetting>& out) {
    if (!n.is_table()) {
      error(origin(n), "'rules' must be a table of \"STAGE/category\" = \"off|info|warning|error\", got " + type_of(n));
      return;
    }
    for (const auto& [k, v] : *n.as_table()) {
      const std::string id = prefix.empty() ? std::string(k.str()) : prefix + "/" + std::string(k.str());
      if (v.is_table() && prefix.empty()) {
        parse_rules(v, id, out);
        continue;
      }
      if (id.find('/') == std::string::npos) {
        error(origin(k.source()), "rule id '" + id + "' must be STAGE/category, e.g. \"readability/hard-sentence\"");
        continue;
      }
      const auto level = v.is_string() ? std::optional<std::string>(v.as_string()->get()) : std::nullopt;
      if (!level || !level_valid(*level)) {
        const std::string got = level ? "\"" + *level + "\"" : type_of(v);
        const std::string hint = level ? closest_match(*level, {"off", "info", "warning", "error"}) : "";
        error(origin(v), "rule '" + id + "' must be \"off\", \"info\", \"warning\" or \"error\", got " + got +
                             (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        continue;
      }
      out[id] = RuleSetting{*level, origin(v)};
    }
  }

  // Stages merge by id into those inherited through `extends`: a stage with a known id changes
  // that stage (plugin, options key by key) or, with enabled = false, removes it; a new id appends.
  void parse_stages(const toml::node& n, Kind kind, std::vector<StageConfig>& out) {
    const char* section = kind == Kind::analyzer ? "analyzers" : "exporters";
    if (!n.is_array_of_tables()) {
      error(origin(n), std::string("'") + section + "' must be an array of tables ([[" + section + "]]), got " +
                           type_of(n));
      return;
    }
    std::set<std::string> ids_here;
    for (const auto& el : *n.as_array()) {
      const toml::table& t = *el.as_table();
      StageConfig stage;
      stage.kind = kind;
      stage.origin = origin(el);
      if (stage.origin.line == 0) stage.origin = origin(t);
      bool enabled = true;
      const bool plugin_written = t.contains("plugin");  // a wrong type was reported already
      for (const auto& [k, v] : t) {
        const std::string key(k.str());
        if (key == "plugin") {
          if (auto s = string_at(v, "plugin")) stage.plugin = *s;
          stage.plugin_origin = origin(v);
        } else if (key == "id") {
          if (auto s = string_at(v, "id")) {
            if (s->empty())
              error(origin(v), "'id' must not be empty; leave it out to use the plugin's name, or give a name");
            stage.id = *s;
          }
        } else if (key == "options") {
          parse_options(v, stage);
        } else if (key == "enabled") {
          if (!v.is_boolean())
            error(origin(v), "'enabled' must be a boolean, got " + type_of(v));
          else
            enabled = v.as_boolean()->get();
        } else {
          std::string hint = closest_match(key, {"plugin", "id", "options", "enabled"});
          error(origin(k.source()), "unknown key '" + key + "' in [[" + section +
                                        "]]; expected plugin, id, options or enabled" +
                                        (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
      }
      if (stage.id.empty()) stage.id = stage.plugin;
      if (stage.id.empty()) {
        if (!plugin_written) error(stage.origin, std::string("[[") + section + "]] stage has no 'plugin'; expected plugin = \"NAME\"");
        continue;
      }
      if (!ids_here.insert(stage.id).second) {
        error(stage.origin, "stage id '" + stage.id + "' is used twice; give one of them a distinct id = \"...\"");
        continue;
      }
      auto base = std::find_if(out.begin(), out.end(), [&](const StageConfig& s) { return s.id == stage.id; });
      if (base == out.end()) {
        if (!enabled) {
          error(stage.origin, "enabled = false, but no inherited stage has id '" + stage.id + "'");
        } else if (stage.plugin.empty()) {
          if (!plugin_written) error(stage.origin, std::string("[[") + section + "]] stage '" + stage.id +
                                  "' has no 'plugin' and no inherited stage has that id; expected plugin = \"NAME\"");
        } else {
          out.push_back(std::move(stage));
        }
        continue;
      }
      if (!enabled) {
        out.erase(base);
        continue;
      }
      if (!stage.plugin.empty() && stage.plugin != base->plugin) {
        // Another plugin under the same id: the inherited options belonged to the old one.
        base->plugin = stage.plugin;
        base->raw_options.clear();
      }
      if (!stage.plugin.empty()) base->plugin_origin = stage.plugin_origin;
      for (auto& [k, v] : stage.raw_options) base->raw_options[k] = std::move(v);
    }
  }

  /// Parses the file, first the files it extends; stack holds the chain, to report cycles.
  PipelineConfig parse(std::vector<fs::path>& stack, const std::string* text = nullptr) {
    PipelineConfig config;
    toml::table root;
    std::error_code ec;
    if (text == nullptr && !fs::is_regular_file(file_, ec))
      throw ConfigError({file_.string() + ": pipeline file not found" +
                         (fs::exists(file_, ec) ? " (it is a directory)" : "")});
    try {
      root = text ? toml::parse(*text, file_.string()) : toml::parse_file(file_.string());
    } catch (const toml::parse_error& e) {
      if (stack.empty() && looks_like_document(file_))
        throw ConfigError({file_.string() + " is a document, not a pipeline file (a .toml file): check it with "
                           "`docpipe run " + file_.string() + "` (the docpipe.toml of this folder or a parent, else "
                           "the built-in default) or `docpipe run PIPELINE.toml " + file_.string() + "`"});
      error(origin(e.source()), "TOML syntax error: " + std::string(e.description()));
      throw ConfigError(errors_);
    } catch (const std::exception& e) {
      throw ConfigError({file_.string() + ": cannot read pipeline file: " + e.what()});
    }
    const fs::path canonical = fs::weakly_canonical(file_, ec);
    stack.push_back(canonical);
    if (const toml::node* ext = root.get("extends")) {
      if (auto base = string_at(*ext, "extends")) {
        const fs::path base_path = resolve_path(*base);
        const fs::path base_canonical = fs::weakly_canonical(base_path, ec);
        if (std::find(stack.begin(), stack.end(), base_canonical) != stack.end()) {
          std::string chain;
          for (const auto& p : stack) chain += p.filename().string() + " -> ";
          error(origin(*ext), "extends cycle: " + chain + base_canonical.filename().string());
        } else if (!fs::exists(base_path, ec)) {
          error(origin(*ext), "extends \"" + *base + "\": no such file (" + base_path.string() + ")");
        } else if (const std::string kind = not_regular(base_path); !kind.empty()) {
          // Checked by its type before opening: /dev/zero would read forever, a FIFO block.
          error(origin(*ext), "extends \"" + *base + "\": " + kind + ", not a pipeline file (" + base_path.string() +
                                  "); expected a .toml file");
        } else {
          try {
            config = Parser(base_path).parse(stack);
          } catch (const ConfigError& e) {
            errors_.insert(errors_.end(), e.errors().begin(), e.errors().end());
          }
        }
      }
    }
    config.file = file_;
    static const std::vector<std::string> keys = {"extends",   "inputs",  "exclude",       "output",  "reader",
                                                  "on_error",  "jobs",         "max_bytes", "max_output_ratio", "plugin_paths",
                                                  "readers",   "analyzers",    "exporters", "rules",
                                                  "allow_outside_output", "isolation", "timeout", "max_memory"};
    for (const auto& [k, v] : root) {
      const std::string key(k.str());
      if (key == "extends") {
        continue;
      } else if (key == "inputs") {
        config.inputs.clear();
        for (auto& p : strings_at(v, "inputs")) config.inputs.push_back(resolve_path(p));
      } else if (key == "exclude") {
        config.exclude = strings_at(v, "exclude");
      } else if (key == "output") {
        if (auto s = string_at(v, "output")) config.output = resolve_path(*s);
      } else if (key == "reader") {
        if (auto s = string_at(v, "reader")) config.reader = *s;
        config.reader_origin = origin(v);
      } else if (key == "on_error") {
        if (auto s = string_at(v, "on_error")) {
          if (*s != "skip" && *s != "fail")
            error(origin(v), "on_error must be \"skip\" or \"fail\", got \"" + *s + "\"");
          config.on_error = *s;
        }
      } else if (key == "jobs") {
        if (!v.is_integer() || v.as_integer()->get() < 0 || v.as_integer()->get() > 1024)
          error(origin(v), "jobs must be an integer from 0 (all hardware threads) to 1024");
        else
          config.jobs = static_cast<int>(v.as_integer()->get());
      } else if (key == "max_bytes") {
        if (!v.is_integer() || v.as_integer()->get() <= 0)
          error(origin(v), "max_bytes must be a positive integer (bytes)");
        else
          config.max_bytes = static_cast<std::uint64_t>(v.as_integer()->get());
      } else if (key == "max_output_ratio") {
        const auto ratio = v.is_integer() ? std::optional<double>(static_cast<double>(v.as_integer()->get()))
                           : v.is_floating_point() ? std::optional<double>(v.as_floating_point()->get())
                                                   : std::nullopt;
        if (!ratio || !(*ratio >= 1))
          error(origin(v), "max_output_ratio must be a number of at least 1 (times the input's size)");
        else
          config.max_output_ratio = *ratio;
      } else if (key == "isolation") {
        if (auto s = string_at(v, "isolation")) {
          if (*s != "process" && *s != "none")
            error(origin(v), "isolation must be \"process\" or \"none\", got \"" + *s + "\"");
          else
            config.isolation = *s;
        }
      } else if (key == "timeout") {
        const auto t = v.is_integer() ? std::optional<double>(static_cast<double>(v.as_integer()->get()))
                       : v.is_floating_point() ? std::optional<double>(v.as_floating_point()->get())
                                               : std::nullopt;
        if (!t || !(*t >= 0) || *t > 1e6)
          error(origin(v), "timeout must be a number of seconds from 0 (none) to 1000000");
        else
          config.timeout = *t;
      } else if (key == "max_memory") {
        const auto m = v.is_integer() && v.as_integer()->get() >= 0
                           ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(v.as_integer()->get()))
                       : v.is_string() ? parse_size(v.as_string()->get())
                                       : std::nullopt;
        if (!m)
          error(origin(v), "max_memory must be a size: bytes, or a string such as \"512M\" or \"2G\" (0 = none)");
        else
          config.max_memory = *m;
      } else if (key == "allow_outside_output") {
        if (!v.is_boolean())
          error(origin(v), "allow_outside_output must be a boolean, got " + type_of(v));
        else
          config.allow_outside_output = v.as_boolean()->get();
      } else if (key == "plugin_paths") {
        config.plugin_paths.clear();
        for (auto& p : strings_at(v, "plugin_paths")) config.plugin_paths.push_back(resolve_path(p));
      } else if (key == "readers") {
        if (!v.is_table()) {
          error(origin(v), "'readers' must be a table of [readers.NAME] option tables, got " + type_of(v));
          continue;
        }
        for (const auto& [name, opts] : *v.as_table()) {
          StageConfig stage;
          stage.kind = Kind::reader;
          stage.id = stage.plugin = std::string(name.str());
          stage.origin = stage.plugin_origin = origin(name.source());
          if (opts.is_table())
            parse_options(opts, stage);
          else
            error(origin(opts), "[readers." + stage.id + "] must be a table of options, got " + type_of(opts));
          auto base = std::find_if(config.readers.begin(), config.readers.end(),
                                   [&](const StageConfig& s) { return s.id == stage.id; });
          if (base == config.readers.end())
            config.readers.push_back(std::move(stage));
          else
            for (auto& [k, o] : stage.raw_options) base->raw_options[k] = std::move(o);
        }
      } else if (key == "analyzers") {
        parse_stages(v, Kind::analyzer, config.analyzers);
      } else if (key == "exporters") {
        parse_stages(v, Kind::exporter, config.exporters);
      } else if (key == "rules") {
        parse_rules(v, "", config.rules);
      } else {
        std::string hint = closest_match(key, keys);
        error(origin(k.source()), "unknown key '" + key + "'; expected one of " + join(keys) +
                                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      }
    }
    // Stage ids name stages in --set and in outputs: unique across analyzers and exporters too.
    std::set<std::string> ids;
    for (const auto& s : config.analyzers) ids.insert(s.id);
    for (const auto& s : config.exporters)
      if (ids.count(s.id))
        error(s.origin, "stage id '" + s.id + "' is used by an analyzer and an exporter; give one a distinct id");
    stack.pop_back();
    if (!errors_.empty()) throw ConfigError(errors_);
    return config;
  }

 private:
  fs::path file_;
  std::vector<std::string> errors_;
};

Value parse_cli_value(const std::string& text) {
  try {
    toml::table t = toml::parse("v = " + text);
    if (const toml::node* n = t.get("v")) return Parser::to_value(*n);
  } catch (const toml::parse_error&) {
    // Not a TOML value: a bare word is meant as a string.
  }
  return Value(text);
}

std::string describe(const Value& v) {
  switch (v.type()) {
    case Value::Type::null: return "nothing";
    case Value::Type::boolean: return "a boolean";
    case Value::Type::integer: return "an integer";
    case Value::Type::number: return "a number";
    case Value::Type::string: return "a string";
    case Value::Type::array: return "an array";
    case Value::Type::object: return "a table";
  }
  return "a value";
}

}  // namespace

PipelineConfig parse_pipeline_file(const fs::path& file) {
  std::vector<fs::path> stack;
  return Parser(file).parse(stack);
}

PipelineConfig parse_pipeline_text(const std::string& text, const fs::path& file) {
  std::vector<fs::path> stack;
  return Parser(file).parse(stack, &text);
}

void replace_exporters(PipelineConfig& config, const std::vector<std::string>& names) {
  config.exporters.clear();
  for (const auto& name : names) {
    StageConfig s;
    s.kind = Kind::exporter;
    s.id = s.plugin = name;
    s.origin = s.plugin_origin = Origin{};
    config.exporters.push_back(std::move(s));
  }
}

void apply_override(PipelineConfig& config, const std::string& assignment, const PluginRegistry& registry) {
  const auto eq = assignment.find('=');
  const auto dot = assignment.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq)
    throw ConfigError({"command line: --set " + assignment + ": expected STAGE.OPTION=VALUE"});
  const std::string stage_id = assignment.substr(0, dot);
  const std::string option = assignment.substr(dot + 1, eq - dot - 1);
  const Value value = parse_cli_value(assignment.substr(eq + 1));
  std::vector<std::string> ids;
  for (auto* list : {&config.analyzers, &config.exporters, &config.readers}) {
    for (auto& s : *list) {
      if (s.id == stage_id) {
        s.raw_options[option] = RawOption{value, Origin{}};
        return;
      }
      ids.push_back(s.id);
    }
  }
  // A reader not configured in the file can still take options from the command line.
  if (const Component* c = registry.find(stage_id); c && c->info.kind == Kind::reader) {
    StageConfig stage;
    stage.kind = Kind::reader;
    stage.id = stage.plugin = stage_id;
    stage.raw_options[option] = RawOption{value, Origin{}};
    config.readers.push_back(std::move(stage));
    return;
  }
  std::string hint = closest_match(stage_id, ids);
  throw ConfigError({"command line: --set " + assignment + ": no stage '" + stage_id + "'; stages are " + join(ids) +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)")});
}

Options validate_options(const ComponentInfo& info, const std::string& stage_id,
                         const std::map<std::string, RawOption>& raw, const Origin& stage_origin,
                         std::vector<std::string>& errors) {
  Object values;
  std::vector<std::string> names;
  for (const auto& spec : info.options) names.push_back(spec.name);
  for (const auto& [name, opt] : raw) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string hint = closest_match(name, names);
      errors.push_back(opt.origin.str() + ": unknown option '" + name + "' for stage '" + stage_id + "' (plugin " +
                       info.name + "); " +
                       (names.empty() ? std::string("it takes no options")
                                      : "valid options: " + join(names)) +
                       (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
  }
  for (const auto& spec : info.options) {
    auto it = raw.find(spec.name);
    if (it == raw.end()) {
      if (spec.required)
        errors.push_back(stage_origin.str() + ": stage '" + stage_id + "' (plugin " + info.name +
                         ") is missing required option '" + spec.name + "' (" + std::string(to_string(spec.type)) +
                         ": " + spec.description + ")");
      values.set(spec.name, spec.default_value);
      continue;
    }
    const Value& v = it->second.value;
    const std::string where = it->second.origin.str() + ": option '" + spec.name + "' of stage '" + stage_id + "' ";
    const std::size_t errors_before = errors.size();
    auto wrong = [&] {
      errors.push_back(where + "must be " + (spec.type == OptionType::integer ? "an " : "a ") +
                       std::string(to_string(spec.type)) + ", got " + describe(v));
    };
    switch (spec.type) {
      case OptionType::boolean:
        if (!v.is_bool()) wrong();
        values.set(spec.name, v);
        break;
      case OptionType::integer:
        if (!v.is_int()) wrong();
        values.set(spec.name, v);
        break;
      case OptionType::number:
        if (!v.is_number())
          wrong();
        else
          values.set(spec.name, Value(v.as_double()));
        break;
      case OptionType::string:
        if (!v.is_string()) {
          wrong();
        } else if (!spec.choices.empty() &&
                   std::find(spec.choices.begin(), spec.choices.end(), v.as_string()) == spec.choices.end()) {
          errors.push_back(where + "must be one of " + join(spec.choices) + ", got \"" + v.as_string() + "\"");
        }
        values.set(spec.name, v);
        break;
      case OptionType::string_list: {
        bool ok = v.is_array();
        if (ok)
          for (const auto& el : v.as_array()) ok = ok && el.is_string();
        if (!ok) wrong();
        values.set(spec.name, v);
        break;
      }
    }
    if (errors.size() == errors_before) check_option_value(spec, v, where, errors);
  }
  return Options(std::move(values));
}

namespace {

void find_component(PipelineConfig& config, StageConfig& stage, const PluginRegistry& registry,
                    std::vector<std::string>& errors) {
  const char* kind = stage.kind == Kind::reader ? "reader" : stage.kind == Kind::analyzer ? "analyzer" : "exporter";
  const Component* c = registry.find(stage.plugin);
  if (c != nullptr && c->info.kind != stage.kind) {
    errors.push_back(stage.plugin_origin.str() + ": plugin '" + stage.plugin + "' is " +
                     std::string(to_string(c->info.kind)) + ", but this stage needs " +
                     (stage.kind == Kind::analyzer ? "an " : "a ") + kind);
    return;
  }
  if (c == nullptr) {
    std::vector<std::string> names;
    for (const Component* k : registry.of_kind(stage.kind)) names.push_back(k->info.name);
    std::string hint = closest_match(stage.plugin, names);
    errors.push_back(stage.plugin_origin.str() + ": unknown " + kind + " '" + stage.plugin + "'" +
                     (hint.empty() ? "" : "; did you mean '" + hint + "'?") + " (available: " +
                     (names.empty() ? "none found on the plugin path" : join(names)) + ")");
    return;
  }
  stage.component = c;
  stage.options = validate_options(c->info, stage.id, stage.raw_options, stage.origin, errors);
  (void)config;
}

}  // namespace

void resolve(PipelineConfig& config, const PluginRegistry& registry) {
  std::vector<std::string> errors;
  config.reader_candidates.clear();
  if (config.reader == "auto") {
    config.reader_candidates = registry.of_kind(Kind::reader);
    if (config.reader_candidates.empty())
      errors.push_back(config.file.string() + ": no reader plugins found on the plugin path");
  } else if (const Component* c = registry.find(config.reader); c && c->info.kind == Kind::reader) {
    config.reader_candidates.push_back(c);
  } else {
    std::vector<std::string> names;
    for (const Component* k : registry.of_kind(Kind::reader)) names.push_back(k->info.name);
    std::string hint = closest_match(config.reader, names);
    Origin o = config.reader_origin.file.empty() ? Origin{config.file.string(), 1, 1} : config.reader_origin;
    errors.push_back(o.str() + ": unknown reader '" + config.reader + "'; expected \"auto\" or one of " +
                     join(names) + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  // Every candidate reader gets a stage config so its defaults are filled in.
  for (const Component* c : config.reader_candidates) {
    auto it = std::find_if(config.readers.begin(), config.readers.end(),
                           [&](const StageConfig& s) { return s.plugin == c->info.name; });
    if (it == config.readers.end()) {
      StageConfig s;
      s.kind = Kind::reader;
      s.id = s.plugin = c->info.name;
      s.origin = s.plugin_origin = Origin{config.file.string(), 1, 1};
      config.readers.push_back(std::move(s));
    }
  }
  for (auto& s : config.readers) find_component(config, s, registry, errors);

  std::set<std::string> provided;
  for (const Component* c : config.reader_candidates)
    provided.insert(c->info.provides_annotations.begin(), c->info.provides_annotations.end());
  for (auto& s : config.analyzers) {
    find_component(config, s, registry, errors);
    if (s.component == nullptr) continue;
    for (const auto& type : s.component->info.requires_annotations) {
      if (provided.count(type)) continue;
      std::vector<std::string> providers;
      for (const auto& c : registry.components())
        if (std::count(c.info.provides_annotations.begin(), c.info.provides_annotations.end(), type))
          providers.push_back(c.info.name);
      errors.push_back(s.plugin_origin.str() + ": analyzer '" + s.id + "' requires annotation type '" + type +
                       "', which no earlier stage provides; expected an earlier stage that provides it" +
                       (providers.empty() ? std::string(" (no plugin found provides it)")
                                          : " (provided by: " + join(providers) + ")"));
    }
    provided.insert(s.component->info.provides_annotations.begin(), s.component->info.provides_annotations.end());
  }
  for (auto& s : config.exporters) find_component(config, s, registry, errors);
  check_rule_ids(config, errors);
  check_output_files(config, errors);
  if (config.exporters.empty() && !config.exporters_optional)
    errors.push_back(config.file.string() +
                     ":1:1: no [[exporters]] stage; expected at least one, e.g. [[exporters]] plugin = \"json\" "
                     "(or --exporter NAME)");
  if (!errors.empty()) throw ConfigError(std::move(errors));
}

namespace {
void canonical(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::null: out += "n"; break;
    case Value::Type::boolean: out += v.as_bool() ? "t" : "f"; break;
    case Value::Type::integer: out += "i" + std::to_string(v.as_int()); break;
    case Value::Type::number: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "d%.17g", v.as_double());
      out += buf;
      break;
    }
    case Value::Type::string: out += "s" + std::to_string(v.as_string().size()) + ":" + v.as_string(); break;
    case Value::Type::array:
      out += "[";
      for (const auto& el : v.as_array()) canonical(out, el), out += ",";
      out += "]";
      break;
    case Value::Type::object:
      out += "{";
      for (const auto& [k, el] : v.as_object()) out += k + "=", canonical(out, el), out += ",";
      out += "}";
      break;
  }
}
}  // namespace

std::optional<std::uint64_t> parse_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 15) return std::nullopt;
  std::uint64_t n = std::stoull(text.substr(0, digits));
  const std::string unit = text.substr(digits);
  const int shift = unit.empty() || unit == "B" ? 0 : unit == "K" || unit == "KB" || unit == "KiB" ? 10
                    : unit == "M" || unit == "MB" || unit == "MiB"                                ? 20
                    : unit == "G" || unit == "GB" || unit == "GiB"                                ? 30
                                                                                                  : -1;
  if (shift < 0 || n > (std::uint64_t{1} << (62 - shift))) return std::nullopt;
  return n << shift;
}

std::string pipeline_hash(const PipelineConfig& config) {
  std::string text = "reader=" + config.reader + ";";
  for (const auto* list : {&config.readers, &config.analyzers, &config.exporters}) {
    for (const auto& s : *list) {
      text += std::string(to_string(s.kind)) + ":" + s.id + ":" + s.plugin + ":" +
              (s.component ? s.component->info.version : "?") + ":";
      canonical(text, Value(s.options.values()));
      text += ";";
    }
  }
  for (const auto& [id, setting] : config.rules) text += "rule:" + id + "=" + setting.level + ";";
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace docpipe::host
