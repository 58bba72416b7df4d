// Small ASCII text helpers shared by the boilerplate rules and classifier. ASCII case folding is
// enough: every built-in pattern is English.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::plugins::boilerplate::scan {

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return is_upper(c) || is_lower_ascii(c); }
inline bool is_high(char c) { return static_cast<unsigned char>(c) >= 0x80; }

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

inline bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != lower(prefix[i])) return false;
  return true;
}

/// Case-insensitive search; needle must already be lower case.
inline std::size_t find_ci(std::string_view hay, std::string_view needle, std::size_t from = 0) {
  if (needle.empty()) return from;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (lower(hay[i]) != needle[0]) continue;
    std::size_t k = 1;
    while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

inline bool contains_ci(std::string_view hay, std::string_view needle) {
  return find_ci(hay, needle) != std::string_view::npos;
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t b = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

/// A token without the ASCII punctuation around it: "(Photo:" -> "Photo".
inline std::string_view strip_punct(std::string_view w) {
  const auto punct = [](char c) { return !is_alpha(c) && !is_digit(c) && !is_high(c); };
  while (!w.empty() && punct(w.front())) w.remove_prefix(1);
  while (!w.empty() && punct(w.back())) w.remove_suffix(1);
  return w;
}

/// strip_punct, lower-cased.
inline std::string bare(std::string_view w) { return to_lower(strip_punct(w)); }

/// The text without closing quotes and brackets at its end.
inline std::string_view without_closers(std::string_view s) {
  s = trim(s);
  while (!s.empty()) {
    const char c = s.back();
    if (c == '"' || c == '\'' || c == ')' || c == ']') s.remove_suffix(1);
    else if (s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\x99")) s.remove_suffix(3);  // ” ’
    else break;
  }
  return s;
}

/// The last character ends a sentence (closing quotes and brackets looked through).
inline bool ends_sentence(std::string_view s) {
  s = without_closers(s);
  return !s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?' || s.ends_with("\xE2\x80\xA6"));
}

inline bool has_quotation(std::string_view s) {
  return s.find('"') != std::string_view::npos || s.find("\xE2\x80\x9C") != std::string_view::npos ||
         s.find("\xE2\x80\x9D") != std::string_view::npos || s.find("\xC2\xAB") != std::string_view::npos;
}

template <std::size_t N>
bool in(std::string_view w, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

inline bool has_digit(std::string_view w) { return std::any_of(w.begin(), w.end(), is_digit); }

}  // namespace docpipe::plugins::boilerplate::scan
