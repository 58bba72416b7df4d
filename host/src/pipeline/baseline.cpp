#include "pipeline/baseline.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "config/pipeline_config.hpp"
#include "config/rules.hpp"
#include "docpipe/atomic_file.hpp"
#include "docpipe/error.hpp"

namespace docpipe::host {

namespace {

constexpr const char* kFormat = "docpipe-baseline";

std::string normalised(std::string_view s) {
  std::string out;
  bool gap = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      gap = !out.empty();
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += c;
  }
  return out;
}

}  // namespace

std::vector<BaselineKey> baseline_keys(const Document& doc) {
  std::vector<BaselineKey> keys;
  std::map<std::pair<std::string, std::string>, std::uint64_t> seen;
  // Occurrences count in text order, whatever order the stages added the findings in.
  std::vector<std::size_t> order(doc.findings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return doc.findings[a].span.begin < doc.findings[b].span.begin; });
  keys.resize(doc.findings.size());
  for (std::size_t i : order) {
    const Finding& f = doc.findings[i];
    BaselineKey k{doc.id, rule_id(f), normalised(doc.slice(f.span)), 0};
    k.occurrence = ++seen[{k.rule, k.text}];
    keys[i] = std::move(k);
  }
  return keys;
}

void save_baseline(const std::filesystem::path& file, std::vector<BaselineKey> keys) {
  std::sort(keys.begin(), keys.end());
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& k : keys)
    list.push_back({{"document", k.document}, {"rule", k.rule}, {"text", k.text}, {"occurrence", k.occurrence}});
  nlohmann::ordered_json j = {{"format", kFormat}, {"version", 1}, {"findings", std::move(list)}};
  AtomicFile out(file.string());
  out.write(j.dump(1, '\t', false, nlohmann::json::error_handler_t::replace) + "\n");
  out.commit();
}

Baseline Baseline::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError({file.string() + ": baseline file not found"});
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError({file.string() + ": not a docpipe baseline (JSON error: " + e.what() + ")"});
  }
  if (!j.is_object() || j.value("format", "") != kFormat || !j.contains("findings") || !j["findings"].is_array())
    throw ConfigError({file.string() + ": not a docpipe baseline (write one with `docpipe baseline`)"});
  Baseline b;
  try {
    for (const auto& e : j["findings"])
      b.entries_[BaselineKey{e.at("document").get<std::string>(), e.at("rule").get<std::string>(),
                             e.at("text").get<std::string>(), e.at("occurrence").get<std::uint64_t>()}] = false;
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError({file.string() + ": a baseline entry is malformed: " + e.what()});
  }
  return b;
}

std::size_t Baseline::filter(Document& doc) {
  documents_.insert(doc.id);
  if (entries_.empty() || doc.findings.empty()) return 0;
  const std::vector<BaselineKey> keys = baseline_keys(doc);
  std::vector<Finding> kept;
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto it = entries_.find(keys[i]);
    if (it != entries_.end() && !it->second) {
      it->second = true;
      ++dropped;
    } else {
      kept.push_back(std::move(doc.findings[i]));
    }
  }
  doc.findings = std::move(kept);
  return dropped;
}

std::vector<BaselineKey> Baseline::keys() const {
  std::vector<BaselineKey> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(e.first);
  return out;
}

std::size_t Baseline::unmatched() const {
  return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(), [&](const auto& e) {
    return !e.second && documents_.count(e.first.document) > 0;
  }));
}

}  // namespace docpipe::host
