#include "hedge_analyzer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "docpipe/error.hpp"

namespace hedges {
namespace {

// Apostrophes and non-ASCII bytes count as word bytes so "don't" and "naïve" stay one word.
bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '\'' || (u & 0x80);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Word {
  std::size_t begin, end;
  std::string lower;
};

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && !is_word_byte(text[i])) ++i;
    const std::size_t begin = i;
    while (i < text.size() && is_word_byte(text[i])) ++i;
    if (begin < i) words.push_back({begin, i, lower(text.substr(begin, i - begin))});
  }
  return words;
}

// Words of one phrase may be separated only by whitespace, not by punctuation: "may. Be" is no phrase.
bool only_space(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string format_rate(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

const std::vector<std::string>& builtin_phrases() {
  static const std::vector<std::string> list = {
      "may", "might", "could", "arguably", "perhaps", "possibly", "probably", "presumably",
      "seemingly", "apparently", "somewhat", "supposedly", "some say", "some people say",
      "it is believed", "it is thought", "it is said", "it could be argued", "it has been suggested",
      "to some extent", "more or less", "in a sense", "tends to", "it seems"};
  return list;
}

PhraseMatcher::PhraseMatcher(const std::vector<std::string>& phrases) {
  for (const auto& p : phrases) {
    Phrase phrase;
    for (const auto& w : split_words(p)) phrase.words.push_back(w.lower);
    if (phrase.words.empty()) throw docpipe::Error("hedge phrase '" + p + "' has no words");
    phrase.text = lower(p);
    const bool dup = std::any_of(phrases_.begin(), phrases_.end(), [&](const Phrase& q) { return q.words == phrase.words; });
    if (!dup) phrases_.push_back(std::move(phrase));
  }
  std::stable_sort(phrases_.begin(), phrases_.end(),
                   [](const Phrase& a, const Phrase& b) { return a.words.size() > b.words.size(); });
}

std::vector<Match> PhraseMatcher::find(std::string_view text, std::size_t& words) const {
  const std::vector<Word> ws = split_words(text);
  words = ws.size();
  std::vector<Match> out;
  for (std::size_t i = 0; i < ws.size();) {
    const Phrase* hit = nullptr;
    for (const auto& p : phrases_) {
      if (i + p.words.size() > ws.size()) continue;
      bool ok = true;
      for (std::size_t k = 0; ok && k < p.words.size(); ++k) {
        ok = ws[i + k].lower == p.words[k];
        if (ok && k > 0) ok = only_space(text.substr(ws[i + k - 1].end, ws[i + k].begin - ws[i + k - 1].end));
      }
      if (ok) {
        hit = &p;
        break;  // longest first
      }
    }
    if (!hit) {
      ++i;
      continue;
    }
    const std::size_t last = i + hit->words.size() - 1;
    out.push_back({{ws[i].begin, ws[last].end}, hit->text});
    i = last + 1;
  }
  return out;
}

HedgeAnalyzer::HedgeAnalyzer(const docpipe::StageContext& ctx)
    : stage_(ctx.stage_id),
      matcher_([&] {
        std::vector<std::string> all = builtin_phrases();
        for (auto& p : ctx.options.get_string_list("phrases")) all.push_back(std::move(p));
        return all;
      }()),
      max_per_1000_(ctx.options.get_double("max_per_1000_words")) {
  // The host checks types, not ranges: a negative limit is a configuration error, so refuse it here.
  if (max_per_1000_ < 0) throw docpipe::Error("max_per_1000_words must be 0 (no limit) or more");
}

void HedgeAnalyzer::analyze(docpipe::Document& doc) {
  // Code is not prose: "this may throw" in a code block is not a hedge.
  // Spans, not pointers: annotating below may reallocate doc.annotations.
  std::vector<docpipe::Span> code;
  for (const auto* a : doc.annotations_of(docpipe::annotation::code)) code.push_back(a->span);
  std::size_t words = 0;
  std::int64_t count = 0;
  for (auto& m : matcher_.find(doc.text, words)) {
    if (std::any_of(code.begin(), code.end(), [&](const docpipe::Span& c) { return c.overlaps(m.span); })) continue;
    ++count;
    doc.annotate("hedge", m.span, {{"phrase", m.phrase}});
    docpipe::Finding f;
    f.category = "hedge";
    f.severity = docpipe::Severity::info;
    f.message = "hedge: '" + std::string(doc.slice(m.span)) + "'";
    f.span = m.span;
    f.score = 1;
    f.data.set("phrase", m.phrase);
    doc.findings.push_back(std::move(f));
  }
  const double rate = words == 0 ? 0.0 : 1000.0 * static_cast<double>(count) / static_cast<double>(words);
  auto& metrics = doc.stage_metrics(stage_);
  metrics.set("hedges", count);
  metrics.set("words", static_cast<std::int64_t>(words));
  metrics.set("hedges_per_1000_words", std::round(rate * 10) / 10);
  if (max_per_1000_ > 0 && rate > max_per_1000_) {
    docpipe::Finding f;
    f.category = "hedge-density";
    f.severity = docpipe::Severity::warning;
    f.message = format_rate(rate) + " hedges per 1000 words (limit " + format_rate(max_per_1000_) + ")";
    f.span = {0, doc.text.size()};
    f.score = rate;
    f.data.set("hedges", count);
    f.data.set("words", static_cast<std::int64_t>(words));
    doc.findings.push_back(std::move(f));
  }
}

}  // namespace hedges
