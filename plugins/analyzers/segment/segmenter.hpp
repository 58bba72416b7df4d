// Sentence and word segmentation on top of ICU's break iterators, with the corrections English
// prose needs and respect for the reader's structure (headings and list items stay separate).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/brkiter.h>

#include "docpipe/plugin.hpp"

namespace docpipe::plugins {

/// What a sentence-like unit is; stored as the "kind" feature of each sentence annotation.
enum class UnitKind : std::uint8_t { sentence, heading, list_item, caption, boilerplate };
inline constexpr std::size_t kUnitKinds = 5;
/// "sentence", "heading", "list_item", "caption" or "boilerplate".
std::string_view to_string(UnitKind k);

/// Counts of one segmented document.
struct SegmentCounts {
  std::size_t words = 0;
  std::array<std::size_t, kUnitKinds> units{};  ///< sentence annotations per UnitKind
  std::size_t fast_path_units = 0;  ///< structural units whose words the ASCII scanner found
  std::size_t icu_path_units = 0;   ///< ... and those whose words ICU's iterator found
  std::size_t total_units() const;
};

/// Adds sentence and word annotations to documents. Holds its own ICU iterators: one instance
/// per thread.
class Segmenter {
 public:
  /// language: an ICU locale id ("en", "de", "fr_CA"); English gets the abbreviation list and
  /// corrections. extra_abbreviations: more tokens (with their final '.') never ending a sentence.
  /// ascii_fast_path: find word boundaries in text of ASCII (and the common typographic marks and
  /// Latin letters) with a scanner of our own instead of ICU's word iterator; the boundaries are
  /// the same (tests/unit/segment/fast_path_test.cpp), the scanner about four times faster.
  /// word_annotations: also add a "word" annotation per word of the token stream.
  explicit Segmenter(std::string language, const std::vector<std::string>& extra_abbreviations = {},
                     bool ascii_fast_path = true, bool word_annotations = true);
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  /// Annotates doc (sentences with a "kind" feature, then words, unit by unit), fills its token
  /// stream (Document::tokens) and counts them.
  SegmentCounts segment(Document& doc);
  /// The locale assumed for every document.
  const std::string& language() const { return language_; }

 private:
  struct Unit {
    std::size_t begin;
    std::size_t end;
    UnitKind kind;
  };

  void find_units(const Document& doc);
  void add_fallback_units(std::string_view text, std::size_t begin, std::size_t end);
  void segment_unit(Document& doc, const Unit& u, SegmentCounts& counts);
  bool load_utf16(std::string_view text, std::size_t begin, std::size_t end);
  bool keep_boundary(std::string_view text, std::size_t unit_begin, std::size_t pos, std::size_t next_end) const;

  std::string language_;
  bool english_ = false;
  bool ascii_fast_path_ = true;
  bool word_annotations_ = true;
  class TokenBuilder;
  std::unique_ptr<icu::BreakIterator> sentences_;
  std::unique_ptr<icu::BreakIterator> words_;
  // Reused buffers, so a document costs no allocation per unit or per word.
  std::vector<std::uint8_t> labels_;
  std::vector<Unit> units_;
  std::u16string u16_;
  std::vector<std::uint32_t> offsets_;  // UTF-16 index -> byte offset, one past the end included
  std::vector<std::size_t> bounds_;     // sentence boundaries of the current unit, in bytes
  std::vector<std::size_t> sentence_begins_;  // where the current unit's sentence annotations begin
  std::string simple_;                  // the unit folded to the word scanner's classes (fast path)
};

/// The analyzer stage around Segmenter.
class SegmentAnalyzer : public Analyzer {
 public:
  /// language, abbreviations.
  static std::vector<OptionSpec> option_specs();
  explicit SegmentAnalyzer(const StageContext& ctx);
  void analyze(Document& doc) override;

 private:
  std::string stage_id_;
  Segmenter segmenter_;
};

}  // namespace docpipe::plugins
