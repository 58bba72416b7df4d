#include "syllables.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <mutex>

#include "docpipe/error.hpp"

namespace docpipe::plugins {

namespace {

bool is_vowel_phone(std::string_view p) {
  // Stress digits mark the vowels in cmudict proper; pocketsphinx's copy drops them, so the
  // vowel phone names are checked too.
  if (!p.empty() && p.back() >= '0' && p.back() <= '9') return true;
  // Every vowel phone starts with a vowel letter: most phones are settled without the list.
  if (p.empty() || (p[0] != 'A' && p[0] != 'E' && p[0] != 'I' && p[0] != 'O' && p[0] != 'U')) return false;
  static constexpr std::string_view kVowels[] = {"AA", "AE", "AH", "AO", "AW", "AX", "AXR", "AY", "EH", "ER",
                                                 "EY", "IH", "IX", "IY", "OW", "OY", "UH", "UW", "UX"};
  return std::find(std::begin(kVowels), std::end(kVowels), p) != std::end(kVowels);
}

}  // namespace

SyllableDictionary SyllableDictionary::parse(std::string_view contents) {
  SyllableDictionary d;
  d.arena_.reserve(contents.size() / 3);
  std::size_t pos = 0;
  while (pos < contents.size()) {
    std::size_t nl = contents.find('\n', pos);
    if (nl == std::string_view::npos) nl = contents.size();
    std::string_view line = contents.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t sp = line.find_first_of(" \t");
    if (sp == 0 || sp == std::string_view::npos || line.rfind(";;;", 0) == 0) continue;
    const std::string_view word = line.substr(0, sp);
    if (word.back() == ')' || word.size() > 255) continue;  // "word(2)": an alternate pronunciation
    int syllables = 0;
    std::size_t p = sp;
    while (p < line.size()) {
      while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
      std::size_t q = p;
      while (q < line.size() && line[q] != ' ' && line[q] != '\t') ++q;
      if (q > p && is_vowel_phone(line.substr(p, q - p))) ++syllables;
      p = q;
    }
    Entry e{static_cast<std::uint32_t>(d.arena_.size()), static_cast<std::uint8_t>(word.size()),
            static_cast<std::uint8_t>(std::min(syllables, 255))};
    for (char c : word) d.arena_.push_back(static_cast<char>(ascii::to_lower(static_cast<unsigned char>(c))));
    d.index_.push_back(e);
  }
  auto key = [&](const Entry& e) { return std::string_view(d.arena_.data() + e.offset, e.length); };
  auto before = [&](const Entry& a, const Entry& b) { return key(a) < key(b); };
  // cmudict ships sorted; checking is a fraction of sorting at every start-up.
  if (!std::is_sorted(d.index_.begin(), d.index_.end(), before)) std::stable_sort(d.index_.begin(), d.index_.end(), before);
  // The first pronunciation of a word wins when it is listed twice.
  d.index_.erase(std::unique(d.index_.begin(), d.index_.end(),
                             [&](const Entry& a, const Entry& b) { return key(a) == key(b); }),
                 d.index_.end());
  d.index_.shrink_to_fit();
  // Lookups run once per word of every document: a hash probe beats a binary search's 17 compares.
  std::size_t slots = 1024;
  while (slots < d.index_.size() * 2) slots *= 2;
  d.slots_.assign(slots, 0);
  for (std::size_t i = 0; i < d.index_.size(); ++i) {
    const std::uint64_t full = d.hash(key(d.index_[i]));
    std::size_t h = full & (slots - 1);
    while (d.slots_[h] != 0) h = (h + 1) & (slots - 1);
    d.slots_[h] = tag(full, d.index_[i].length) | (i + 1);
  }
  return d;
}

std::uint64_t SyllableDictionary::hash(std::string_view w) const {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : w) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h ^ (h >> 29);
}

std::shared_ptr<const SyllableDictionary> SyllableDictionary::shared(const std::string& path) {
  // Workers construct their analyzers concurrently; the first one loads, the others wait and share.
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const SyllableDictionary>> loaded;
  std::lock_guard lock(mutex);
  if (auto it = loaded.find(path); it != loaded.end()) return it->second;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error("cannot read the syllable dictionary '" + path + "'");
  // One read of the known size: streaming it through an ostringstream copied it twice.
  std::string text(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
  in.seekg(0);
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size())))
    throw Error("cannot read the syllable dictionary '" + path + "'");
  auto dict = std::make_shared<const SyllableDictionary>(parse(text));
  if (dict->size() == 0) throw Error("the syllable dictionary '" + path + "' holds no entries");
  loaded.emplace(path, dict);
  return dict;
}

int SyllableDictionary::lookup(std::string_view word) const {
  if (slots_.empty()) return -1;
  if (word.size() > 255) return -1;
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t full = hash(word), want = tag(full, word.size());
  for (std::size_t h = full & mask; slots_[h] != 0; h = (h + 1) & mask) {
    if ((slots_[h] & ~std::uint64_t{0xFFFFFFFF}) != want) continue;
    const Entry& e = index_[(slots_[h] & 0xFFFFFFFF) - 1];
    if (std::string_view(arena_.data() + e.offset, e.length) == word) return e.syllables;
  }
  return -1;
}

namespace {

bool vowel_letter(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool ends_with(std::string_view w, std::string_view s) { return w.size() >= s.size() && w.substr(w.size() - s.size()) == s; }
bool starts_with(std::string_view w, std::string_view s) { return w.substr(0, s.size()) == s; }

// Irregular words the rules below get wrong, each checked against cmudict (a unit test keeps
// them in agreement with the dictionary installed).
struct Exception {
  std::string_view word;
  int syllables;
};
constexpr Exception kExceptions[] = {
    {"people", 2},    {"every", 3},     {"everything", 3}, {"everyone", 3},  {"business", 2},  {"different", 3},
    {"evening", 2},   {"family", 3},    {"interest", 2},   {"camera", 3},    {"chocolate", 2}, {"vegetable", 3},
    {"comfortable", 4}, {"area", 3},    {"idea", 3},       {"being", 2},     {"recipe", 3},    
    {"apostrophe", 4}, {"catastrophe", 4}, {"epitome", 4},  {"hyperbole", 4}, {"karate", 3},    {"coyote", 3},
    {"anemone", 3},   {"sesame", 3},    {"acne", 2},       {"cafe", 2},      {"finale", 3},    {"ukulele", 4},
    {"maybe", 2},     {"create", 2},    {"naive", 2},      {"poem", 2},      {"poet", 2},      {"quiet", 2},
    {"science", 2},   {"society", 4},   {"lion", 2},       {"via", 2},       {"ocean", 2},     {"fuel", 2},
    {"cruel", 2},     {"someone", 2},   {"something", 2},  {"sometimes", 2}, {"somewhere", 2}, {"anyone", 3},
    {"whereas", 2},   {"wednesday", 2}, {"says", 1},       {"said", 1},      {"colonel", 2},   {"choir", 2},
    {"hour", 2},      {"our", 2},       {"fire", 2},       {"iron", 2},      {"real", 1},      {"really", 2},
    {"the", 1},       {"naked", 2},     {"wicked", 2},     {"crooked", 2},   {"learned", 1},   {"beloved", 2},
    {"aged", 1},      {"blessed", 1},   {"toward", 2},     {"towards", 2},   {"forward", 2},   {"username", 3},
    {"database", 3},  {"lifetime", 2},  {"likewise", 2},   {"homework", 2},  {"statement", 2}, {"however", 3},
    {"whoever", 3},   {"whatever", 3},  {"reuse", 2},      {"react", 2},     {"reality", 4},   {"preeminent", 4},
    {"argue", 2},     {"argues", 2},    {"argued", 2},
};

// Adjacent vowels spoken as two syllables ("li-on", "me-di-a"), decided by the letters around.
bool splits(std::string_view w, std::size_t i) {
  const char a = w[i], b = w[i + 1];
  const char before = i > 0 ? w[i - 1] : '^';
  const char after = i + 2 < w.size() ? w[i + 2] : '$';
  const bool soft = before == 'c' || before == 't' || before == 's' || before == 'x' || before == 'g';
  const std::string_view rest = w.substr(i + 2);
  switch (a) {
    case 'i':
      // After "ll" or before "n" following l/n the i glides: "brilliant", "million", "civilian".
      if ((b == 'a' || b == 'o') && before == 'l' && i > 1 && w[i - 2] == 'l') return false;
      if ((b == 'a' || b == 'o') && (before == 'l' || before == 'n') && after == 'n' && i > 2) return false;
      if (b == 'a') return !(soft && (after == 'l' || after == 'n' || after == '$'));
      if (b == 'o') return !(soft && (after == 'n' || after == 'u'));
      if (b == 'u') return true;
      if (b == 'e') {
        if (after == 't') return true;                                   // quiet, society
        if (after == 'n') return !(before == 'c' || before == 't' || before == 's');  // client vs ancient
        if (rest == "r" || rest == "st") return w.size() > 5;            // happier, easiest
        return false;
      }
      if (b == 'i') return true;
      return false;
    case 'e':
      if (b == 'o') return !((before == 'g' || before == 'c') && i > 1) || after == '$';  // video vs gorgeous
      if (b == 'a') return after == '$' || rest == "te" || rest == "tive" || rest == "tion" || rest == "ted" ||
                           rest == "tes" || rest == "tor" || starts_with(rest, "lit");
      if (b == 'i') return rest == "ng" || rest == "ty" || rest == "st";  // being, deity
      if (b == 'u') return after == 'm';                                  // museum
      return false;
    case 'o':
      if (b == 'i') return rest == "ng" || after == 'c';  // going, heroic
      if (b == 'e') return after == 'm' || after == 't' || rest == "r";  // poem, poet
      if (b == 'a') return rest == "" || after == 's';  // boa, oasis
      return false;
    case 'u':
      if (before == 'q' || (before == 'g' && i > 0)) return false;  // quality, language, guide
      if (b == 'a') return true;                                    // actual, dual
      if (b == 'o') return true;                                    // duo, continuous
      if (b == 'e') return !(after == '$' || rest == "s" || rest == "d");  // fluent, cruel vs blue, values
      if (b == 'i') return rest == "n" || after == 'd' || starts_with(rest, "ty") || rest == "ng";  // ruin, fluid
      return false;
    case 'a':
      if (b == 'o') return true;                   // chaos
      if (b == 'i') return after == 'c' || rest == "ve";  // mosaic, naive
      return false;
    default:
      return false;
  }
}

}  // namespace

std::vector<std::pair<std::string_view, int>> rule_exceptions() {
  std::vector<std::pair<std::string_view, int>> out;
  for (const Exception& e : kExceptions) out.emplace_back(e.word, e.syllables);
  return out;
}

int rule_syllables(std::string_view in) {
  std::string w;
  w.reserve(in.size());
  for (char c : in)
    if (c >= 'a' && c <= 'z') w.push_back(c);
    else if (c >= 'A' && c <= 'Z') w.push_back(static_cast<char>(c + 32));
  if (w.empty()) return 0;
  for (const Exception& e : kExceptions)
    if (e.word == w) return e.syllables;
  const std::size_t n = w.size();
  // y is a vowel except at the start and before another vowel ("yes", "beyond", "lawyer").
  auto vowel = [&](std::size_t i) {
    if (vowel_letter(w[i])) return true;
    return w[i] == 'y' && i > 0 && !(i + 1 < n && vowel_letter(w[i + 1]));
  };
  int count = 0;
  std::size_t groups = 0;
  for (std::size_t i = 0; i < n;) {
    if (!vowel(i)) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n && vowel(j)) ++j;
    ++count;
    ++groups;
    for (std::size_t k = i; k + 1 < j; ++k) count += splits(w, k);
    i = j;
  }
  // No vowel at all: an abbreviation read letter by letter ("bbq", "dvd"), or an interjection.
  if (count == 0) return n <= 1 || w == "hmm" || w == "shh" || w == "nth" || w == "psst" ? 1 : static_cast<int>(n) + 2 * static_cast<int>(std::count(w.begin(), w.end(), 'w'));

  const auto lone_e_at = [&](std::size_t i) {  // an 'e' that is a vowel group by itself
    return i < n && w[i] == 'e' && i > 0 && !vowel(i - 1) && !(i + 1 < n && vowel(i + 1));
  };
  const auto consonant = [&](std::size_t i) { return i < n && !vowel(i) && w[i] != 'y'; };

  // Silent final e ("make", "whale"), kept in consonant+le ("table") and consonant+re ("acre").
  if (groups > 1 && lone_e_at(n - 1)) {
    const bool syllabic_le = n >= 3 && w[n - 2] == 'l' && consonant(n - 3) && w[n - 3] != 'l';
    const bool syllabic_re = n >= 3 && w[n - 2] == 'r' && consonant(n - 3) && w[n - 3] != 'r';
    if (!syllabic_le && !syllabic_re) --count;
  }
  // -es and -ed: silent e unless the stem ends in a sibilant (places, boxes) or t/d (wanted).
  if (groups > 1 && n >= 4 && w[n - 1] == 's' && lone_e_at(n - 2)) {
    const char c = w[n - 3];
    const bool sibilant = c == 's' || c == 'x' || c == 'z' || c == 'c' || c == 'g' ||
                          (c == 'h' && (w[n - 4] == 'c' || w[n - 4] == 's'));
    const bool syllabic_les = c == 'l' && consonant(n - 4) && w[n - 4] != 'l';
    if (!sibilant && !syllabic_les) --count;
  }
  if (groups > 1 && n >= 4 && w[n - 1] == 'd' && lone_e_at(n - 2)) {
    const char c = w[n - 3];
    const bool syllabic_led = c == 'l' && consonant(n - 4) && w[n - 4] != 'l';
    if (c != 't' && c != 'd' && !syllabic_led) --count;
  }
  // A silent e before a suffix ("lately", "movement", "careful", "hopeless", "likeness").
  bool silent_middle_e = false;
  for (std::string_view suffix : {"ly", "ment", "ments", "ful", "ness", "less", "ling"}) {
    if (n > suffix.size() + 2 && ends_with(w, suffix) && lone_e_at(n - suffix.size() - 1) &&
        consonant(n - suffix.size() - 2) && groups > 2) {
      --count;
      silent_middle_e = true;
    }
  }
  // -ing after a vowel is its own syllable ("seeing", "playing" already split by y).
  if (n >= 5 && ends_with(w, "ing") && vowel_letter(w[n - 4]) && w[n - 4] != 'u' && !(w[n - 4] == 'o' || w[n - 4] == 'e'))
    ++count;
  // Syllabic m: "prism", "tourism".
  if (n >= 4 && ends_with(w, "sm") && vowel(n - 3)) ++count;
  // "-ically" is said "-ik-lee".
  if (ends_with(w, "ically")) --count;
  // Syllabic l before -ing: "bottling", "bubbling".
  for (std::string_view suffix : {"ling", "lings"}) {
    if (n > suffix.size() + 2 && ends_with(w, suffix)) {
      const char c = w[n - suffix.size() - 1];
      if ((c == 'b' || c == 'p' || c == 't' || c == 'd' || c == 'g' || c == 'k' || c == 'c' || c == 'z' || c == 'f') &&
          !vowel(n - suffix.size() - 1) && vowel(n - suffix.size() - 2) == false)
        ++count;
    }
  }
  // "emptying", "frying": y before -ing after a consonant is a vowel of its own.
  if (n >= 5 && ends_with(w, "ying") && !vowel_letter(w[n - 5])) ++count;
  // Silent "-que" and "-gue": "basque", "fatigue", "dialogues".
  for (std::string_view suffix : {"que", "gue", "ques", "gues", "gued"}) {
    if (n > suffix.size() + 1 && ends_with(w, suffix) && groups > 1) {
      --count;
      break;
    }
  }
  // Compounds whose first part ends in a silent e: "baseboard", "forecast", "firepower".
  static constexpr std::string_view kSilentEStems[] = {
      "base", "bake", "brake", "care", "code", "come", "cone", "date", "dove", "face", "fore", "free",
      "gate", "home", "life", "line", "make", "name", "safe", "side", "some", "stone", "take", "time", "wide",
      "wise", "ware", "where", "there", "here", "house", "horse", "case", "whole", "more", "sure", "bone", "edge",
      "eye", "lake", "rose", "fine", "grape", "hate", "love", "live", "nose", "pipe", "rice", "ride", "tide",
      "wire", "wine", "game", "tube", "store", "shore", "spoke", "smoke", "state", "waste", "white"};
  for (std::string_view stem : kSilentEStems) {
    if (silent_middle_e) break;
    if (n >= stem.size() + 3 && starts_with(w, stem) && !vowel(stem.size()) && w[stem.size()] != 'r' &&
        w[stem.size()] != 'd' && w[stem.size()] != 's' && !(stem == "live" && w[stem.size()] == 'l')) {
      --count;
      break;
    }
  }
  return std::max(count, 1);
}

namespace {

constexpr int kUnits[] = {2, 1, 1, 1, 1, 1, 1, 2, 1, 1};  // zero..nine
constexpr int kTeens[] = {1, 3, 1, 2, 2, 2, 2, 3, 2, 2};  // ten..nineteen
constexpr int kTens[] = {0, 0, 2, 2, 2, 2, 2, 3, 2, 2};   // -, -, twenty..ninety

int below_hundred(int n) {
  if (n < 10) return kUnits[n];
  if (n < 20) return kTeens[n - 10];
  return kTens[n / 10] + (n % 10 ? kUnits[n % 10] : 0);
}

int below_thousand(int n) {
  if (n < 100) return below_hundred(n);
  return kUnits[n / 100] + 2 + (n % 100 ? below_hundred(n % 100) : 0);  // "hundred" = 2
}

int integer_syllables(std::string_view digits, bool grouped) {
  if (digits.empty()) return 0;
  // Too long to say as one number: read digit by digit (phone numbers, ids).
  if (digits.size() > 12 || (digits.size() > 1 && digits[0] == '0')) {
    int s = 0;
    for (char c : digits) s += kUnits[c - '0'];
    return s;
  }
  long long v = std::stoll(std::string(digits));
  // Years are read in pairs: 1998 "nineteen ninety-eight", 2016 "twenty sixteen".
  if (!grouped && digits.size() == 4 && ((v >= 1100 && v <= 1999) || (v >= 2010 && v <= 2099))) {
    const int hi = static_cast<int>(v / 100), lo = static_cast<int>(v % 100);
    return below_hundred(hi) + (lo == 0 ? 2 : lo < 10 ? 1 + kUnits[lo] : below_hundred(lo));  // "hundred", "oh five"
  }
  if (v == 0) return 2;
  int s = 0;
  static constexpr struct {
    long long scale;
    int syllables;
  } kScales[] = {{1000000000LL, 2}, {1000000LL, 2}, {1000LL, 2}};  // billion, million, thousand
  for (const auto& sc : kScales) {
    if (v >= sc.scale) {
      s += below_thousand(static_cast<int>(v / sc.scale)) + sc.syllables;
      v %= sc.scale;
    }
  }
  if (v) s += below_thousand(static_cast<int>(v));
  return s;
}

}  // namespace

int number_syllables(std::string_view text) {
  std::string integer, fraction;
  bool point = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') (point ? fraction : integer).push_back(c);
    else if (c == '.' && !point) point = true;
  }
  // "1,150" is a quantity, "1150" may be a year.
  const bool grouped = text.find(',') != std::string_view::npos;
  int s = integer.empty() ? 0 : integer_syllables(integer, grouped);
  if (!fraction.empty()) {
    s += 1;  // "point"
    for (char c : fraction) s += kUnits[c - '0'];
  }
  return std::max(s, 1);
}

namespace {

// Letters said one by one: "W" is "double-u".
int spelled_syllables(std::string_view letters) {
  int s = 0;
  for (char c : letters) s += (c == 'w' || c == 'W') ? 3 : 1;
  return s;
}

int word_syllables(std::string_view part, const SyllableDictionary* dict, SyllableSource* source) {
  // Split letters from digits: "B2B", "mp3", "21st".
  std::string lower;
  bool all_upper = true, has_lower = false, has_digit = false, has_alpha = false;
  for (char c : part) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (ascii::is_digit(u)) has_digit = true;
    if (ascii::is_alpha(u)) {
      has_alpha = true;
      if (ascii::is_lower(u)) has_lower = true;
    }
  }
  all_upper = has_alpha && !has_lower;
  if (has_digit && !has_alpha) {
    if (source) *source = SyllableSource::number;
    return number_syllables(part);
  }
  if (has_digit) {
    int s = 0;
    std::size_t i = 0;
    while (i < part.size()) {
      std::size_t j = i;
      const bool digit = ascii::is_digit(static_cast<unsigned char>(part[i]));
      while (j < part.size() && static_cast<bool>(ascii::is_digit(static_cast<unsigned char>(part[j]))) == digit) ++j;
      const std::string_view run = part.substr(i, j - i);
      // "21st", "3rd": the ordinal ending adds nothing a reader notices.
      const bool ordinal = !digit && i > 0 && (run == "st" || run == "nd" || run == "rd" || run == "th");
      if (!ordinal) s += digit ? number_syllables(run) : word_syllables(run, dict, nullptr);
      i = j;
    }
    if (source) *source = SyllableSource::number;
    return std::max(s, 1);
  }
  for (char c : part)
    if (ascii::is_alpha(static_cast<unsigned char>(c)) || c == '\'')
      lower.push_back(static_cast<char>(ascii::to_lower(static_cast<unsigned char>(c))));
  if (dict) {
    if (int s = dict->lookup(lower); s > 0) {
      if (source) *source = SyllableSource::dictionary;
      return s;
    }
    if (ends_with(lower, "'s")) {
      const std::string_view stem = std::string_view(lower).substr(0, lower.size() - 2);
      if (int s = dict->lookup(stem); s > 0) {
        if (source) *source = SyllableSource::dictionary;
        const char c = stem.back();
        return s + (c == 's' || c == 'x' || c == 'z' || c == 'h' ? 1 : 0);  // "boss's"
      }
    }
  }
  // Acronyms not in the dictionary are read letter by letter ("SMB", "SMBs", "CTO").
  std::string_view letters = part;
  if (!all_upper && letters.size() >= 3 && letters.back() == 's') {
    letters.remove_suffix(1);
    all_upper = std::all_of(letters.begin(), letters.end(), [](char c) { return ascii::is_upper(static_cast<unsigned char>(c)); });
  }
  if (all_upper && letters.size() >= 2 && letters.size() <= 5) {
    if (source) *source = SyllableSource::acronym;
    return spelled_syllables(letters);
  }
  if (source) *source = SyllableSource::rules;
  return std::max(rule_syllables(lower), 1);
}

}  // namespace

int count_syllables(std::string_view token, const SyllableDictionary* dict, SyllableSource* source) {
  // Dotted abbreviations ("U.S", "e.g", "a.m") are read letter by letter.
  const bool dotted = token.find('.') != std::string_view::npos &&
                      std::any_of(token.begin(), token.end(), [](char c) { return ascii::is_alpha(static_cast<unsigned char>(c)); });
  if (dotted) {
    std::string letters;
    for (char c : token)
      if (ascii::is_alpha(static_cast<unsigned char>(c))) letters.push_back(c);
    if (letters.size() <= 5) {
      if (source) *source = SyllableSource::acronym;
      return spelled_syllables(letters);
    }
  }
  // Hyphenated compounds: the sum of their parts.
  if (token.find('-') != std::string_view::npos) {
    int s = 0;
    SyllableSource last = SyllableSource::rules;
    std::size_t i = 0;
    while (i <= token.size()) {
      std::size_t j = token.find('-', i);
      if (j == std::string_view::npos) j = token.size();
      if (j > i) s += word_syllables(token.substr(i, j - i), dict, &last);
      i = j + 1;
    }
    if (source) *source = last;
    return std::max(s, 1);
  }
  // Curly apostrophes count as straight ones for the dictionary ("don’t").
  std::string plain;
  plain.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token.compare(i, 3, "\xE2\x80\x99") == 0) {
      plain.push_back('\'');
      i += 2;
    } else if (static_cast<unsigned char>(token[i]) < 0x80) {
      plain.push_back(token[i]);
    } else {
      plain.push_back('e');  // an accented vowel in a loan word ("café") still makes a sound
      while (i + 1 < token.size() && (static_cast<unsigned char>(token[i + 1]) & 0xC0) == 0x80) ++i;
    }
  }
  return word_syllables(plain, dict, source);
}

}  // namespace docpipe::plugins
