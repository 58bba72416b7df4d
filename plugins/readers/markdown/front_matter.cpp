#include "front_matter.hpp"

namespace docpipe::plugins {
namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// A scalar without its quotes; a trailing " # comment" is YAML's and not part of the value.
std::string scalar(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    std::string out;
    const char q = s.front();
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      // 'it''s' in single quotes, \" in double quotes.
      if (q == '\'' && s[i] == '\'' && s[i + 1] == '\'') ++i;
      else if (q == '"' && s[i] == '\\' && i + 2 < s.size()) ++i;
      out.push_back(s[i]);
    }
    return out;
  }
  if (const auto hash = s.find(" #"); hash != std::string_view::npos) s = trim(s.substr(0, hash));
  return std::string(s);
}

Array flow_list(std::string_view s) {
  Array items;
  s = trim(s.substr(1, s.size() - 2));
  while (!s.empty()) {
    const auto comma = s.find(',');
    std::string item = scalar(s.substr(0, comma));
    if (!item.empty()) items.emplace_back(std::move(item));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return items;
}

bool is_fence(std::string_view line, bool closing) {
  line = trim(line);
  return line == "---" || (closing && line == "...");
}

}  // namespace

FrontMatter parse_front_matter(std::string_view source, std::size_t first_line) {
  FrontMatter fm;
  const auto first_nl = source.find('\n');
  if (first_nl == std::string_view::npos || !is_fence(source.substr(0, first_nl), false)) return fm;

  // Find the closing fence first: without one, the "---" is a Markdown rule and nothing here is metadata.
  std::vector<std::string_view> lines;
  std::size_t pos = first_nl + 1;
  std::size_t body = 0;
  while (pos <= source.size()) {
    auto nl = source.find('\n', pos);
    const std::string_view line = source.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (is_fence(line, true)) {
      body = nl == std::string_view::npos ? source.size() : nl + 1;
      break;
    }
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (body == 0) return fm;
  fm.end = body;

  Value* open_list = nullptr;  // the value of a "key:" line waiting for "- item" lines
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line_no = first_line + 1 + i;
    const std::string_view raw = lines[i];
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '-' && (line.size() == 1 || line[1] == ' ')) {
      if (!open_list) {
        fm.ignored.push_back("line " + std::to_string(line_no) + ": list item without a key");
        continue;
      }
      if (!open_list->is_array()) *open_list = Array{};
      open_list->as_array().emplace_back(scalar(line.substr(1)));
      continue;
    }
    const auto colon = line.find(':');
    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (colon == std::string_view::npos || colon == 0 || indented) {
      fm.ignored.push_back("line " + std::to_string(line_no) + ": not a top-level \"key: value\" line");
      open_list = nullptr;
      continue;
    }
    const std::string key(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    open_list = nullptr;
    if (value.empty()) {
      open_list = &fm.fields.set(key, Value{});
    } else if (value.front() == '[' && value.back() == ']') {
      fm.fields.set(key, flow_list(value));
    } else if (value == "|" || value == ">" || value.front() == '{' || value.starts_with("|-") || value.starts_with(">-")) {
      fm.ignored.push_back("line " + std::to_string(line_no) + ": block scalars and maps are not supported");
    } else {
      fm.fields.set(key, scalar(value));
    }
  }
  return fm;
}

}  // namespace docpipe::plugins
