// A jusText-style classifier of plain-text blocks (Pomikálek, "Removing Boilerplate and Duplicate
// Content from Web Corpora", 2011): each block first gets a class from its own features (length,
// share of stop words, ...), then short and uncertain blocks take the class of the blocks around
// them, so a short line inside the article is kept and a long-ish line amid menus is not.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "units.hpp"

namespace docpipe::plugins::boilerplate {

enum class BlockClass { good, near_good, short_block, bad };

/// "good", "near-good", "short" or "bad".
std::string_view to_string(BlockClass c);

/// What the classifier measured of one block.
struct BlockFeatures {
  std::size_t chars = 0;       ///< bytes of text
  std::size_t words = 0;
  std::size_t stop_words = 0;
  std::size_t sentence_marks = 0;  ///< . ! ? and their CJK forms followed by a space or the end
  double stop_density = 0;     ///< stop words / words
  double capital_share = 0;    ///< words starting with a capital / words
  double digit_share = 0;      ///< words holding a digit / words
  bool sentence_end = false;   ///< ends in . ! ? (closers looked through)
  bool copyright = false;      ///< holds a © sign
  std::size_t solid = 0;       ///< bytes that are not white space
  std::size_t code_marks = 0;  ///< { } ; = < > ( ) among them
};

/// The thresholds; jusText's defaults, which suit English web text.
struct ClassifierSettings {
  std::size_t length_low = 70;      ///< shorter blocks are "short": their neighbours decide
  std::size_t length_high = 200;    ///< a good block is longer than this
  double stopwords_high = 0.32;     ///< ... and has at least this share of stop words
  double stopwords_low = 0.30;      ///< below this share a block is bad
  std::size_t max_heading_distance = 200;  ///< bytes of text between a heading and the good block it heads
  /// A page whose words are less than this share English stop words is in another language (or
  /// is lorem ipsum): sentence punctuation stands in for the stop words there.
  double min_english_stop_density = 0.15;
};

/// One block's verdict.
struct BlockVerdict {
  BlockFeatures features;
  BlockClass own = BlockClass::bad;  ///< from its own features
  BlockClass final = BlockClass::bad;  ///< after its neighbours were looked at
  BlockClass before = BlockClass::bad;  ///< the nearest good or bad block before it (or the page start: bad)
  BlockClass after = BlockClass::bad;   ///< ... and after it
};

/// The features of one unit.
BlockFeatures measure_block(const Unit& u);

/// Classifies units in text order; furniture[i] says a named rule already marked unit i (it then
/// counts as bad for its neighbours). A page where no block is prose by its own features gets
/// every block's class as "good": without an article to anchor on, nothing is dropped.
std::vector<BlockVerdict> classify_blocks(const std::vector<Unit>& units, const std::vector<bool>& furniture,
                                          const ClassifierSettings& settings);

}  // namespace docpipe::plugins::boilerplate
