#include "block_classifier.hpp"

#include "stop_words.hpp"
#include "text_scan.hpp"

namespace docpipe::plugins::boilerplate {
namespace {

using scan::is_space;

// Written sentences: six words or more ending like a sentence. Dense prose ("SMB founders saw
// opportunities to provide niche services", "Close customer relationships provide immediate market
// insights.") falls under jusText's stop-word bar and is still the author's: it is left to its
// neighbours, not dropped.
bool prose_like(const BlockFeatures& f) { return f.sentence_end && f.words >= 6; }

// Program text: brackets, braces, semicolons, equals signs and angle brackets make up a visible
// share of it. It has no stop words to speak of, and belongs to the article it stands in.
bool code_like(const BlockFeatures& f) { return f.solid >= 8 && f.code_marks * 12 >= f.solid; }

bool raw_has_copyright(std::string_view w) { return w.find("\xC2\xA9") != std::string_view::npos; }

bool is_code_mark(char c) {
  return c == '{' || c == '}' || c == ';' || c == '=' || c == '<' || c == '>' || c == '(' || c == ')';
}

BlockClass own_class(const Unit& u, const BlockFeatures& f, bool english, const ClassifierSettings& s) {
  if (f.words == 0) return BlockClass::bad;
  if (f.copyright) return BlockClass::bad;
  // A heading is short by nature and unpunctuated in any language: the text after it decides.
  if (f.chars < s.length_low || u.kind == UnitKind::heading || code_like(f)) return BlockClass::short_block;
  if (!english) {
    // Prose in any language is punctuated into sentences; menus and link lists are not.
    if (f.sentence_marks == 0) return BlockClass::bad;
    return f.chars > s.length_high ? BlockClass::good : BlockClass::near_good;
  }
  if (f.stop_density >= s.stopwords_high) return f.chars > s.length_high ? BlockClass::good : BlockClass::near_good;
  if (f.stop_density >= s.stopwords_low || prose_like(f)) return BlockClass::near_good;
  return BlockClass::bad;
}

// Sentence ends inside one whitespace-separated word: its last . ! ? (before closing quotes or
// brackets), and in text without spaces (Chinese, Japanese) every 。！？ (U+3002, U+FF01, U+FF1F).
std::size_t sentence_marks(std::string_view w, bool high) {
  std::size_t n = 0;
  if (high)
    for (std::size_t k = 0; k + 2 < w.size(); ++k)
      n += (w[k] == '\xE3' && w[k + 1] == '\x80' && w[k + 2] == '\x82') ||
           (w[k] == '\xEF' && w[k + 1] == '\xBC' && (w[k + 2] == '\x81' || w[k + 2] == '\x9F'));
  std::size_t e = w.size();
  while (e > 0 && (w[e - 1] == '"' || w[e - 1] == ')' || w[e - 1] == '\'')) --e;
  return n + (e > 1 && (w[e - 1] == '.' || w[e - 1] == '!' || w[e - 1] == '?'));
}

// For every block, the nearest good or bad class on each side (the page's edges count as bad),
// and the same with near-good blocks taken too: one pass each way, so a page of ten thousand short
// lines costs no more than its length.
struct Neighbours {
  std::vector<BlockClass> before, after, before_near, after_near;

  explicit Neighbours(const std::vector<BlockClass>& c) {
    const std::size_t n = c.size();
    before.assign(n, BlockClass::bad);
    after = before_near = after_near = before;
    BlockClass hard = BlockClass::bad, soft = BlockClass::bad;
    for (std::size_t i = 0; i < n; ++i) {
      before[i] = hard;
      before_near[i] = soft;
      remember(c[i], hard, soft);
    }
    hard = soft = BlockClass::bad;
    for (std::size_t i = n; i-- > 0;) {
      after[i] = hard;
      after_near[i] = soft;
      remember(c[i], hard, soft);
    }
  }

 private:
  static void remember(BlockClass x, BlockClass& hard, BlockClass& soft) {
    if (x == BlockClass::good || x == BlockClass::bad) hard = soft = x;
    else if (x == BlockClass::near_good) soft = x;
  }
};

// A full sentence of ordinary words ("Ticket prices will not change."), not a label or a link.
bool sentence_like(const BlockFeatures& f, bool english) {
  return f.sentence_end && f.words >= 4 && (!english || f.stop_density >= 0.2);
}

// A short block between two good ones is good, between two bad ones bad; between one of each it
// is good when a near-good block stands on the bad side before the bad one (jusText), or when it
// is a sentence: the article's last or first paragraph is often a short one.
BlockClass short_in_context(const Neighbours& nb, std::size_t i, bool sentence) {
  const BlockClass prev = nb.before[i], next = nb.after[i];
  if (prev == BlockClass::good && next == BlockClass::good) return BlockClass::good;
  if (prev == BlockClass::bad && next == BlockClass::bad) return BlockClass::bad;
  if (sentence || (prev == BlockClass::bad && nb.before_near[i] == BlockClass::near_good) ||
      (next == BlockClass::bad && nb.after_near[i] == BlockClass::near_good))
    return BlockClass::good;
  return BlockClass::bad;
}

// Whether the first block after heading i that is neither a heading nor named furniture (a byline,
// a caption) has class want and starts within max bytes. jusText lets any blocks stand between;
// in plain text those are often menu lines the reader took for headings.
bool followed_by(const std::vector<Unit>& units, const std::vector<bool>& furniture, const std::vector<BlockClass>& c,
                 std::size_t i, BlockClass want, std::size_t max) {
  std::size_t distance = 0;
  for (std::size_t k = i + 1; k < units.size() && distance <= max; ++k) {
    if (units[k].kind != UnitKind::heading && !furniture[k]) return c[k] == want;
    distance += furniture[k] ? 0 : units[k].text.size();
  }
  return false;
}

}  // namespace

std::string_view to_string(BlockClass c) {
  switch (c) {
    case BlockClass::good: return "good";
    case BlockClass::near_good: return "near-good";
    case BlockClass::short_block: return "short";
    case BlockClass::bad: return "bad";
  }
  return "bad";
}

BlockFeatures measure_block(const Unit& u) {
  BlockFeatures f;
  f.chars = u.text.size();
  std::size_t stops = 0, capitals = 0, digits = 0;
  const std::string_view t = u.text;
  std::size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && is_space(t[i])) ++i;
    const std::size_t b = i;
    bool digit = false, high = false;
    // One pass gathers everything the classes below ask of the characters (the © test and the code
    // test each made a pass of their own and together cost as much as the rest of the analyzer).
    for (; i < t.size() && !is_space(t[i]); ++i) {
      digit |= scan::is_digit(t[i]);
      high |= scan::is_high(t[i]);
      f.code_marks += is_code_mark(t[i]);
    }
    if (i == b) break;
    f.solid += i - b;
    if (high && raw_has_copyright(t.substr(b, i - b))) f.copyright = true;
    ++f.words;
    const std::string_view raw = t.substr(b, i - b);
    f.sentence_marks += sentence_marks(raw, high);
    const std::string_view w = scan::strip_punct(raw);
    if (w.empty()) continue;
    // The lower-cased copy at the same offsets spares the stop-word lookup its case folding.
    if (w.size() <= 10)
      stops += high ? is_stop_word(w)
                    : is_lower_stop_word(u.lower.substr(static_cast<std::size_t>(w.data() - t.data()), w.size()));
    capitals += scan::is_upper(w.front());
    digits += digit;
  }
  if (f.words > 0) {
    const double n = static_cast<double>(f.words);
    f.stop_words = stops;
    f.stop_density = static_cast<double>(stops) / n;
    f.capital_share = static_cast<double>(capitals) / n;
    f.digit_share = static_cast<double>(digits) / n;
  }
  f.sentence_end = scan::ends_sentence(t);
  return f;
}

std::vector<BlockVerdict> classify_blocks(const std::vector<Unit>& units, const std::vector<bool>& furniture,
                                          const ClassifierSettings& settings) {
  const std::size_t n = units.size();
  std::vector<BlockVerdict> v(n);
  std::vector<BlockClass> c(n);
  std::size_t words = 0, stops = 0;
  for (std::size_t i = 0; i < n; ++i) {
    v[i].features = measure_block(units[i]);
    words += v[i].features.words;
    stops += v[i].features.stop_words;
  }
  const bool english = static_cast<double>(stops) >= settings.min_english_stop_density * static_cast<double>(words);
  bool any_good = false, any_near = false;
  for (std::size_t i = 0; i < n; ++i) {
    v[i].own = furniture[i] ? BlockClass::bad : own_class(units[i], v[i].features, english, settings);
    c[i] = v[i].own;
    any_good |= c[i] == BlockClass::good;
    any_near |= c[i] == BlockClass::near_good;
  }
  // A page of one modest paragraph: its best blocks are the article.
  if (!any_good && any_near)
    for (std::size_t i = 0; i < n; ++i)
      if (c[i] == BlockClass::near_good) v[i].own = c[i] = BlockClass::good;
  if (!any_good && !any_near) {
    for (std::size_t i = 0; i < n; ++i) v[i].final = v[i].before = v[i].after = BlockClass::good;
    return v;
  }
  // A heading right before good text is part of it.
  for (std::size_t i = 0; i < n; ++i)
    if (units[i].kind == UnitKind::heading && c[i] == BlockClass::short_block &&
        followed_by(units, furniture, c, i, BlockClass::good, settings.max_heading_distance))
      c[i] = BlockClass::near_good;
  std::vector<BlockClass> next = c;
  {
    const Neighbours nb(c);
    for (std::size_t i = 0; i < n; ++i)
      if (c[i] == BlockClass::short_block) next[i] = short_in_context(nb, i, sentence_like(v[i].features, english));
  }
  c = next;
  {
    const Neighbours nb(c);
    for (std::size_t i = 0; i < n; ++i)
      if (c[i] == BlockClass::near_good)
        next[i] = nb.before[i] == BlockClass::bad && nb.after[i] == BlockClass::bad ? BlockClass::bad : BlockClass::good;
  }
  c = next;
  // A heading the context made bad is kept when good text follows it closely.
  for (std::size_t i = 0; i < n; ++i)
    if (units[i].kind == UnitKind::heading && c[i] == BlockClass::bad && v[i].own != BlockClass::bad &&
        followed_by(units, furniture, c, i, BlockClass::good, settings.max_heading_distance))
      c[i] = BlockClass::good;
  const Neighbours nb(c);
  for (std::size_t i = 0; i < n; ++i) {
    v[i].final = c[i];
    v[i].before = nb.before[i];
    v[i].after = nb.after[i];
  }
  return v;
}

}  // namespace docpipe::plugins::boilerplate
