#include "claims_eval.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iomanip>

#include "docpipe/error.hpp"

namespace docpipe::plugins::claims::eval {
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

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string last_word(const std::string& s) {
  const std::size_t sp = s.find_last_of(' ');
  return lower(sp == std::string::npos ? s : s.substr(sp + 1));
}

}  // namespace

const std::vector<std::string>& categories() {
  static const std::vector<std::string> c = {"statistical", "attributed", "quote", "causal",
                                             "comparative", "prediction", "sweeping"};
  return c;
}

std::vector<Item> load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot open labelled set " + path);
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
    if (it.category != "none" && std::find(categories().begin(), categories().end(), it.category) == categories().end())
      throw Error("labelled set line " + std::to_string(number) + ": unknown category '" + it.category + "'");
    items.push_back(std::move(it));
    in_passage = true;
  }
  return items;
}

std::vector<Prediction> run(const Engine& engine, const std::vector<Item>& items) {
  std::vector<Prediction> out(items.size());
  std::size_t i = 0;
  while (i < items.size()) {
    std::size_t j = i;
    Document doc;
    doc.id = "passage-" + std::to_string(items[i].passage);
    std::vector<Span> spans;
    while (j < items.size() && items[j].passage == items[i].passage) {
      if (!doc.text.empty()) doc.text += ' ';
      const std::uint64_t b = doc.text.size();
      doc.text += items[j].sentence;
      spans.push_back({b, doc.text.size()});
      ++j;
    }
    for (const Span& s : spans) {
      doc.annotate(annotation::sentence, s, Object{{"kind", "sentence"}});
      std::uint64_t w = s.begin;
      for (std::uint64_t k = s.begin; k <= s.end; ++k) {
        if (k == s.end || doc.text[k] == ' ') {
          if (k > w) doc.annotate(annotation::word, {w, k});
          w = k + 1;
        }
      }
    }
    const std::vector<SentenceResult> results = engine.analyze(doc);
    for (std::size_t k = i; k < j; ++k) {
      Prediction& p = out[k];
      p.category = "none";
      for (const SentenceResult& r : results) {
        if (!(r.span == spans[k - i])) continue;
        p.category = r.primary.empty() || r.primary == "event" ? "none" : r.primary;
        p.check_worthy = r.check_worthy;
        p.needs_support = r.needs_support;
        p.score = r.score;
        if (r.quote) p.speaker = r.quote->speaker;
      }
    }
    i = j;
  }
  return out;
}

Report score(const std::vector<Item>& items, const std::vector<Prediction>& predictions) {
  Report rep;
  for (const std::string& c : categories()) rep.category[c];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    const Prediction& p = predictions[i];
    auto count = [](Prf& m, bool expected, bool predicted) {
      if (expected && predicted) ++m.tp;
      else if (predicted) ++m.fp;
      else if (expected) ++m.fn;
    };
    count(rep.check_worthy, it.check_worthy, p.check_worthy);
    count(rep.needs_support, it.needs_support, p.needs_support);
    for (const std::string& c : categories()) count(rep.category[c], it.category == c, p.category == c);
    ++rep.confusion[it.category][p.category];
    if (it.category == "quote" && it.speaker != "-") {
      ++rep.speakers_expected;
      rep.speakers_right += !p.speaker.empty() && last_word(p.speaker) == last_word(it.speaker);
    }
  }
  return rep;
}

void print(std::ostream& out, const Report& rep, const std::vector<Item>& items, const std::vector<Prediction>& predictions,
           bool errors) {
  std::vector<std::string> labels = categories();
  labels.push_back("none");
  out << "Confusion table (rows: expected, columns: predicted), " << items.size() << " sentences\n";
  out << std::setw(13) << "";
  for (const std::string& l : labels) out << std::setw(12) << l.substr(0, 11);
  out << '\n';
  for (const std::string& e : labels) {
    out << std::setw(13) << e;
    const auto row = rep.confusion.find(e);
    for (const std::string& p : labels) {
      std::size_t v = 0;
      if (row != rep.confusion.end())
        if (const auto cell = row->second.find(p); cell != row->second.end()) v = cell->second;
      out << std::setw(12) << v;
    }
    out << '\n';
  }
  out << std::fixed << std::setprecision(3);
  out << "\nlabel            precision  recall     F1     tp   fp   fn\n";
  auto line = [&](const std::string& name, const Prf& m) {
    out << std::left << std::setw(16) << name << std::right << std::setw(10) << m.precision() << std::setw(8)
        << m.recall() << std::setw(8) << m.f1() << std::setw(6) << m.tp << std::setw(5) << m.fp << std::setw(5) << m.fn << '\n';
  };
  line("check-worthy", rep.check_worthy);
  line("needs-support", rep.needs_support);
  for (const std::string& c : categories()) line(c, rep.category.at(c));
  out << "quote speakers   " << rep.speakers_right << " / " << rep.speakers_expected << " resolved correctly\n";
  if (!errors) return;
  out << "\nDisagreements (line: expected -> predicted)\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    const Prediction& p = predictions[i];
    const bool speaker_wrong = it.category == "quote" && it.speaker != "-" && last_word(p.speaker) != last_word(it.speaker);
    if (it.category == p.category && it.check_worthy == p.check_worthy && it.needs_support == p.needs_support && !speaker_wrong)
      continue;
    out << it.line << ": " << it.category << (it.check_worthy ? "/cw" : "") << (it.needs_support ? "/ns" : "") << " -> "
        << p.category << (p.check_worthy ? "/cw" : "") << (p.needs_support ? "/ns" : "") << " score " << p.score;
    if (speaker_wrong) out << " speaker '" << p.speaker << "' vs '" << it.speaker << "'";
    out << "\n    " << it.sentence << '\n';
  }
}

}  // namespace docpipe::plugins::claims::eval
