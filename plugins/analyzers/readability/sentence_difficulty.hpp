// How hard one sentence is to read, and the finding a writer gets for it. Kept apart from the
// counting (readability.cpp, syllables.cpp): this only turns a sentence's counts into a verdict.
#pragma once

#include <optional>
#include <vector>

#include "docpipe/document.hpp"
#include "readability.hpp"

namespace docpipe::plugins {

/// Syllables per word of "standard" English prose: Flesch's table gives 147 syllables per 100
/// words for standard style (Flesch, R. (1949). The Art of Readable Writing, ch. 17).
inline constexpr double kStandardSyllablesPerWord = 1.47;
/// How many words of standard prose a sentence's own syllables are blended with.
inline constexpr double kPriorWords = 10;

/// The Flesch-Kincaid grade of one sentence with its syllables per word shrunk towards standard
/// prose: (syllables + 10 x 1.47) / (words + 10). Two long words in a ten-word sentence move it
/// by about half as much as the raw formula would; a long sentence is judged mostly on its own.
double sentence_grade(const TextCounts& sentence);

/// The grade a sentence must exceed to be hard: target_grade, or the document's median sentence
/// grade plus outlier_margin when that is higher (a sentence is hard next to its own text). The
/// median is over sentences of at least min_words words, and only when there are five of them.
double hard_sentence_bar(const std::vector<TextCounts>& sentences, const ReadabilitySettings& settings);

/// At most one finding per sentence: long-sentence (mentioning the grade when it is above bar),
/// else hard-sentence when the grade is above bar, else none.
std::optional<Finding> sentence_finding(Span span, const TextCounts& counts, const ReadabilitySettings& settings,
                                        double bar);

}  // namespace docpipe::plugins
