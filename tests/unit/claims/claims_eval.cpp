#include "claims_eval.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iomanip>

#include "docpipe/error.hpp"

namespace docpipe::plugins::claims::eval {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string last_word(const std::string& s) {
  const std::size_t sp = s.find_last_of(' ');
  return lower(sp == std::string::npos ? s : s.substr(sp + 1));
}

}  // namespace

std::vector<Prediction> run(const Engine& engine, const std::vector<Item>& items, char separator) {
  const std::vector<SentenceResult> results = analyze_items(engine, items, separator);
  std::vector<Prediction> out(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) {
    const SentenceResult& r = results[k];
    Prediction& p = out[k];
    p.category = r.primary.empty() || r.primary == "event" ? "none" : r.primary;
    p.check_worthy = r.check_worthy;
    p.needs_support = r.needs_support;
    p.score = r.score;
    if (r.quote) p.speaker = r.quote->speaker;
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
