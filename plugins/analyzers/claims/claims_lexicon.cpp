#include "claims_lexicon.hpp"

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "docpipe/error.hpp"
#include "docpipe/text.hpp"

namespace docpipe::plugins::claims {
namespace {

constexpr std::string_view lexicon_names[lexicon_count] = {
    "speech_verbs",  "causal_cues",    "prediction_cues", "comparative_cues", "absolutes",
    "vague_sources", "peacock_terms",  "hedges",          "org_suffixes",     "evidence_nouns",
    "opinion_markers", "imperative_verbs", "scale_words", "change_verbs",     "non_claim_cues",
};

enum class CharClass { space, letter, digit, joiner, punct };

bool is_ascii_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }
// Latin-1 capitals, so "Édouard" starts a name like "Edward" does.
bool is_upper(char32_t c) { return is_ascii_upper(c) || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }

// ASCII classes by table: tokenising is most of the analyzer's time and prose is mostly ASCII.
constexpr auto ascii_classes = [] {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
      t[c] = CharClass::space;
    else if (c >= '0' && c <= '9')
      t[c] = CharClass::digit;
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
      t[c] = CharClass::letter;
    else if (c == '\'' || c == '-')
      t[c] = CharClass::joiner;
    else
      t[c] = CharClass::punct;
  }
  return t;
}();

// Classes of code points past ASCII.
CharClass classify_wide(char32_t c) {
  if (c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x3000) return CharClass::space;
  if (c == 0x2019 || c == 0x2010 || c == 0x2011) return CharClass::joiner;
  // Quotes, dashes, ellipsis, currency, superscript digits and other symbols are punctuation;
  // everything else outside ASCII is taken for a letter (accented Latin, Greek, CJK ...).
  if ((c >= 0x2010 && c <= 0x206F) || (c >= 0x2070 && c <= 0x209F) || (c >= 0x20A0 && c <= 0x20CF) ||
      c == 0xA3 || c == 0xA5 || c == 0xA7 || c == 0xA9 || c == 0xAB || c == 0xBB || c == 0xB0 ||
      c == 0xB2 || c == 0xB3 || c == 0xB9 || c == 0xB6 || c == 0xD7 || c == 0xF7 || (c >= 0x2100 && c <= 0x2BFF) ||
      c == 0xFFFD || (c >= 0x1F000 && c <= 0x1FAFF))
    return CharClass::punct;
  return CharClass::letter;
}

inline CharClass classify(char32_t c) { return c < 0x80 ? ascii_classes[c] : classify_wide(c); }

// utf8_next and utf8_append with the ASCII case inline.
inline char32_t next_cp(std::string_view text, std::size_t& pos) {
  const auto b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) {
    ++pos;
    return b;
  }
  return utf8_next(text, pos);
}
inline void append_cp(std::string& out, char32_t c) {
  if (c < 0x80)
    out.push_back(static_cast<char>(c));
  else
    utf8_append(out, c);
}


char32_t lower(char32_t c) { return is_upper(c) ? c + 0x20 : c; }

// When text[pos] continues a word (a letter or digit, or a joiner followed by one), the position
// after that code point, with joined set for a joiner; otherwise pos.
std::size_t continue_word(std::string_view text, std::size_t pos, bool& joined) {
  if (pos >= text.size()) return pos;
  std::size_t probe = pos;
  const CharClass c = classify(next_cp(text, probe));
  if (c == CharClass::letter || c == CharClass::digit) return probe;
  if (c == CharClass::joiner && probe < text.size()) {
    std::size_t after = probe;
    const CharClass n = classify(next_cp(text, after));
    if (n == CharClass::letter || n == CharClass::digit) {
      joined = true;
      return probe;
    }
  }
  return pos;
}

// Ordinal and decade suffixes keep digits and letters in one word; other suffixes ("bn", "m", "x")
// are split off so "2bn" reads as the number 2 followed by the scale word "bn".
bool keeps_suffix(std::string_view letters) {
  return letters == "st" || letters == "nd" || letters == "rd" || letters == "th" || letters == "s";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

double parse_number(std::string_view digits) {
  double v = 0, scale = 0;
  for (char c : digits) {
    if (c == ',') continue;
    if (c == '.') {
      scale = 1;
      continue;
    }
    if (scale > 0) {
      scale /= 10;
      v += (c - '0') * scale;
    } else {
      v = v * 10 + (c - '0');
    }
  }
  return v;
}

}  // namespace

std::string_view lexicon_name(Lex lex) { return lexicon_names[static_cast<std::size_t>(lex)]; }

std::vector<Token> tokenize(std::string_view text, std::uint64_t base) {
  std::vector<Token> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t c = next_cp(text, pos);
    const CharClass cls = classify(c);
    if (cls == CharClass::space) continue;
    if (cls == CharClass::punct || cls == CharClass::joiner) {
      Token t{TokenKind::punct, std::string(text.substr(start, pos - start)), base + start, base + pos};
      if (c == 0x2019) t.text.assign(1, '\'');  // one apostrophe form, so lexicon entries match either
      out.push_back(std::move(t));
      continue;
    }
    if (cls == CharClass::digit) {
      // A number: digits with "," or "." between digits.
      std::size_t end = pos;
      while (end < text.size()) {
        std::size_t probe = end;
        const char32_t d = next_cp(text, probe);
        if (classify(d) == CharClass::digit) {
          end = probe;
          continue;
        }
        if ((d == ',' || d == '.') && probe < text.size() && text[probe] >= '0' && text[probe] <= '9') {
          end = probe;
          continue;
        }
        break;
      }
      // Letters or joined parts glued to the digits make a code, an ordinal or a split suffix.
      std::size_t letters_end = end;
      bool joined = false;
      for (std::size_t next; (next = continue_word(text, letters_end, joined)) != letters_end;) letters_end = next;
      const std::string_view suffix = text.substr(end, letters_end - end);
      if (letters_end == end || (!joined && !keeps_suffix(suffix) && suffix.find_first_of("0123456789") == std::string_view::npos)) {
        Token t{TokenKind::number, std::string(text.substr(start, end - start)), base + start, base + end};
        t.number = parse_number(t.text);
        out.push_back(std::move(t));
        pos = end;
        continue;
      }
      Token t{TokenKind::word, {}, base + start, base + letters_end};
      t.has_digit = true;
      std::size_t p = start;
      while (p < letters_end) {
        char32_t d = next_cp(text, p);
        if (d == 0x2019) d = '\'';
        append_cp(t.text, lower(d));
      }
      out.push_back(std::move(t));
      pos = letters_end;
      continue;
    }
    // A word: letters and digits, joined by apostrophes and hyphens.
    Token t{TokenKind::word, {}, base + start, base + pos};
    t.capitalised = is_upper(c);
    std::size_t letters = 0, uppers = 0;
    auto take = [&](char32_t d) {
      if (d == 0x2019) d = '\'';
      if (classify(d) == CharClass::letter) {
        ++letters;
        uppers += is_upper(d);
      }
      if (classify(d) == CharClass::digit) t.has_digit = true;
      append_cp(t.text, lower(d));
    };
    take(c);
    std::size_t end = pos;
    bool joined = false;
    for (std::size_t next; (next = continue_word(text, end, joined)) != end; end = next) {
      std::size_t p = end;
      take(next_cp(text, p));
    }
    t.end = base + end;
    t.all_caps = letters >= 2 && uppers == letters;
    out.push_back(std::move(t));
    pos = end;
  }
  return out;
}

bool parse_lexicon_line(std::string_view line, LexiconEntry& out) {
  line = trim(line);
  if (line.empty() || line.front() == '#') return false;
  std::string_view phrase = line, kind;
  if (const auto bar = line.find('|'); bar != std::string_view::npos) {
    phrase = trim(line.substr(0, bar));
    kind = trim(line.substr(bar + 1));
  }
  out.tokens.clear();
  for (Token& t : tokenize(phrase)) out.tokens.push_back(std::move(t.text));
  out.kind = std::string(kind);
  return !out.tokens.empty();
}

std::vector<LexiconEntry> parse_lexicon(std::string_view text) {
  std::vector<LexiconEntry> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    LexiconEntry e;
    if (parse_lexicon_line(text.substr(pos, nl - pos), e)) out.push_back(std::move(e));
    pos = nl + 1;
  }
  return out;
}

Lexicons load_lexicons(const std::string& dir, bool require_dir,
                       const std::map<std::string, std::vector<std::string>>& extras) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool have_dir = !dir.empty() && fs::is_directory(dir, ec);
  if (!dir.empty() && !have_dir && require_dir)
    throw Error("claims: lexicon_dir '" + dir + "' is not a directory");
  Lexicons lex;
  for (std::size_t i = 0; i < lexicon_count; ++i) {
    const std::string name(lexicon_names[i]);
    std::string text;
    const fs::path file = fs::path(dir) / (name + ".txt");
    if (have_dir && fs::is_regular_file(file, ec)) {
      std::ifstream in(file, std::ios::binary);
      if (!in) throw Error("claims: cannot read lexicon " + file.string());
      std::ostringstream ss;
      ss << in.rdbuf();
      text = ss.str();
    } else {
      text = std::string(embedded_lexicon(name));
    }
    lex.lists[i] = parse_lexicon(text);
    if (const auto it = extras.find(name); it != extras.end()) {
      for (const std::string& line : it->second) {
        LexiconEntry e;
        if (parse_lexicon_line(line, e)) lex.lists[i].push_back(std::move(e));
      }
    }
  }
  return lex;
}

PhraseMatcher::PhraseMatcher(const Lexicons& lexicons) {
  for (std::size_t i = 0; i < lexicon_count; ++i) {
    for (const LexiconEntry& e : lexicons.lists[i]) {
      Candidate c{static_cast<Lex>(i), std::vector<std::string>(e.tokens.begin() + 1, e.tokens.end()), e.kind};
      by_first_[e.tokens.front()].push_back(std::move(c));
      const std::size_t s = filter_slot(e.tokens.front());
      filter_[s >> 6] |= std::uint64_t{1} << (s & 63);
      if (e.tokens.size() == 1) word_filter_[i][s >> 6] |= std::uint64_t{1} << (s & 63);
    }
  }
}

std::size_t PhraseMatcher::filter_slot(std::string_view w) {
  if (w.empty()) return 0;
  const auto at = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(w[i])); };
  return (at(0) * 31 + at(w.size() > 1 ? 1 : 0) * 131 + at(w.size() - 1) * 7 + w.size() * 1031) & 4095;
}

std::vector<PhraseMatch> PhraseMatcher::match(const std::vector<Token>& tokens) const {
  std::vector<PhraseMatch> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!may_start(tokens[i].text)) continue;
    const auto it = by_first_.find(tokens[i].text);
    if (it == by_first_.end()) continue;
    // Longest entry per lexicon at this position.
    PhraseMatch best[lexicon_count];
    bool have[lexicon_count] = {};
    for (const Candidate& c : it->second) {
      if (i + 1 + c.rest.size() > tokens.size()) continue;
      bool ok = true;
      for (std::size_t k = 0; k < c.rest.size() && ok; ++k) ok = tokens[i + 1 + k].text == c.rest[k];
      if (!ok) continue;
      const auto li = static_cast<std::size_t>(c.lex);
      const std::size_t end = i + 1 + c.rest.size();
      if (!have[li] || end > best[li].end) {
        best[li] = PhraseMatch{c.lex, i, end, &c.kind};
        have[li] = true;
      }
    }
    for (std::size_t li = 0; li < lexicon_count; ++li)
      if (have[li]) out.push_back(best[li]);
  }
  return out;
}

bool PhraseMatcher::contains_word(Lex lex, std::string_view w) const {
  const std::size_t s = filter_slot(w);
  if ((word_filter_[static_cast<std::size_t>(lex)][s >> 6] >> (s & 63) & 1) == 0) return false;
  const auto it = by_first_.find(w);
  if (it == by_first_.end()) return false;
  for (const Candidate& c : it->second)
    if (c.lex == lex && c.rest.empty()) return true;
  return false;
}

}  // namespace docpipe::plugins::claims
