#include "text_reader.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "docpipe/text.hpp"
#include "encoding.hpp"

namespace docpipe::plugins {
namespace {

constexpr std::int64_t kDefaultMaxBytes = 64LL * 1024 * 1024;
// The largest max_bytes accepted: 1 TiB, beyond any file the host would read whole.
constexpr double kMaxInputBytes = 1099511627776.0;
constexpr std::int64_t kDefaultHeadingMaxWords = 12;
// Nobody hard-wraps prose wider than this, so a longer line is a paragraph of its own.
constexpr std::size_t kWrapLimit = 100;
// Nor narrower than this: a short block's longest line says little about the width it was wrapped at.
constexpr std::size_t kMinWrapWidth = 60;
// A heading is a short line; this also bounds the word counting done per line.
constexpr std::size_t kHeadingMaxWidth = 100;
// Text files carry almost no control bytes besides whitespace; random binary data has ~10%.
constexpr std::size_t kMaxControlPercent = 5;
// A detected encoding is used only when at least this share of the non-ASCII characters it
// decodes to are ones prose is made of (see encoding::plausibility).
constexpr double kMinPlausibility = 0.8;
// What uchardet is shown of a file that is not UTF-8: this many bytes, starting kDetectLead
// bytes before the first invalid one.
constexpr std::size_t kDetectWindow = 1 << 20;
constexpr std::size_t kDetectLead = 4096;

enum class Encoding { utf8, utf8_bom, utf16le, utf16be };

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::utf8: return "utf-8";
    case Encoding::utf8_bom: return "utf-8-bom";
    case Encoding::utf16le: return "utf-16le";
    case Encoding::utf16be: return "utf-16be";
  }
  return "utf-8";
}

ParagraphMode parse_mode(std::string_view s) {
  if (s == "auto") return ParagraphMode::automatic;
  if (s == "blank-lines") return ParagraphMode::blank_lines;
  if (s == "lines") return ParagraphMode::lines;
  throw Error("option 'paragraphs' must be \"auto\", \"blank-lines\" or \"lines\", not \"" + std::string(s) + "\"");
}

std::int64_t int_option(const Options& o, std::string_view name, std::int64_t fallback) {
  return o.has(name) ? o.get_int(name) : fallback;
}

// ---------------------------------------------------------------------------------------------
// Decoding: bytes -> UTF-8 text with LF line ends, plus the source map.

[[noreturn]] void refuse_binary(std::string_view uri, std::string_view what, std::uint64_t offset,
                                std::string_view hint = {}) {
  throw Error(std::string(uri) + ": binary file (" + std::string(what) + " at offset " + std::to_string(offset) +
              "), not text" + std::string(hint));
}

// UTF-16 without a byte order mark has its NUL bytes nearly all on one parity (the high bytes of
// Latin text); nothing else that is text does. Returns whether it is little-endian, if it is UTF-16.
// Only the first 4 KiB are looked at, so the common UTF-8 case pays next to nothing.
std::optional<bool> bomless_utf16(std::string_view bytes) {
  const std::size_t n = std::min<std::size_t>(bytes.size(), 4096);
  if (n < 8) return std::nullopt;
  std::size_t nul_at[2] = {0, 0};
  for (std::size_t i = 0; i < n; ++i)
    if (bytes[i] == '\0') ++nul_at[i % 2];
  const std::size_t most = std::max(nul_at[0], nul_at[1]);
  const std::size_t least = std::min(nul_at[0], nul_at[1]);
  if (most * 10 < n * 4 || least * 10 > most) return std::nullopt;
  return nul_at[1] > nul_at[0];  // "h\0i\0": the NULs at odd offsets are the high bytes of LE units
}
bool looks_like_bomless_utf16(std::string_view bytes) { return bomless_utf16(bytes).has_value(); }

// Form feeds, vertical tabs and the ESC of terminal colour codes do occur in text files.
bool is_binary_control(char32_t c) {
  return (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1B) || c == 0x7F;
}

struct Scan {
  std::size_t invalid = 0;             // invalid UTF-8 sequences replaced
  std::uint64_t first_invalid = 0;     // their first offset, in source coordinates
  std::size_t non_ascii_bytes = 0;
  std::size_t controls = 0;            // control bytes other than whitespace
  std::uint64_t first_control = 0;
  bool lone_cr = false;                // a CR not followed by LF became a line end
};

// Appends src to text with CRLF and lone CR turned into LF and invalid UTF-8 into U+FFFD, and
// records in map which source bytes each piece of text came from. origin is the source offset of
// src[0]. Unchanged runs are copied in bulk, so the cost per byte is one comparison.
Scan normalise(std::string_view src, std::uint64_t origin, std::string_view uri, std::string& text, SourceMap& map) {
  Scan scan;
  text.reserve(text.size() + src.size());
  std::size_t run = 0;  // start of the run of bytes copied as they are
  const auto flush = [&](std::size_t end) {
    if (end > run) {
      map.add(text.size(), origin + run, end - run);
      text.append(src.data() + run, end - run);
    }
  };
  const std::size_t n = src.size();
  std::size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(src[i]);
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '\r') {
      flush(i);
      if (i + 1 < n && src[i + 1] == '\n') {
        run = ++i;  // the CR vanishes; the LF starts the next run
      } else {
        map.add(text.size(), origin + i, 1);
        text.push_back('\n');
        scan.lone_cr = true;
        run = ++i;
      }
      continue;
    }
    if (c >= 0x80) {
      std::size_t next = i;
      const char32_t cp = utf8_next(src, next);
      // A well-formed U+FFFD advances three bytes; an invalid byte always advances one.
      if (cp == replacement_character && next == i + 1) {
        flush(i);
        if (scan.invalid++ == 0) scan.first_invalid = origin + i;
        map.add(text.size(), origin + i, 1);
        text.append("\xEF\xBF\xBD");
        run = next;
      }
      scan.non_ascii_bytes += next - i;
      i = next;
      continue;
    }
    if (c == 0)
      refuse_binary(uri, "NUL byte", origin + i,
                    looks_like_bomless_utf16(src) ? "; it may be UTF-16 without a byte order mark" : "");
    if (is_binary_control(c) && scan.controls++ == 0) scan.first_control = origin + i;
    ++i;
  }
  flush(n);
  return scan;
}

struct Utf16Scan {
  std::size_t invalid = 0;  // unpaired surrogates and a truncated last code unit
  std::uint64_t first_invalid = 0;
  std::size_t controls = 0;  // counted here so that their offsets are file offsets
  std::uint64_t first_control = 0;
};

// Decodes UTF-16 from byte start (after a byte order mark, if any) into UTF-8. NUL code units make
// it binary, as NUL bytes do for UTF-8; unpaired surrogates become U+FFFD.
Utf16Scan decode_utf16(std::string_view bytes, std::size_t start, bool little_endian, std::string_view uri,
                       std::string& out) {
  Utf16Scan scan;
  const auto bad = [&](std::size_t at) {
    if (scan.invalid++ == 0) scan.first_invalid = at;
    utf8_append(out, replacement_character);
  };
  const auto unit = [&](std::size_t i) -> char32_t {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? (char32_t(b1) << 8 | b0) : (char32_t(b0) << 8 | b1);
  };
  out.reserve(bytes.size());
  const std::size_t n = bytes.size();
  std::size_t i = start;
  while (i + 1 < n) {
    const std::size_t at = i;
    const char32_t u = unit(i);
    i += 2;
    if (u < 0x80) {
      if (u == 0) refuse_binary(uri, "NUL character", at);
      if (is_binary_control(u) && scan.controls++ == 0) scan.first_control = at;
      out.push_back(static_cast<char>(u));
    } else if (u >= 0xD800 && u <= 0xDBFF) {
      const char32_t low = i + 1 < n ? unit(i) : 0;
      if (low >= 0xDC00 && low <= 0xDFFF) {
        utf8_append(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
      } else {
        bad(at);
      }
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      bad(at);
    } else {
      utf8_append(out, u);
    }
  }
  if (i < n) bad(i);  // an odd byte count leaves half a code unit
  return scan;
}

// SourceMap::set_source_lines only knows LF; lone CRs (classic Mac files) end lines as well.
void set_source_lines(SourceMap& map, std::string_view source, bool lone_cr) {
  if (!lone_cr) {
    map.set_source_lines(source);
    return;
  }
  std::string lf(source);
  for (std::size_t i = 0; i < lf.size(); ++i)
    if (lf[i] == '\r' && (i + 1 == lf.size() || lf[i + 1] != '\n')) lf[i] = '\n';
  map.set_source_lines(lf);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// ---------------------------------------------------------------------------------------------
// Structure: lines -> blocks -> units (paragraph, heading, list item, quote).

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The code point ending just before end (end > begin); moves end to its first byte.
char32_t code_point_before(std::string_view text, std::size_t begin, std::size_t& end) {
  std::size_t p = end - 1;
  while (p > begin && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
  end = p;
  return utf8_next(text, p);
}

bool is_closer(char32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0xBB || c == 0x2019 || c == 0x201D ||
         c == 0x203A || c == 0x300D || c == 0x300F;
}
bool ends_sentence(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 || c == 0xFF0E || c == 0xFF1F;
}
bool ends_clause(char32_t c) {
  return c == ':' || c == ';' || c == ',' || c == 0x3001 || c == 0xFF0C || c == 0xFF1A || c == 0xFF1B;
}
// Lower-case letters of the scripts whose case is cheap to tell without ICU.
bool is_lower(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) || (c >= 0x3AC && c <= 0x3CE) ||
         (c >= 0x430 && c <= 0x45F);
}
// Coarse "could be part of a word": enough to tell text from decoration like "* * *" or "----".
bool is_wordish(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  return c >= 0xC0 && !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) && c != 0xFEFF &&
         c != replacement_character;
}

enum class LineKind : std::uint8_t { blank, text, list, quote, rule };

struct Line {
  std::size_t begin = 0;       // first byte of the line
  std::size_t content = 0;     // first byte after indentation and any list or quote marker
  std::size_t end = 0;         // one past the last non-whitespace byte
  std::size_t width = 0;       // code points from begin to end
  std::size_t first_word = 0;  // code points of the content's first whitespace-separated token
  std::size_t words = 0;       // tokens in the content, counted only for short lines
  LineKind kind = LineKind::blank;
  char rule_char = 0;
  bool indented = false;
  bool ordered = false;        // a numbered list item
  bool sentence_end = false;   // last character (before closing quotes) ends a sentence
  bool clause_end = false;     // ... or a clause
  bool starts_lower = false;   // content begins with a lower-case letter
  bool wordish = false;        // content has a letter or digit
};

// "---", "===", "* * *", "~~~": a separator, or an underline making the line above a heading.
bool is_rule(std::string_view text, std::size_t p, std::size_t e, char& ch) {
  static constexpr std::string_view rule_chars = "-=*_~#+";
  if (rule_chars.find(text[p]) == std::string_view::npos) return false;
  std::size_t count = 0;
  for (std::size_t i = p; i < e; ++i) {
    if (text[i] == text[p]) ++count;
    else if (!is_space(text[i])) return false;
  }
  ch = text[p];
  return count >= 3;
}

// Returns where the item text begins after a list marker at p, or nothing.
std::optional<std::size_t> list_marker(std::string_view text, std::size_t p, std::size_t e, bool& ordered) {
  std::size_t m = p;
  ordered = false;
  if (text[p] == '-' || text[p] == '*') {
    m = p + 1;
  } else if (text.compare(p, 3, "\xE2\x80\xA2") == 0 || text.compare(p, 3, "\xE2\x97\x8F") == 0) {  // • ●
    m = p + 3;
  } else {
    // "1." / "12)": at most three digits, so "2024. It was a year..." stays prose.
    while (m < e && is_digit(text[m]) && m - p < 4) ++m;
    if (m == p || m - p > 3 || m >= e || (text[m] != '.' && text[m] != ')')) return std::nullopt;
    ++m;
    ordered = true;
  }
  if (m >= e || !is_space(text[m])) return std::nullopt;
  while (m < e && is_space(text[m])) ++m;
  return m;
}

Line classify(std::string_view text, std::size_t begin, std::size_t line_end) {
  Line l;
  l.begin = begin;
  std::size_t p = begin;
  while (p < line_end && is_space(text[p])) ++p;
  if (p == line_end) return l;
  std::size_t e = line_end;
  while (e > p && is_space(text[e - 1])) --e;
  l.end = e;
  l.indented = p > begin;
  l.content = p;
  l.kind = LineKind::text;
  if (is_rule(text, p, e, l.rule_char)) {
    l.kind = LineKind::rule;
  } else if (auto item = list_marker(text, p, e, l.ordered)) {
    l.kind = LineKind::list;
    l.content = *item;
  } else if (text[p] == '>' && (p + 1 == e || is_space(text[p + 1]) || text[p + 1] == '>')) {
    std::size_t q = p;
    while (q < e && (text[q] == '>' || is_space(text[q]))) ++q;
    if (q == e) return Line{.begin = begin};  // a bare ">" separates quoted paragraphs
    l.kind = LineKind::quote;
    l.content = q;
  }
  l.width = count_code_points(text.substr(begin, e - begin));
  // After the marker: a quoted line's first word would have gone after the previous line's text.
  std::size_t token_end = l.content;
  while (token_end < e && !is_space(text[token_end])) ++token_end;
  l.first_word = count_code_points(text.substr(l.content, token_end - l.content));

  std::size_t last = e;
  char32_t tail = code_point_before(text, l.content, last);
  while (is_closer(tail) && last > l.content) tail = code_point_before(text, l.content, last);
  l.sentence_end = ends_sentence(tail);
  l.clause_end = ends_clause(tail);

  std::size_t q = l.content;
  l.starts_lower = is_lower(utf8_next(text, q));
  if (l.width <= kHeadingMaxWidth) {
    bool in_word = false;
    for (std::size_t i = l.content; i < e; ++i) {
      const bool space = is_space(text[i]);
      l.words += !space && !in_word;
      in_word = !space;
    }
  }
  for (q = l.content; q < e && !l.wordish;) l.wordish = is_wordish(utf8_next(text, q));
  return l;
}

struct Unit {
  LineKind kind;
  std::size_t first;  // line indexes, inclusive
  std::size_t last;
  int underline = 0;  // heading level given by a "===" (1) or "---" (2) line below it
};

class Structurer {
 public:
  Structurer(std::string_view text, ParagraphMode mode, std::size_t heading_max_words)
      : text_(text), mode_(mode), heading_max_words_(heading_max_words) {}

  void run(Document& doc) {
    split_lines();
    for (std::size_t k = 0; k < lines_.size();) {
      if (lines_[k].kind == LineKind::blank) {
        ++k;
        continue;
      }
      const std::size_t b0 = k;
      while (k < lines_.size() && lines_[k].kind != LineKind::blank) ++k;
      build_units(b0, k);
    }
    std::erase_if(units_, [&](const Unit& u) {
      for (std::size_t k = u.first; k <= u.last; ++k)
        if (lines_[k].wordish) return false;
      return true;
    });
    annotate(doc);
  }

  std::size_t line_count() const { return lines_.size(); }

 private:
  void split_lines() {
    std::size_t begin = 0;
    while (begin < text_.size()) {
      std::size_t nl = text_.find('\n', begin);
      if (nl == std::string_view::npos) nl = text_.size();
      lines_.push_back(classify(text_, begin, nl));
      begin = nl + 1;
    }
  }

  bool heading_like(const Line& l) const {
    return l.kind == LineKind::text && l.wordish && !l.sentence_end && !l.clause_end && l.width <= kHeadingMaxWidth &&
           l.words <= heading_max_words_ && heading_max_words_ > 0;
  }

  // The break after line a is "hard" when a line-filling editor would not have made it: a is too
  // long to be wrapped prose, or the next line's first word would have fitted on it. Two columns
  // after a sentence end allow for the two-space convention of fmt and Emacs.
  bool hard(std::size_t a) const {
    const Line& x = lines_[a];
    return x.width > kWrapLimit || x.width + (x.sentence_end ? 2 : 1) + lines_[a + 1].first_word <= wrap_width_;
  }
  // The next line continues a's sentence: it starts in lower case and a ended no sentence.
  bool continues(std::size_t a) const { return lines_[a + 1].starts_lower && !lines_[a].sentence_end; }

  // Whether a paragraph (or quote) ends between line a and a + 1 of the same kind in [.., b1).
  bool boundary(std::size_t a, bool a_starts_unit, std::size_t b1) const {
    if (mode_ == ParagraphMode::lines) return true;
    if (mode_ == ParagraphMode::blank_lines) return false;
    if (per_line_) return !continues(a);
    const Line& x = lines_[a];
    if (hard(a) && !continues(a) && (x.sentence_end || (a_starts_unit && heading_like(x)))) return true;
    // A heading-like line standing alone between a finished paragraph and the next one.
    const std::size_t b = a + 1;
    return x.sentence_end && heading_like(lines_[b]) &&
           (b + 1 == b1 || lines_[b + 1].kind != LineKind::text || (hard(b) && !continues(b)));
  }

  void build_units(std::size_t b0, std::size_t b1) {
    wrap_width_ = 0;
    for (std::size_t k = b0; k < b1; ++k) wrap_width_ = std::max(wrap_width_, lines_[k].width);
    wrap_width_ = std::clamp(wrap_width_, kMinWrapWidth, kWrapLimit);

    // Web text puts each paragraph on one long line; hand-written text is wrapped at a width.
    // Each break between two prose lines votes for one reading; a tie means wrapped. A full line
    // that happens to end a sentence fits both readings and does not vote.
    std::size_t per_line_votes = 0, wrapped_votes = 0;
    for (std::size_t a = b0; a + 1 < b1; ++a) {
      const LineKind kind = lines_[a].kind;
      if (kind != lines_[a + 1].kind || (kind != LineKind::text && kind != LineKind::quote)) continue;
      if (continues(a)) ++wrapped_votes;
      else if (hard(a)) ++per_line_votes;
      else if (!lines_[a].sentence_end) ++wrapped_votes;
    }
    per_line_ = per_line_votes > wrapped_votes;

    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t open = none;  // index in units_ of the unit the next line may extend
    for (std::size_t k = b0; k < b1; ++k) {
      const Line& l = lines_[k];
      if (l.kind == LineKind::rule) {
        // Setext style: "Title" over "=====" or "-----"; a finished sentence over "---" is a separator.
        if (open != none && units_[open].kind == LineKind::text && units_[open].first == k - 1 &&
            (l.rule_char == '=' || l.rule_char == '-') && !lines_[k - 1].sentence_end &&
            !lines_[k - 1].clause_end && lines_[k - 1].width <= kHeadingMaxWidth)
          units_[open].underline = l.rule_char == '=' ? 1 : 2;
        open = none;
        continue;
      }
      if (open != none && extends(units_[open], k, b1)) {
        units_[open].last = k;
        continue;
      }
      units_.push_back(Unit{l.kind, k, k});
      open = units_.size() - 1;
    }
  }

  bool extends(const Unit& u, std::size_t k, std::size_t b1) const {
    const Line& l = lines_[k];
    if (l.kind == LineKind::list) return false;
    if (u.kind == LineKind::list && l.kind == LineKind::text) {
      // A wrapped list item: indented, or plainly continuing the item's sentence.
      if (mode_ == ParagraphMode::lines) return false;
      if (mode_ == ParagraphMode::blank_lines || l.indented || continues(k - 1)) return true;
      return !per_line_ && !hard(k - 1) && !lines_[k - 1].sentence_end;
    }
    return u.kind == l.kind && !boundary(k - 1, u.first == k - 1, b1);
  }

  bool heading_unit(const Unit& u) const {
    return u.kind == LineKind::text && u.first == u.last && heading_max_words_ > 0 &&
           (u.underline > 0 || heading_like(lines_[u.first]));
  }

  void annotate(Document& doc) const {
    for (std::size_t i = 0; i < units_.size(); ++i) {
      const Unit& u = units_[i];
      const Span span{lines_[u.first].content, lines_[u.last].end};
      if (u.kind == LineKind::list) {
        doc.annotate(annotation::list_item, span, Object{{"ordered", lines_[u.first].ordered}});
        continue;
      }
      if (u.kind == LineKind::quote) {
        doc.annotate(annotation::quote, span);
        continue;
      }
      if (heading_unit(u)) {
        // "Stands alone before a paragraph": what follows is content that starts a sentence.
        const Unit* next = i + 1 < units_.size() ? &units_[i + 1] : nullptr;
        const bool before_content = next && !lines_[next->first].starts_lower && !heading_unit(*next);
        if (i == 0 && (before_content || (next && u.underline > 0) || (next && heading_unit(*next)))) {
          doc.annotate(annotation::title, span, Object{{"level", 1}});
          doc.annotate(annotation::heading, span, Object{{"level", 1}});
          doc.metadata.set("title", doc.slice(span));
          continue;
        }
        if (before_content || u.underline > 0) {
          doc.annotate(annotation::heading, span, Object{{"level", u.underline > 0 ? u.underline : 2}});
          continue;
        }
      }
      doc.annotate(annotation::paragraph, span);
    }
  }

  std::string_view text_;
  ParagraphMode mode_;
  std::size_t heading_max_words_;
  std::vector<Line> lines_;
  std::vector<Unit> units_;
  std::size_t wrap_width_ = 0;  // of the block being built
  bool per_line_ = false;       // of the block being built
};

std::string normalized_encoding(std::string name) {
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return name == "utf8" ? "utf-8" : name;
}

// The host calls this while loading the pipeline, so a misspelt encoding stops the run before reading.
std::string encoding_problem(const std::string& value) {
  const std::string e = normalized_encoding(value);
  if (e == "auto" || e == "utf-8" || encoding::supported(e)) return {};
  return "must be \"auto\", \"utf-8\" or an encoding name ICU knows (such as \"windows-1252\"), got \"" + value +
         "\"";
}

}  // namespace

std::vector<OptionSpec> TextReader::option_specs() {
  return {
      {.name = "max_bytes",
       .type = OptionType::integer,
       .default_value = kDefaultMaxBytes,
       .description = "Largest input in bytes; larger files are refused",
       .choices = {},
       .minimum = 1,
       .maximum = kMaxInputBytes},
      {.name = "heading_max_words",
       .type = OptionType::integer,
       .default_value = kDefaultHeadingMaxWords,
       .description = "Most words a line (of at most 100 characters) may have to be taken as a heading; 0 turns "
                      "heading and title detection off",
       .choices = {},
       .minimum = 0,
       .maximum = 1000},
      {.name = "paragraphs",
       .type = OptionType::string,
       .default_value = "auto",
       .description = "How lines between blank lines become paragraphs: \"auto\" tells hard-wrapped prose from one "
                      "paragraph per line, \"blank-lines\" joins them, \"lines\" makes every line a paragraph",
       .choices = {"auto", "blank-lines", "lines"}},
      {.name = "encoding",
       .type = OptionType::string,
       .default_value = "auto",
       .description = "Encoding of input without a byte order mark: \"auto\" reads valid UTF-8 as UTF-8 and detects "
                      "anything else (uchardet, converted with ICU), \"utf-8\" never detects (invalid bytes become "
                      "U+FFFD with a warning), or an encoding name ICU knows (e.g. \"windows-1252\", \"shift_jis\") "
                      "to convert every input from",
       .choices = {},
       .check = StringCheck::non_empty,
       .validator = encoding_problem},
  };
}

TextReader::TextReader(const StageContext& ctx)
    : stage_id_(ctx.stage_id),
      log_(ctx.log),
      mode_(parse_mode(ctx.options.has("paragraphs") ? ctx.options.get_string("paragraphs") : "auto")) {
  const std::int64_t max_bytes = int_option(ctx.options, "max_bytes", kDefaultMaxBytes);
  if (max_bytes <= 0) throw Error("option 'max_bytes' must be positive, not " + std::to_string(max_bytes));
  max_bytes_ = static_cast<std::uint64_t>(max_bytes);
  const std::int64_t words = int_option(ctx.options, "heading_max_words", kDefaultHeadingMaxWords);
  if (words < 0) throw Error("option 'heading_max_words' must be 0 or more, not " + std::to_string(words));
  heading_max_words_ = static_cast<std::size_t>(words);
  encoding_ = normalized_encoding(ctx.options.has("encoding") && ctx.options.get("encoding").is_string()
                                      ? ctx.options.get_string("encoding") : "auto");
  if (std::string why = encoding_problem(encoding_); !why.empty()) throw Error("option 'encoding' " + why);
}

void TextReader::read(const Input& input, std::vector<Document>& out) {
  const std::string_view bytes = input.bytes;
  const std::string uri(input.uri);
  if (bytes.size() > max_bytes_)
    throw Error(uri + ": " + std::to_string(bytes.size()) +
                " bytes is more than the text reader's max_bytes limit of " + std::to_string(max_bytes_) + " bytes");

  Document doc;
  doc.id = std::string(input.id);
  doc.source_uri = uri;
  doc.media_type = "text/plain";
  const auto warn = [&](std::string message) {
    doc.diagnostics.push_back(Diagnostic{Severity::warning, stage_id_, std::move(message)});
  };

  const bool forced = encoding_ != "auto" && encoding_ != "utf-8";
  Encoding encoding = Encoding::utf8;
  if (!forced) {
    if (bytes.starts_with("\xEF\xBB\xBF")) encoding = Encoding::utf8_bom;
    else if (bytes.starts_with("\xFF\xFE")) encoding = Encoding::utf16le;
    else if (bytes.starts_with("\xFE\xFF")) encoding = Encoding::utf16be;
  }
  std::string encoding_label(encoding_name(encoding));
  // How the encoding was chosen, recorded only when it was not the plain case (a BOM or valid
  // UTF-8). uchardet 0.0.7 reports no confidence, so this stands in for one: "detected" (uchardet
  // named it), "nul-pattern" (UTF-16 told by its NUL bytes), "forced" (the option), "fallback"
  // (nothing detected: read as UTF-8 with U+FFFD).
  std::string decided_by;

  // Offsets and lines of the source map of converted text refer to the decoded UTF-8 text, not to
  // the original bytes: line:column stays right, and a byte column in UTF-16 or Shift-JIS would
  // mean little to anyone.
  Scan scan;
  const auto take_decoded = [&](const std::string& decoded) {
    scan = normalise(decoded, 0, uri, doc.text, doc.source_map);
    set_source_lines(doc.source_map, decoded, scan.lone_cr);
  };
  const auto take_converted = [&](const encoding::Decoded& decoded) {
    if (decoded.substitutions > 0)
      warn(uri + ": " + plural(decoded.substitutions, "byte sequence", "byte sequences") + " not defined in " +
           encoding_label + " replaced with U+FFFD, first at byte offset " +
           std::to_string(decoded.first_substitution));
    take_decoded(decoded.text);
  };
  const auto utf16 = [&](std::size_t start, bool little) {
    std::string decoded;
    const Utf16Scan u16 = decode_utf16(bytes, start, little, uri, decoded);
    if (u16.invalid > 0)
      warn(uri + ": " + plural(u16.invalid, "invalid UTF-16 code unit", "invalid UTF-16 code units") +
           " (unpaired surrogates or a truncated last unit) replaced with U+FFFD, first at byte offset " +
           std::to_string(u16.first_invalid));
    take_decoded(decoded);
    scan.controls = u16.controls;
    scan.first_control = u16.first_control;
  };

  if (forced) {
    encoding_label = encoding::display_name(encoding_);
    decided_by = "forced";
    take_converted(encoding::to_utf8(bytes, encoding_));
  } else if (encoding == Encoding::utf16le || encoding == Encoding::utf16be) {
    utf16(2, encoding == Encoding::utf16le);
  } else if (const auto little = encoding_ == "auto" && encoding == Encoding::utf8 ? bomless_utf16(bytes)
                                                                                   : std::nullopt) {
    encoding_label = *little ? "utf-16le" : "utf-16be";
    decided_by = "nul-pattern";
    utf16(0, *little);
  } else {
    // Offsets stay those of the file, BOM included, so source_offset() is a true file offset.
    // Valid UTF-8 goes through this one pass only: detection runs when it met invalid bytes.
    const std::size_t bom = encoding == Encoding::utf8_bom ? 3 : 0;
    scan = normalise(bytes.substr(bom), bom, uri, doc.text, doc.source_map);
    std::string detected;
    // Detection only when most high bytes are invalid: a UTF-8 file with a few stray bytes (a
    // pasted Latin-1 line) would turn into mojibake if converted whole from a legacy encoding.
    if (scan.invalid > 0 && scan.invalid * 2 >= scan.non_ascii_bytes && encoding_ == "auto" && bom == 0) {
      // uchardet settles within a few hundred KiB; the window starts a little before the first
      // invalid byte so that a long ASCII preamble does not hide the evidence.
      const std::size_t from = scan.first_invalid > kDetectLead ? scan.first_invalid - kDetectLead : 0;
      detected = encoding::detect(bytes.substr(from, kDetectWindow));
      std::string upper = detected;
      for (char& c : upper)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      // Latin-1 files in the wild use 0x80-0x9F for Windows-1252 quotes and dashes; decoded as
      // ISO-8859-1 those would be C1 control characters.
      if (upper == "ISO-8859-1" && std::any_of(bytes.begin(), bytes.end(), [](char c) {
            const auto b = static_cast<unsigned char>(c);
            return b >= 0x80 && b <= 0x9F;
          }))
        detected = "WINDOWS-1252";
      if (upper == "UTF-8" || upper == "ASCII" || !encoding::supported(detected)) detected.clear();
    }
    // uchardet always names something, and on a few stray bytes its guess is noise (it calls
    // "ab\xFF" Mac Central European): the guess must decode into characters prose is made of.
    std::optional<encoding::Decoded> decoded;
    if (!detected.empty()) {
      decoded = encoding::to_utf8(bytes, detected);
      if (encoding::plausibility(decoded->text) < kMinPlausibility) decoded.reset();
    }
    if (decoded) {
      const std::uint64_t first_invalid = scan.first_invalid;
      doc.text.clear();
      doc.source_map = SourceMap{};
      encoding_label = encoding::display_name(detected);
      decided_by = "detected";
      doc.diagnostics.push_back(Diagnostic{
          Severity::info, stage_id_,
          uri + ": not UTF-8 (first invalid byte at offset " + std::to_string(first_invalid) + "); decoded as " +
              encoding_label + ", the encoding uchardet detected"});
      take_converted(*decoded);
    } else {
      set_source_lines(doc.source_map, bytes, scan.lone_cr);
      if (scan.invalid > 0) {
        if (encoding_ == "auto" && bom == 0) decided_by = "fallback";
        std::string message = uri + ": " +
                              plural(scan.invalid, "invalid UTF-8 sequence", "invalid UTF-8 sequences") +
                              " replaced with U+FFFD, first at byte offset " + std::to_string(scan.first_invalid);
        // Mostly-invalid high bytes are the mark of Latin-1, Windows-1252 and their kin.
        if (scan.invalid * 2 >= scan.non_ascii_bytes) {
          message += "; the file may be in a legacy 8-bit encoding";
          if (!decided_by.empty()) message += " that could not be detected (set the option 'encoding')";
        }
        warn(std::move(message));
      }
    }
  }
  doc.metadata.set("encoding", encoding_label);
  if (!decided_by.empty()) doc.metadata.set("encoding_detection", decided_by);
  if (scan.controls * 100 > doc.text.size() * kMaxControlPercent)
    refuse_binary(uri, plural(scan.controls, "control character", "control characters") + " in " +
                           plural(doc.text.size(), "byte", "bytes") + ", the first",
                  scan.first_control);

  if (bytes.empty()) warn(uri + ": empty file");
  else if (doc.text.find_first_not_of(" \t\n\f\v") == std::string::npos)
    warn(uri + ": no text (only white space or a byte order mark)");

  Structurer structure(doc.text, mode_, heading_max_words_);
  structure.run(doc);
  if (log_.enabled(LogLevel::debug))
    log_.debug(uri + ": " + encoding_label + ", " +
               plural(structure.line_count(), "line", "lines") + ", " +
               plural(doc.annotations.size(), "annotation", "annotations"));
  out.push_back(std::move(doc));
}

}  // namespace docpipe::plugins
