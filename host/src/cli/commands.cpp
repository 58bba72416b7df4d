#include "cli/commands.hpp"

#include <algorithm>
#include <cstdio>
#include <iomanip>

#include <nlohmann/json.hpp>

#include "config/option_checks.hpp"
#include "config/rules.hpp"
#include "pipeline/document_codec.hpp"

namespace docpipe::host {

namespace {

std::string join(const std::vector<std::string>& v) {
  if (v.empty()) return "-";
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string render(const Value& v) {
  if (v.is_null()) return "-";
  return encode_value(v).dump();
}

}  // namespace

void print_plugin_table(const PluginRegistry& registry, bool all, std::ostream& out) {
  std::vector<const Component*> sorted;
  for (const auto& c : registry.components()) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(), [](const Component* a, const Component* b) {
    return std::tie(a->info.kind, a->info.name) < std::tie(b->info.kind, b->info.name);
  });
  std::size_t w = 4;
  for (const auto* c : sorted) w = std::max(w, c->info.name.size());
  out << std::left << std::setw(static_cast<int>(w) + 2) << "NAME" << std::setw(10) << "KIND" << std::setw(10)
      << "VERSION" << "DESCRIPTION\n";
  for (const auto* c : sorted) {
    out << std::setw(static_cast<int>(w) + 2) << c->info.name << std::setw(10) << to_string(c->info.kind)
        << std::setw(10) << c->info.version << c->info.description << "\n"
        << std::setw(static_cast<int>(w) + 22) << "" << c->file.string() << "\n";
  }
  if (sorted.empty()) out << "(no plugins found; use --plugin-path DIR or DOCPIPE_PLUGIN_PATH)\n";
  if (all) {
    out << "\nSkipped files:\n";
    if (registry.skipped().empty()) out << "  (none)\n";
    for (const auto& s : registry.skipped()) out << "  " << s.file.string() << ": " << s.reason << "\n";
  }
}

std::string options_json_schema(const ComponentInfo& info) {
  nlohmann::ordered_json schema;
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = info.name + " options";
  schema["description"] = info.description;
  schema["type"] = "object";
  auto props = nlohmann::ordered_json::object();
  auto required = nlohmann::ordered_json::array();
  for (const auto& o : info.options) {
    nlohmann::ordered_json p;
    switch (o.type) {
      case OptionType::boolean: p["type"] = "boolean"; break;
      case OptionType::integer: p["type"] = "integer"; break;
      case OptionType::number: p["type"] = "number"; break;
      case OptionType::string: p["type"] = "string"; break;
      case OptionType::string_list:
        p["type"] = "array";
        p["items"] = {{"type", "string"}};
        break;
    }
    p["description"] = o.description;
    if (!o.default_value.is_null()) p["default"] = encode_value(o.default_value);
    if (!o.choices.empty()) (o.type == OptionType::string_list ? p["items"]["enum"] : p["enum"]) = o.choices;
    if (o.minimum) p["minimum"] = *o.minimum;
    if (o.maximum) p["maximum"] = *o.maximum;
    if (o.check != StringCheck::any) p["x-docpipe-check"] = std::string(to_string(o.check));
    props[o.name] = p;
    if (o.required) required.push_back(o.name);
  }
  schema["properties"] = props;
  if (!required.empty()) schema["required"] = required;
  schema["additionalProperties"] = false;
  return schema.dump(2);
}

int print_component_info(const PluginRegistry& registry, const std::string& name, bool json, std::ostream& out) {
  const Component* c = registry.find(name);
  if (c == nullptr) {
    std::vector<std::string> names;
    for (const auto& k : registry.components()) names.push_back(k.info.name);
    const std::string hint = closest_match(name, names);
    std::fprintf(stderr, "docpipe: no component named '%s'%s; see `docpipe plugins`\n", name.c_str(),
                 hint.empty() ? "" : ("; did you mean '" + hint + "'?").c_str());
    return 2;
  }
  if (json) {
    out << options_json_schema(c->info) << "\n";
    return 0;
  }
  const auto& i = c->info;
  out << i.name << " (" << to_string(i.kind) << ", version " << i.version << ")\n"
      << "  " << i.description << "\n"
      << "  file:     " << c->file.string() << " (SDK " << c->sdk_version << ")\n";
  if (i.kind == Kind::reader) {
    out << "  extensions:  " << join(i.extensions) << "\n"
        << "  media types: " << join(i.media_types) << "\n";
  }
  out << "  requires: " << join(i.requires_annotations) << "\n"
      << "  provides: " << join(i.provides_annotations) << "\n"
      << "options:\n";
  if (i.options.empty()) out << "  (none)\n";
  for (const auto& o : i.options) {
    out << "  " << o.name << " (" << to_string(o.type) << (o.required ? ", required" : "")
        << ", default " << render(o.default_value) << ")\n"
        << "      " << o.description << "\n";
    if (!o.choices.empty()) out << "      one of: " << join(o.choices) << "\n";
    if (o.minimum || o.maximum) out << "      " << describe_range(o) << "\n";
    if (o.check != StringCheck::any) out << "      " << to_string(o.check) << "\n";
  }
  return 0;
}

void print_rules(const PipelineConfig& config, std::ostream& out) {
  const auto rules = pipeline_rules(config);
  std::size_t w = 0;
  for (const auto& r : rules) w = std::max(w, r.id.size());
  out << "rules:\n";
  for (const auto& r : rules) {
    auto it = config.rules.find(r.id);
    const bool set = it != config.rules.end();
    const std::string level = set ? it->second.level : std::string(to_string(r.severity));
    out << "  " << std::left << std::setw(static_cast<int>(w) + 2) << r.id << std::setw(9) << level << "("
        << (set ? it->second.origin.str() : "default") << ")\n";
  }
  for (const auto& s : config.analyzers)
    if (rules_unchecked(config, s.id))
      out << "  " << s.id << "/*: plugin " << s.plugin << " declares no rules; ids under it are not checked\n";
  for (const auto& [id, setting] : config.rules)
    if (std::none_of(rules.begin(), rules.end(), [&](const RuleEntry& r) { return r.id == id; }))
      out << "  " << std::left << std::setw(static_cast<int>(w) + 2) << id << std::setw(9) << setting.level << "("
          << setting.origin.str() << ")\n";
}

void print_resolved_pipeline(const PipelineConfig& config, std::ostream& out) {
  out << "pipeline " << config.file.string() << " (hash " << pipeline_hash(config) << ")\n";
  out << "inputs:   " << join(config.inputs) << "\n";
  out << "output:   " << (config.output.empty() ? "out" : config.output) << "\n";
  out << "on_error: " << config.on_error << ", jobs: " << (config.jobs ? std::to_string(config.jobs) : "auto")
      << "\n";
  out << "reader:   " << config.reader << "\n";
  int n = 0;
  for (const auto& s : config.readers)
    out << "  " << ++n << ". reader " << s.id << " (" << s.plugin << " " << s.component->info.version << ")"
        << "  handles: " << join(s.component->info.extensions) << "  provides: "
        << join(s.component->info.provides_annotations) << "\n";
  for (const auto* list : {&config.analyzers, &config.exporters})
    for (const auto& s : *list) {
      out << "  " << ++n << ". " << to_string(s.kind) << " " << s.id << " (" << s.plugin << " "
          << s.component->info.version << ")";
      if (s.kind == Kind::analyzer)
        out << "  requires: " << join(s.component->info.requires_annotations)
            << "  provides: " << join(s.component->info.provides_annotations);
      out << "\n";
      for (const auto& [k, v] : s.options.values()) out << "       " << k << " = " << render(v) << "\n";
    }
  print_rules(config, out);
  out << "OK\n";
}

}  // namespace docpipe::host
