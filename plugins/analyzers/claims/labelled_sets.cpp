#include "labelled_sets.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "docpipe/error.hpp"

namespace docpipe::plugins::claims {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t tab = line.find('\t', pos);
    out.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
    if (tab == std::string::npos) break;
    pos = tab + 1;
  }
  return out;
}

bool yes_no(const std::string& s, std::size_t line) {
  if (s == "y") return true;
  if (s == "n") return false;
  throw Error("labelled set line " + std::to_string(line) + ": expected y or n, got '" + s + "'");
}

std::ifstream open_set(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot open labelled set " + path);
  return in;
}

// Calls f(json, line number) for each non-blank line of a JSON Lines file.
template <class F>
void each_json_line(const std::string& path, F f) {
  std::ifstream in = open_set(path);
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      f(nlohmann::json::parse(line), number);
    } catch (const nlohmann::json::exception& e) {
      throw Error(path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
}

}  // namespace

const std::vector<std::string>& scored_categories() {
  static const std::vector<std::string> c = {"statistical", "attributed", "quote", "causal",
                                             "comparative", "prediction", "sweeping"};
  return c;
}

std::vector<Item> load_tsv(const std::string& path) {
  std::ifstream in = open_set(path);
  std::vector<Item> items;
  std::string line;
  std::size_t number = 0, passage = 0;
  bool in_passage = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (in_passage) ++passage;
      in_passage = false;
      continue;
    }
    if (line.front() == '#') continue;
    const std::vector<std::string> f = split_tabs(line);
    if (f.size() != 5) throw Error("labelled set line " + std::to_string(number) + ": expected 5 tab-separated fields");
    Item it{f[0], yes_no(f[1], number), yes_no(f[2], number), f[3], f[4], number, passage};
    const auto& cats = scored_categories();
    if (it.category != "none" && std::find(cats.begin(), cats.end(), it.category) == cats.end())
      throw Error("labelled set line " + std::to_string(number) + ": unknown category '" + it.category + "'");
    items.push_back(std::move(it));
    in_passage = true;
  }
  return items;
}

std::vector<Item> load_claimbuster(const std::string& path) {
  std::vector<Item> items;
  each_json_line(path, [&](const nlohmann::json& j, std::size_t line) {
    Item it;
    it.check_worthy = j.at("label").get<int>() == 1;
    it.sentence = j.at("text").get<std::string>();
    it.category = "none";
    it.speaker = "-";
    it.line = line;
    it.passage = items.size();
    items.push_back(std::move(it));
  });
  return items;
}

std::vector<Item> load_articles(const std::string& path) {
  std::vector<Item> items;
  each_json_line(path, [&](const nlohmann::json& j, std::size_t line) {
    Item it;
    it.file = j.at("file").get<std::string>();
    it.sentence = j.at("text").get<std::string>();
    it.is_sentence = j.at("kind").get<std::string>() == "sentence";
    it.check_worthy = it.is_sentence && j.value("checkworthy", false);
    it.needs_support = it.is_sentence && j.value("needs_support", false);
    it.category = j.value("category", std::string("none"));
    it.speaker = "-";
    it.line = line;
    it.passage = items.empty() ? 0 : items.back().passage + (items.back().file != it.file);
    items.push_back(std::move(it));
  });
  return items;
}

std::vector<SentenceResult> analyze_items(const Engine& engine, const std::vector<Item>& items, char separator) {
  std::vector<SentenceResult> out(items.size());
  std::size_t i = 0;
  while (i < items.size()) {
    Document doc;
    doc.id = "passage-" + std::to_string(items[i].passage);
    std::vector<Span> spans;
    std::size_t j = i;
    for (; j < items.size() && items[j].passage == items[i].passage; ++j) {
      if (!doc.text.empty()) doc.text += separator;
      const std::uint64_t b = doc.text.size();
      doc.text += items[j].sentence;
      spans.push_back({b, doc.text.size()});
    }
    for (std::size_t k = i; k < j; ++k) {
      const Span s = spans[k - i];
      if (!items[k].is_sentence || s.empty()) continue;
      doc.annotate(annotation::sentence, s, Object{{"kind", "sentence"}});
      std::uint64_t w = s.begin;
      for (std::uint64_t p = s.begin; p <= s.end; ++p) {
        if (p == s.end || doc.text[p] == ' ') {
          if (p > w) doc.annotate(annotation::word, {w, p});
          w = p + 1;
        }
      }
    }
    for (SentenceResult& r : engine.analyze(doc)) {
      const auto it = std::find(spans.begin(), spans.end(), r.span);
      if (it != spans.end()) out[i + static_cast<std::size_t>(it - spans.begin())] = std::move(r);
    }
    i = j;
  }
  return out;
}

}  // namespace docpipe::plugins::claims
