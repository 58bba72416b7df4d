#include "shingle_score.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "docpipe/text.hpp"

namespace docpipe::bench {
namespace {

constexpr std::size_t kShingle = 4;

std::map<std::string, long> shingles(const std::vector<std::string>& toks) {
  std::map<std::string, long> out;
  if (toks.empty()) return out;
  // A text shorter than one shingle is one shingle of what it has.
  const std::size_t n = std::min(kShingle, toks.size());
  for (std::size_t i = 0; i + n <= toks.size(); ++i) {
    std::string s;
    for (std::size_t k = 0; k < n; ++k) s += toks[i + k] + ' ';
    ++out[s];
  }
  return out;
}

}  // namespace

std::vector<std::string> word_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = utf8_next(text, i);
    const auto cat = U_GET_GC_MASK(static_cast<UChar32>(cp));
    if ((cat & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0) {
      if (cp < 0x80) cur += static_cast<char>(std::tolower(static_cast<int>(cp)));
      else cur.append(text.substr(start, i - start));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

ShingleScore score_text(std::string_view predicted, std::string_view reference) {
  const auto ps = shingles(word_tokens(predicted));
  const auto es = shingles(word_tokens(reference));
  long tp = 0, np = 0, ne = 0;
  for (const auto& [s, c] : ps) {
    np += c;
    if (auto it = es.find(s); it != es.end()) tp += std::min(c, it->second);
  }
  for (const auto& [s, c] : es) ne += c;
  ShingleScore sc;
  const double fp = static_cast<double>(np - tp), fn = static_cast<double>(ne - tp);
  const double sum = static_cast<double>(tp) + fp + fn;
  if (sum == 0) {
    sc.tp = 1;
  } else {
    sc.tp = static_cast<double>(tp) / sum;
    sc.fp = fp / sum;
    sc.fn = fn / sum;
  }
  sc.precision = sc.tp + sc.fp > 0 ? sc.tp / (sc.tp + sc.fp) : 0;
  sc.recall = sc.tp + sc.fn > 0 ? sc.tp / (sc.tp + sc.fn) : 0;
  sc.f1 = sc.precision + sc.recall > 0 ? 2 * sc.precision * sc.recall / (sc.precision + sc.recall) : 0;
  return sc;
}

SetScore summarize(const std::vector<ShingleScore>& pages) {
  SetScore s;
  s.pages = pages.size();
  if (pages.empty()) return s;
  double tp = 0, fp = 0, fn = 0;
  std::vector<double> f1s;
  for (const auto& p : pages) {
    tp += p.tp;
    fp += p.fp;
    fn += p.fn;
    f1s.push_back(p.f1);
  }
  // With every page's counts normalised to sum 1, these are the means over pages.
  s.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  s.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  std::sort(f1s.begin(), f1s.end());
  const std::size_t m = f1s.size() / 2;
  s.median_f1 = f1s.size() % 2 ? f1s[m] : (f1s[m - 1] + f1s[m]) / 2;
  return s;
}

}  // namespace docpipe::bench
