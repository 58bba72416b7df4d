#include "line_frequency.hpp"

#include <map>
#include <memory>
#include <string>

namespace docpipe::plugins {

std::vector<std::uint32_t> LineFrequencyTable::add_document(const std::vector<std::uint64_t>& distinct_hashes) {
  std::vector<std::uint32_t> out;
  out.reserve(distinct_hashes.size());
  // One lock per document, not per line: contention stays negligible next to reading.
  std::lock_guard lock(m_);
  for (const std::uint64_t h : distinct_hashes) {
    auto it = counts_.find(h);
    if (it == counts_.end()) {
      if (counts_.size() >= max_entries_) {
        out.push_back(1);
        continue;
      }
      it = counts_.emplace(h, 0).first;
    }
    out.push_back(++it->second);
  }
  return out;
}

std::size_t LineFrequencyTable::size() const {
  std::lock_guard lock(m_);
  return counts_.size();
}

LineFrequencyTable& LineFrequencyTable::shared(std::string_view stage_id) {
  static std::mutex m;
  static std::map<std::string, std::unique_ptr<LineFrequencyTable>, std::less<>> tables;
  std::lock_guard lock(m);
  auto it = tables.find(stage_id);
  if (it == tables.end()) it = tables.emplace(std::string(stage_id), std::make_unique<LineFrequencyTable>()).first;
  return *it->second;
}

std::uint64_t line_key(std::string_view line) {
  const auto is_word = [](unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
  };
  std::size_t b = 0, e = line.size();
  while (b < e && !is_word(static_cast<unsigned char>(line[b]))) ++b;
  while (e > b && !is_word(static_cast<unsigned char>(line[e - 1]))) --e;
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a: stable across runs and builds
  const auto add = [&](unsigned char c) {
    h ^= c;
    h *= 1099511628211ULL;
  };
  bool space = false, digit = false;
  for (std::size_t i = b; i < e; ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      digit = false;
      continue;
    }
    if (space) add(' ');
    space = false;
    if (c >= '0' && c <= '9') {
      if (!digit) add('0');
      digit = true;
      continue;
    }
    digit = false;
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c | 0x20);
    add(c);
  }
  return h;
}

}  // namespace docpipe::plugins
