#include "lsp/completion.hpp"

#include <algorithm>
#include <cctype>

#include "docpipe/options.hpp"
#include "export_support.hpp"

namespace docpipe::host::lsp {

namespace {

using json = nlohmann::json;

// LSP CompletionItemKind values.
constexpr int kind_module = 9, kind_property = 10, kind_value = 12, kind_keyword = 14;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// The table the line is in ("analyzers", "exporters", "rules", "readers.NAME", "" at the top)
/// and the plugin named in it so far.
struct Context {
  std::string table;
  std::string plugin;
};

Context context_at(const TextDocument& doc, std::size_t line) {
  Context c;
  for (std::size_t l = line + 1; l-- > 0;) {
    const std::string_view t = trim(doc.line(l));
    if (c.plugin.empty() && t.substr(0, 6) == "plugin") {
      const std::size_t q = t.find('"');
      const std::size_t q2 = q == std::string_view::npos ? q : t.find('"', q + 1);
      if (q2 != std::string_view::npos) c.plugin = std::string(t.substr(q + 1, q2 - q - 1));
    }
    if (!t.empty() && t.front() == '[') {
      std::string_view name = t;
      while (!name.empty() && (name.front() == '[' || name.front() == ' ')) name.remove_prefix(1);
      name = name.substr(0, name.find(']'));
      c.table = std::string(trim(name));
      if (c.table.rfind("readers.", 0) == 0 && c.plugin.empty()) c.plugin = c.table.substr(8);
      break;
    }
  }
  return c;
}

Kind kind_of_table(const std::string& table) {
  if (table == "exporters") return Kind::exporter;
  if (table.rfind("readers", 0) == 0) return Kind::reader;
  return Kind::analyzer;
}

const ComponentInfo* find_component(const Catalogue& c, const std::string& name) {
  for (const ComponentInfo* i : c.components)
    if (i->name == name) return i;
  return nullptr;
}

std::string option_doc(const OptionSpec& o) {
  std::string d = o.description;
  if (!o.default_value.is_null()) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict) on a chain of + here.
    if (!d.empty()) d += ' ';
    d += "(default ";
    d += plugins::value_text(o.default_value);
    d += ')';
  }
  if (!o.choices.empty()) {
    d += " One of:";
    for (const auto& ch : o.choices) d += " " + ch;
  }
  return d;
}

json item(const std::string& label, int kind, const std::string& detail, const std::string& insert = {}) {
  json j = {{"label", label}, {"kind", kind}, {"detail", detail}};
  if (!insert.empty()) j["insertText"] = insert;
  return j;
}

/// The word (letters, digits, - _ / .) around byte column col of line.
std::string word_at(std::string_view line, std::size_t col) {
  auto part = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '/';
  };
  std::size_t a = std::min(col, line.size()), b = a;
  while (a > 0 && part(line[a - 1])) --a;
  while (b < line.size() && part(line[b])) ++b;
  return std::string(line.substr(a, b - a));
}

}  // namespace

json pipeline_completion(const TextDocument& doc, Position at, PositionEncoding e, const Catalogue& c) {
  json items = json::array();
  const std::size_t line_start = doc.offset_of({at.line, 0}, e);
  const std::string_view before = doc.line(at.line).substr(0, doc.offset_of(at, e) - line_start);
  const std::string_view t = trim(before);
  const Context ctx = context_at(doc, at.line);
  if (t.empty() || t.front() == '[') {
    for (const char* h : {"[[analyzers]]", "[[exporters]]", "[rules]"})
      items.push_back(item(h, kind_keyword, "stage kind or table"));
    for (const ComponentInfo* i : c.components)
      if (i->kind == Kind::reader)
        items.push_back(item("[readers." + i->name + "]", kind_keyword, "options of the " + i->name + " reader"));
    if (!t.empty()) return items;
  }
  if (ctx.table == "rules") {
    const bool value = before.find('=') != std::string_view::npos;
    if (value) {
      for (const char* level : {"off", "info", "warning", "error"})
        items.push_back(item(level, kind_value, "rule level"));
    } else {
      for (const auto& r : c.rules) items.push_back(item(r.id, kind_property, r.summary, "\"" + r.id + "\" = \"off\""));
    }
    return items;
  }
  if (t.rfind("plugin", 0) == 0 && t.find('=') != std::string_view::npos) {
    const Kind k = kind_of_table(ctx.table);
    for (const ComponentInfo* i : c.components)
      if (i->kind == k) items.push_back(item(i->name, kind_module, i->description));
    return items;
  }
  const ComponentInfo* comp = ctx.plugin.empty() ? nullptr : find_component(c, ctx.plugin);
  if (comp) {
    // After "name =" inside options: the choices of that option; otherwise the option names.
    const std::size_t eq = before.rfind('=');
    std::string name;
    if (eq != std::string_view::npos) {
      std::string_view lhs = trim(before.substr(0, eq));
      const std::size_t cut = lhs.find_last_of("{, ");
      name = std::string(cut == std::string_view::npos ? lhs : lhs.substr(cut + 1));
    }
    for (const OptionSpec& o : comp->options)
      if (o.name == name && !o.choices.empty()) {
        for (const auto& ch : o.choices) items.push_back(item(ch, kind_value, o.description));
        return items;
      }
    for (const OptionSpec& o : comp->options) items.push_back(item(o.name, kind_property, option_doc(o)));
  }
  if (ctx.table == "analyzers" || ctx.table == "exporters")
    for (const char* k : {"plugin", "id", "options"}) items.push_back(item(k, kind_keyword, "stage key"));
  return items;
}

std::string pipeline_hover(const TextDocument& doc, Position at, PositionEncoding e, const Catalogue& c) {
  const std::string_view line = doc.line(at.line);
  const std::string word = word_at(line, doc.offset_of(at, e) - doc.offset_of({at.line, 0}, e));
  if (word.empty()) return {};
  for (const auto& r : c.rules)
    if (r.id == word) return "**" + r.id + "**: " + r.summary;
  if (const ComponentInfo* i = find_component(c, word)) {
    std::string s =
        "**" + i->name + "** (" + std::string(to_string(i->kind)) + " " + i->version + "): " + i->description;
    for (const OptionSpec& o : i->options) s += "\n- `" + o.name + "`: " + option_doc(o);
    return s;
  }
  const Context ctx = context_at(doc, at.line);
  if (const ComponentInfo* comp = ctx.plugin.empty() ? nullptr : find_component(c, ctx.plugin))
    for (const OptionSpec& o : comp->options)
      if (o.name == word) return "**" + o.name + "** (option of " + comp->name + "): " + option_doc(o);
  return {};
}

}  // namespace docpipe::host::lsp
