#include "segmenter.hpp"

#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>
#include <string_view>

#include "ascii_words.hpp"
#include "docpipe/text.hpp"

namespace docpipe::plugins {

std::string_view to_string(UnitKind k) {
  switch (k) {
    case UnitKind::sentence: return "sentence";
    case UnitKind::heading: return "heading";
    case UnitKind::list_item: return "list_item";
    case UnitKind::caption: return "caption";
    case UnitKind::boilerplate: return "boilerplate";
  }
  return "sentence";
}

std::size_t SegmentCounts::total_units() const {
  std::size_t n = 0;
  for (std::size_t c : units) n += c;
  return n;
}

namespace {

// Abbreviations that never end an English sentence in practice: handed to ICU's filter, which
// suppresses the break after them.
constexpr std::string_view kNeverFinal[] = {
    "Mr.",   "Mrs.",  "Ms.",  "Dr.",   "Prof.", "Mt.",   "Sen.",  "Rep.", "Gov.",  "Gen.",  "Col.",
    "Capt.", "Lt.",   "Sgt.", "Rev.",  "Hon.",  "vs.",  "e.g.",  "E.g.",  "i.e.", "I.e.",  "cf.",   "viz.",
    "approx.", "Fig.", "Figs.", "Eq.", "Vol.",  "pp.",  "Messrs.", "Mme.", "Mlle.", "Ste."};

// Abbreviations that end a sentence only when a number does not follow ("No. 5", "p. 12").
constexpr std::string_view kBeforeNumber[] = {
    "No.", "Nos.", "no.", "p.", "Sec.", "Ch.", "Art.", "Tab.", "ca.", "para.", "Ref.", "Vols.", "Jan.", "Feb.",
    "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."};

// Abbreviations that often end a sentence ("... at Acme Inc. The firm ..."): ICU's filter would
// glue every such sentence to the next, so they are decided by the word that follows instead.
constexpr std::string_view kAmbiguous[] = {
    "Inc.", "Ltd.", "Co.",  "Corp.", "Jr.",  "Sr.",  "U.S.", "U.K.", "U.N.", "E.U.", "a.m.",
    "p.m.", "A.M.", "P.M.", "LLC.", "Bros.", "Ph.D.", "Esq.", "Dept.", "Univ.", "Ave.", "Blvd.", "St."};

// Words that commonly open an English sentence: after an ambiguous abbreviation they mean the
// full stop did end the sentence; any other capitalised word is taken for a name.
constexpr std::string_view kStarters[] = {
    "A",       "About",   "After",    "Again",     "All",       "Also",      "Although", "An",       "And",
    "Another", "Any",     "Are",      "As",        "At",        "Because",   "Before",   "Both",     "But",
    "By",      "Can",     "Could",    "Despite",   "Did",       "Do",        "Does",     "During",   "Each",
    "Even",    "Every",   "Finally",  "First",     "For",       "From",      "He",       "Her",      "Here",
    "His",     "How",     "However",  "I",         "If",        "In",        "Instead",  "Is",       "It",
    "Its",     "Just",    "Last",     "Later",     "Let",       "Many",      "Meanwhile", "More",    "Most",
    "My",      "Never",   "Next",     "No",        "Nor",       "Not",       "Now",      "Of",       "On",
    "Once",    "One",     "Only",     "Or",        "Other",     "Our",       "Over",     "Please",   "She",
    "Since",   "So",      "Some",     "Still",     "Such",      "That",      "The",      "Their",    "Then",
    "There",   "Therefore", "These",  "They",      "This",      "Those",     "Though",   "Thus",     "To",
    "Today",   "Tomorrow", "Two",     "Under",     "Until",     "Was",       "We",       "Were",     "What",
    "When",    "Where",   "Whether",  "Which",     "While",     "Who",       "Why",      "Will",     "With",
    "Would",   "Yes",     "Yesterday", "Yet",      "You",       "Your",      "Should",   "Three",
    "Without"};

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

// Opening punctuation allowed before the first word of a sentence.
bool is_opener(char32_t c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C || c == 0x2018 || c == 0xAB || c == 0x201E ||
         c == '*' || c == '_';
}

bool is_dash(char32_t c) { return c == 0x2014 || c == 0x2013 || c == 0x2015; }

// Whether [b, e) holds a letter: a piece with only digits and punctuation ("1." before a list
// item, "* * *") is not a sentence.
bool has_letter(std::string_view text, std::size_t b, std::size_t e) {
  for (std::size_t p = b; p < e;) {
    const unsigned char byte = static_cast<unsigned char>(text[p]);
    if (byte < 0x80) {
      if ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z') return true;
      ++p;
      continue;
    }
    if (u_isalpha(static_cast<UChar32>(utf8_next(text, p)))) return true;
  }
  return false;
}

// Whitespace-separated tokens in [b, e).
std::size_t count_tokens(std::string_view text, std::size_t b, std::size_t e) {
  std::size_t n = 0;
  bool in = false;
  for (std::size_t p = b; p < e; ++p) {
    const bool space = is_space_byte(text[p]);
    n += !space && !in;
    in = !space;
  }
  return n;
}

// Labels painted over the text, one byte per text byte: the structure a position belongs to.
enum Label : std::uint8_t { none = 0, paragraph = 1, quote = 2, caption = 3, list_item = 4, heading = 5, code = 6 };
constexpr std::uint8_t kLabelMask = 0x07;
constexpr std::uint8_t kBoilerplate = 0x08;
// Furniture pasted inside a sentence (a glossary pop-up): left out of the text ICU sees, so the
// author's sentence reads on across it instead of being cut in two.
constexpr std::uint8_t kInline = 0x10;
constexpr std::uint8_t kStart = 0x80;  // an annotation begins here: a new unit even with the same label

Label label_of(std::string_view type) {
  if (type == annotation::paragraph) return paragraph;
  if (type == annotation::quote) return quote;
  if (type == "caption" || type == annotation::table_cell) return caption;
  if (type == annotation::list_item) return list_item;
  if (type == annotation::heading || type == annotation::title) return heading;
  if (type == annotation::code) return code;
  return none;
}

// ICU accepts any string as a locale and falls back to root rules; a typo should be an error.
bool known_language(const icu::Locale& locale) {
  if (locale.isBogus() || locale.getLanguage()[0] == '\0') return false;
  for (const char* const* l = icu::Locale::getISOLanguages(); *l; ++l)
    if (std::strcmp(*l, locale.getLanguage()) == 0) return true;
  return false;
}

// Flags and kind of a token from its characters, so both paths agree whatever ICU's rule status.
struct TokenTraits {
  TokenKind kind;
  std::uint8_t flags;
};

TokenTraits word_traits(std::string_view text, std::size_t b, std::size_t e) {
  std::size_t letters = 0, uppers = 0, digits = 0;
  bool first_upper = false;
  for (std::size_t p = b; p < e;) {
    const unsigned char byte = static_cast<unsigned char>(text[p]);
    UChar32 c = byte;
    if (byte < 0x80) ++p;
    else c = static_cast<UChar32>(utf8_next(text, p));
    const bool upper = byte < 0x80 ? (c >= 'A' && c <= 'Z') : u_isupper(c) != 0;
    const bool letter = byte < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : u_isalpha(c) != 0;
    const bool digit = byte < 0x80 ? (c >= '0' && c <= '9') : u_isdigit(c) != 0;
    if (letters + digits == 0 && (letter || digit)) first_upper = upper;
    letters += letter;
    uppers += upper;
    digits += digit;
  }
  std::uint8_t flags = 0;
  if (first_upper) flags |= Token::capitalised;
  if (letters >= 2 && uppers == letters) flags |= Token::all_caps;
  if (digits > 0) flags |= Token::has_digit;
  return {letters == 0 && digits > 0 ? TokenKind::number : TokenKind::word, flags};
}

TokenKind other_kind(std::string_view text, std::size_t b) {
  std::size_t p = b;
  const auto c = static_cast<UChar32>(utf8_next(text, p));
  if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v' || u_isUWhiteSpace(c)) return TokenKind::space;
  return u_ispunct(c) ? TokenKind::punctuation : TokenKind::symbol;
}

}  // namespace

// Turns the segments of one unit, in text order and without gaps, into tokens (and word
// annotations when asked); indices are those of the text the iterators read, at[] their offsets.
class Segmenter::TokenBuilder {
 public:
  TokenBuilder(Document& doc, const std::vector<std::uint32_t>& at, const std::vector<std::size_t>& sentence_begins,
               SegmentCounts& counts, bool annotate)
      : doc_(doc), at_(at), sentence_begins_(sentence_begins), counts_(counts), annotate_(annotate) {}

  /// Segment [from, to); joined: a word right after a hyphen that itself follows a word.
  void add(std::size_t from, std::size_t to, bool word, bool joined) {
    const auto b = at_[from], e = at_[to];
    std::vector<Token>& tokens = doc_.tokens;
    if (word && joined && pending_ != npos && pending_end_ + 1 == from) {
      tokens.pop_back();  // the hyphen
      Token& t = tokens[pending_];
      t.end = e;
      const TokenTraits tr = word_traits(doc_.text, t.begin, t.end);
      t.kind = tr.kind;
      t.flags = static_cast<std::uint8_t>((t.flags & Token::sentence_start) | tr.flags);
      pending_end_ = to;
      return;
    }
    if (!word) {
      tokens.push_back({b, e, other_kind(doc_.text, b), 0});
      return;
    }
    flush();
    const TokenTraits tr = word_traits(doc_.text, b, e);
    std::uint8_t flags = tr.flags;
    if (next_sentence_ < sentence_begins_.size() && b >= sentence_begins_[next_sentence_]) {
      flags |= Token::sentence_start;
      while (next_sentence_ < sentence_begins_.size() && sentence_begins_[next_sentence_] <= b) ++next_sentence_;
    }
    pending_ = tokens.size();
    pending_end_ = to;
    tokens.push_back({b, e, tr.kind, flags});
  }

  void finish() { flush(); }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  void flush() {
    if (pending_ == npos) return;
    ++counts_.words;
    if (annotate_) doc_.annotate(annotation::word, doc_.tokens[pending_].span());
    pending_ = npos;
  }

  Document& doc_;
  const std::vector<std::uint32_t>& at_;
  const std::vector<std::size_t>& sentence_begins_;
  SegmentCounts& counts_;
  bool annotate_;
  std::size_t next_sentence_ = 0;
  std::size_t pending_ = npos;  // index in doc.tokens of the last word, until the next one
  std::size_t pending_end_ = 0;
};

Segmenter::Segmenter(std::string language, const std::vector<std::string>& extra_abbreviations, bool ascii_fast_path,
                     bool word_annotations)
    : language_(std::move(language)), ascii_fast_path_(ascii_fast_path), word_annotations_(word_annotations) {
  english_ = language_.rfind("en", 0) == 0;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale(language_.c_str());
  if (!known_language(locale)) throw Error("segment: unknown language '" + language_ + "' (expected an ICU locale such as en, de, fr_CA)");
  std::unique_ptr<icu::BreakIterator> raw(icu::BreakIterator::createSentenceInstance(locale, status));
  if (U_FAILURE(status) || !raw) throw Error(std::string("segment: ICU sentence iterator: ") + u_errorName(status));
  // For English our own list replaces CLDR's, which also holds "U.S." and "Inc." (see kAmbiguous);
  // other languages keep CLDR's suppressions.
  std::unique_ptr<icu::FilteredBreakIteratorBuilder> builder;
  if (!english_) builder.reset(icu::FilteredBreakIteratorBuilder::createInstance(locale, status));
  if (!builder || U_FAILURE(status)) {  // CLDR has no list for many languages
    status = U_ZERO_ERROR;
    builder.reset(icu::FilteredBreakIteratorBuilder::createEmptyInstance(status));
  }
  if (U_FAILURE(status) || !builder) throw Error(std::string("segment: ICU filter: ") + u_errorName(status));
  auto suppress = [&](std::string_view a) {
    builder->suppressBreakAfter(icu::UnicodeString::fromUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size()))),
                                status);
  };
  if (english_)
    for (std::string_view a : kNeverFinal) suppress(a);
  for (const std::string& a : extra_abbreviations) suppress(a);
  sentences_.reset(builder->wrapIteratorWithFilter(raw.release(), status));
  if (U_FAILURE(status) || !sentences_) throw Error(std::string("segment: ICU filter: ") + u_errorName(status));
  words_.reset(icu::BreakIterator::createWordInstance(locale, status));
  if (U_FAILURE(status) || !words_) throw Error(std::string("segment: ICU word iterator: ") + u_errorName(status));
}

Segmenter::~Segmenter() = default;

void Segmenter::find_units(const Document& doc) {
  const std::string_view text = doc.text;
  const std::size_t n = text.size();
  labels_.assign(n, 0);
  units_.clear();
  struct Paint {
    Label label;
    std::size_t begin, end;
  };
  std::vector<Paint> paints;
  for (const Annotation& a : doc.annotations) {
    const std::size_t b = std::min<std::size_t>(a.span.begin, n), e = std::min<std::size_t>(a.span.end, n);
    if (b >= e) continue;
    if (a.type == annotation::boilerplate) {
      if (const Value* in = a.features.find("inline"); in && in->is_bool() && in->as_bool()) {
        for (std::size_t i = b; i < e; ++i) labels_[i] |= kInline;
        continue;
      }
      for (std::size_t i = b; i < e; ++i) labels_[i] |= kBoilerplate;
      labels_[b] |= kStart;
      if (e < n) labels_[e] |= kStart;
      continue;
    }
    if (const Label l = label_of(a.type); l != none) paints.push_back({l, b, e});
  }
  // The more specific structure wins where spans nest (a list item inside a paragraph), and code
  // always wins so it is never read as prose.
  std::stable_sort(paints.begin(), paints.end(), [](const Paint& x, const Paint& y) { return x.label < y.label; });
  for (const Paint& p : paints) {
    for (std::size_t i = p.begin; i < p.end; ++i)
      labels_[i] = static_cast<std::uint8_t>((labels_[i] & (kStart | kBoilerplate | kInline)) | p.label);
    labels_[p.begin] |= kStart;
  }
  for (std::size_t i = 0; i < n;) {
    const std::uint8_t key = labels_[i] & (kLabelMask | kBoilerplate);
    std::size_t j = i + 1;
    while (j < n && (labels_[j] & (kStart | kLabelMask | kBoilerplate)) == key) ++j;
    const auto label = static_cast<Label>(key & kLabelMask);
    const bool boiler = key & kBoilerplate;
    if (label == none) {
      const std::size_t first = units_.size();
      add_fallback_units(text, i, j);
      if (boiler)
        for (std::size_t k = first; k < units_.size(); ++k) units_[k].kind = UnitKind::boilerplate;
    } else if (label != code) {
      UnitKind kind = UnitKind::sentence;
      if (boiler) kind = UnitKind::boilerplate;
      else if (label == heading) kind = UnitKind::heading;
      else if (label == list_item) kind = UnitKind::list_item;
      else if (label == caption) kind = UnitKind::caption;
      units_.push_back({i, j, kind});
    }
    i = j;
  }
}

// Text no reader annotated: blank lines separate paragraphs.
void Segmenter::add_fallback_units(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t block = begin;
  for (std::size_t p = begin; p < end;) {
    std::size_t nl = text.find('\n', p);
    if (nl == std::string_view::npos || nl >= end) break;
    std::size_t q = nl + 1;
    while (q < end && text[q] != '\n' && is_space_byte(text[q])) ++q;
    if (q < end && text[q] == '\n') {  // a blank line
      units_.push_back({block, nl, UnitKind::sentence});
      block = q;
    }
    p = q;
  }
  units_.push_back({block, end, UnitKind::sentence});
}

// Fills u16_ (what ICU's iterators read) and offsets_, and with the fast path on also simple_,
// the same characters folded for the word scanner; returns whether simple_ is usable. Surrogate
// pairs never fold, so where simple_ is usable its indices are u16_'s and offsets_ serves both.
bool Segmenter::load_utf16(std::string_view text, std::size_t begin, std::size_t end) {
  u16_.clear();
  offsets_.clear();
  simple_.clear();
  bool simple = ascii_fast_path_;
  for (std::size_t p = begin; p < end;) {
    if (labels_[p] & kInline) {
      ++p;
      continue;
    }
    const std::size_t at = p;
    const unsigned char byte = static_cast<unsigned char>(text[p]);
    char32_t c = byte;
    if (byte < 0x80) ++p;
    else c = utf8_next(text, p);
    if (simple) {
      const char f = ascii_words::fold(c);
      simple = f != 0;
      simple_.push_back(f);
    }
    // Line breaks inside a unit are wrapping, not paragraph ends: ICU would break after each.
    if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v' || c == 0x85) c = ' ';
    if (c >= 0x10000) {
      u16_.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
      u16_.push_back(static_cast<char16_t>(0xDC00 | (c & 0x3FF)));
      offsets_.push_back(static_cast<std::uint32_t>(at));
      offsets_.push_back(static_cast<std::uint32_t>(at));
    } else {
      u16_.push_back(static_cast<char16_t>(c));
      offsets_.push_back(static_cast<std::uint32_t>(at));
    }
  }
  offsets_.push_back(static_cast<std::uint32_t>(end));
  return simple;
}

// Whether ICU's break at pos (between [.., pos) and [pos, next_end)) really ends a sentence.
bool Segmenter::keep_boundary(std::string_view text, std::size_t unit_begin, std::size_t pos,
                              std::size_t next_end) const {
  // A piece without letters ("1." before an item, a lone ". . ." or closing quote) belongs to
  // its neighbour.
  if (!has_letter(text, unit_begin, pos) || !has_letter(text, pos, next_end)) return false;

  std::size_t k = pos;
  char32_t first = 0;
  while (k < next_end) {
    std::size_t q = k;
    first = utf8_next(text, q);
    if (!(first == ' ' || first == 0xA0 || is_opener(first))) break;
    k = q;
  }
  // '"Stop!" he said.' and 'What? no.': ICU breaks after ! and ? whatever follows.
  if (u_islower(static_cast<UChar32>(first))) return false;
  // An attribution or aside after a dash ("... the end." — Ann Lee) is not a sentence of its own.
  if (is_dash(first)) {
    std::size_t e = next_end;
    while (e > pos && is_space_byte(text[e - 1])) --e;
    const char last = e > pos ? text[e - 1] : '.';
    if (last != '.' && last != '!' && last != '?') return false;
  }
  if (!english_) return true;

  // The token before the break, without trailing space or leading brackets.
  std::size_t t1 = pos;
  while (t1 > unit_begin && is_space_byte(text[t1 - 1])) --t1;
  std::size_t t0 = t1;
  while (t0 > unit_begin && !is_space_byte(text[t0 - 1])) --t0;
  while (t0 < t1 && (text[t0] == '(' || text[t0] == '[' || text[t0] == '"')) ++t0;
  const std::string_view token = text.substr(t0, t1 - t0);
  if (token.empty() || token.back() != '.') return true;

  std::size_t w = k;
  while (w < next_end && (static_cast<unsigned char>(text[w]) >= 0x80 || std::isalnum(static_cast<unsigned char>(text[w]))))
    ++w;
  const std::string_view next_word = text.substr(k, w - k);
  const bool next_digit = !next_word.empty() && next_word[0] >= '0' && next_word[0] <= '9';
  const bool next_upper = u_isupper(static_cast<UChar32>(first));

  // "Figure 1. Sales by month", "Step 2. Mix": a label with its number opens the sentence.
  if (token.size() >= 2 && std::isdigit(static_cast<unsigned char>(token[token.size() - 2])) &&
      count_tokens(text, unit_begin, pos) <= 2 && has_letter(text, unit_begin, t0))
    return false;
  if (contains(kNeverFinal, token)) return false;  // where ICU's filter missed it, e.g. "(Dr."
  if (contains(kBeforeNumber, token)) return !next_digit;
  const bool initial = (token.size() == 2 && token[0] >= 'A' && token[0] <= 'Z') ||
                       (token.size() == 4 && token[0] >= 'A' && token[0] <= 'Z' && token[1] == '.' &&
                        token[2] >= 'A' && token[2] <= 'Z');  // "J." and "J.K."
  if (initial || contains(kAmbiguous, token)) return !(next_upper && !contains(kStarters, next_word));
  return true;
}

void Segmenter::segment_unit(Document& doc, const Unit& u, SegmentCounts& counts) {
  const std::string_view text = doc.text;
  std::size_t b = u.begin, e = u.end;
  while (b < e && is_space_byte(text[b])) ++b;
  while (e > b && is_space_byte(text[e - 1])) --e;
  if (b == e || !has_letter(text, b, e)) return;
  const bool fast = load_utf16(text, b, e);
  ++(fast ? counts.fast_path_units : counts.icu_path_units);

  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUChars(&ut, reinterpret_cast<const UChar*>(u16_.data()), static_cast<int64_t>(u16_.size()), &status);
  if (U_FAILURE(status)) throw Error(std::string("segment: ICU text: ") + u_errorName(status));

  bounds_.clear();
  bounds_.push_back(b);
  sentence_begins_.clear();
  // A heading is one unit even when it holds a full stop ("Step 1. Mix").
  if (u.kind != UnitKind::heading) {
    sentences_->setText(&ut, status);
    if (U_FAILURE(status)) throw Error(std::string("segment: ICU sentences: ") + u_errorName(status));
    for (int32_t p = sentences_->next(); p != icu::BreakIterator::DONE; p = sentences_->next())
      if (static_cast<std::size_t>(p) < u16_.size()) bounds_.push_back(offsets_[p]);
  }
  bounds_.push_back(e);

  const Value kind_value(to_string(u.kind));
  std::size_t start = b;
  for (std::size_t i = 1; i < bounds_.size(); ++i) {
    const std::size_t pos = bounds_[i];
    if (pos != e && !keep_boundary(text, start, pos, bounds_[i + 1])) continue;
    std::size_t s = start, t = pos;
    while (s < t && is_space_byte(text[s])) ++s;
    while (t > s && is_space_byte(text[t - 1])) --t;
    if (s < t && has_letter(text, s, t)) {
      doc.annotate(annotation::sentence, Span{s, t}, Object{{"kind", kind_value}});
      sentence_begins_.push_back(s);
      ++counts.units[static_cast<std::size_t>(u.kind)];
    }
    start = pos;
  }

  // Words: ICU's rule status tells letters and numbers from spaces and punctuation; the fast path
  // finds the same segments in folded text, and the characters between them are the other
  // tokens. Parts joined by a hyphen ("co-working") are one word, as a reader counts them.
  TokenBuilder tokens(doc, offsets_, sentence_begins_, counts, word_annotations_);
  auto hyphen = [&](std::size_t i) {
    if (fast) return simple_[i] == '-';
    const char16_t c = u16_[i];
    return c == u'-' || c == u'\u2010' || c == u'\u2011';
  };
  if (fast) {
    std::size_t cursor = 0;
    auto gap = [&](std::size_t to) {
      while (cursor < to) {
        std::size_t end = cursor + 1;
        if (simple_[cursor] == ' ')
          while (end < to && simple_[end] == ' ') ++end;
        tokens.add(cursor, end, false, false);
        cursor = end;
      }
    };
    ascii_words::scan(simple_, [&](std::size_t from, std::size_t to) {
      gap(from);
      tokens.add(from, to, true, from > 0 && hyphen(from - 1));
      cursor = to;
    });
    gap(simple_.size());
  } else {
    words_->setText(&ut, status);
    if (U_FAILURE(status)) throw Error(std::string("segment: ICU words: ") + u_errorName(status));
    int32_t from = words_->first();
    for (int32_t to = words_->next(); to != icu::BreakIterator::DONE; from = to, to = words_->next()) {
      const bool word = words_->getRuleStatus() >= UBRK_WORD_NONE_LIMIT;
      tokens.add(static_cast<std::size_t>(from), static_cast<std::size_t>(to), word,
                 word && from > 0 && hyphen(static_cast<std::size_t>(from - 1)));
    }
  }
  tokens.finish();
  utext_close(&ut);
}

SegmentCounts Segmenter::segment(Document& doc) {
  if (doc.text.size() > UINT32_MAX) throw Error("segment: documents over 4 GiB are not supported");
  find_units(doc);
  SegmentCounts counts;
  doc.tokens.clear();
  doc.tokens.reserve(doc.text.size() / 3 + 16);
  // About one word per six bytes of English; reserving avoids repeated reallocation of big vectors.
  doc.annotations.reserve(doc.annotations.size() + doc.text.size() / 5 + 16);
  for (const Unit& u : units_) segment_unit(doc, u, counts);
  return counts;
}

std::vector<OptionSpec> SegmentAnalyzer::option_specs() {
  return {
      {.name = "language",
       .type = OptionType::string,
       .default_value = "en",
       .description = "ICU locale of the text (\"en\", \"de\", ...), recorded in the metrics; English adds the "
                      "abbreviation list and corrections",
       .choices = {},
       .check = StringCheck::non_empty},
      {.name = "abbreviations",
       .type = OptionType::string_list,
       .default_value = Array{},
       .description = "More abbreviations, with their full stop, after which a sentence never ends",
       .choices = {},
       .check = StringCheck::non_empty},
      {.name = "ascii_fast_path",
       .type = OptionType::boolean,
       .default_value = true,
       .description = "Find word boundaries with docpipe's own scanner where the text allows (ASCII, Latin "
                      "letters, common punctuation), ICU's word iterator elsewhere; the boundaries are the same"},
      {.name = "word_annotations",
       .type = OptionType::boolean,
       .default_value = false,
       .description = "Also add a \"word\" annotation per word, for plugins that read words from annotations rather "
                      "than from the token stream (the bundled ones read the stream); costs about 100 bytes a word"},
  };
}

namespace {
std::string resolve_language(const Options& o) {
  return o.has("language") && o.get("language").is_string() ? o.get_string("language") : std::string("en");
}
std::vector<std::string> extra_abbreviations(const Options& o) {
  return o.has("abbreviations") && o.get("abbreviations").is_array() ? o.get_string_list("abbreviations")
                                                                      : std::vector<std::string>{};
}
bool flag(const Options& o, std::string_view name, bool fallback) {
  return o.has(name) && o.get(name).is_bool() ? o.get(name).as_bool() : fallback;
}
}  // namespace

SegmentAnalyzer::SegmentAnalyzer(const StageContext& ctx)
    : stage_id_(ctx.stage_id),
      segmenter_(resolve_language(ctx.options), extra_abbreviations(ctx.options), flag(ctx.options, "ascii_fast_path", true),
                 flag(ctx.options, "word_annotations", false)) {}

void SegmentAnalyzer::analyze(Document& doc) {
  const SegmentCounts c = segmenter_.segment(doc);
  Object& m = doc.stage_metrics(stage_id_);
  m.set("language", segmenter_.language());
  m.set("sentences", c.units[static_cast<std::size_t>(UnitKind::sentence)]);
  m.set("units", c.total_units());
  m.set("words", c.words);
  Object kinds;
  for (std::size_t k = 0; k < kUnitKinds; ++k) kinds.set(to_string(static_cast<UnitKind>(k)), c.units[k]);
  m.set("kinds", std::move(kinds));
}

}  // namespace docpipe::plugins
