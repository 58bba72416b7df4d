#include "sentence_difficulty.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace docpipe::plugins {

namespace {

std::string fixed(double x, int decimals = 1) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
  return std::string(buf, r.ptr);
}

double round2(double x) { return std::round(x * 100.0) / 100.0; }

}  // namespace

double sentence_grade(const TextCounts& c) {
  const double words = static_cast<double>(c.words);
  if (words == 0) return 0;
  const double spw = (static_cast<double>(c.syllables) + kPriorWords * kStandardSyllablesPerWord) / (words + kPriorWords);
  // Flesch-Kincaid with the sentence's own length: 0.39 words per sentence + 11.8 syllables per word - 15.59.
  return 0.39 * words + 11.8 * spw - 15.59;
}

double hard_sentence_bar(const std::vector<TextCounts>& sentences, const ReadabilitySettings& s) {
  std::vector<double> grades;
  for (const TextCounts& c : sentences)
    if (c.words >= s.min_words) grades.push_back(sentence_grade(c));
  if (grades.size() < 5) return s.target_grade;
  const auto mid = grades.begin() + static_cast<std::ptrdiff_t>(grades.size() / 2);
  std::nth_element(grades.begin(), mid, grades.end());
  double median = *mid;
  if (grades.size() % 2 == 0) median = (median + *std::max_element(grades.begin(), mid)) / 2;
  return std::max(s.target_grade, median + s.outlier_margin);
}

std::optional<Finding> sentence_finding(Span span, const TextCounts& c, const ReadabilitySettings& s, double bar) {
  const double grade = sentence_grade(c);
  const bool is_long = c.words > s.max_sentence_words;
  const bool is_hard = c.words >= s.min_words && grade > bar;
  if (!is_long && !is_hard) return std::nullopt;
  Object data{{"words", c.words}, {"syllables", c.syllables}, {"grade", round2(grade)}, {"bar", round2(bar)}};
  const std::string grade_text =
      "grade " + fixed(grade) + (bar > s.target_grade ? " (this text's sentences: median " + fixed(bar - s.outlier_margin) + ")"
                                                      : " (target " + fixed(s.target_grade) + ")");
  if (is_long) {
    std::string message = "Sentence has " + std::to_string(c.words) + " words (limit " +
                          std::to_string(s.max_sentence_words) + ")";
    if (is_hard) message += " and reads at " + grade_text;
    return Finding{"", "long-sentence", Severity::warning, message + ": split it", span,
                   static_cast<double>(c.words), std::move(data)};
  }
  return Finding{"", "hard-sentence", Severity::info,
                 "Sentence reads at " + grade_text + ": " + std::to_string(c.words) + " words, " +
                     fixed(static_cast<double>(c.syllables) / static_cast<double>(c.words), 2) + " syllables per word",
                 span, round2(grade), std::move(data)};
}

}  // namespace docpipe::plugins
