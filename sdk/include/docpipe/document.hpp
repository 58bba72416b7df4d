// The document: UTF-8 text plus everything the stages learn about it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docpipe/value.hpp"

namespace docpipe {
inline namespace v2 {

/// Half-open byte range [begin, end) into Document::text.
struct Span {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::uint64_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool contains(const Span& o) const { return begin <= o.begin && o.end <= end; }
  bool overlaps(const Span& o) const { return begin < o.end && o.begin < end; }
  friend bool operator==(const Span& a, const Span& b) { return a.begin == b.begin && a.end == b.end; }
};

/// Well-known annotation type names; plugins may add their own.
namespace annotation {
inline constexpr std::string_view title = "title";
inline constexpr std::string_view heading = "heading";      ///< feature "level" (1-6)
inline constexpr std::string_view paragraph = "paragraph";
inline constexpr std::string_view list_item = "list_item";
inline constexpr std::string_view quote = "quote";
inline constexpr std::string_view code = "code";            ///< kept out of prose analysis
inline constexpr std::string_view link = "link";            ///< feature "href"
inline constexpr std::string_view table_cell = "table_cell";
inline constexpr std::string_view page = "page";            ///< feature "number"
inline constexpr std::string_view boilerplate = "boilerplate";  ///< feature "reason"
inline constexpr std::string_view caption = "caption";          ///< figure and image captions
inline constexpr std::string_view sentence = "sentence";
inline constexpr std::string_view word = "word";
}  // namespace annotation

/// A typed span with a few features (e.g. a heading's level, a link's target).
struct Annotation {
  std::string type;
  Span span;
  Object features;
};

/// What a token of Document::tokens is.
enum class TokenKind : std::uint8_t {
  word,         ///< letters, with digits, apostrophes or hyphens inside ("don't", "co-op", "A7")
  number,       ///< digits, with separators inside ("1,250", "3.5")
  punctuation,  ///< one punctuation mark
  space,        ///< a run of white space inside a unit of prose
  symbol,       ///< anything else: %, $, ●, emoji
};
/// "word", "number", "punctuation", "space" or "symbol".
std::string_view to_string(TokenKind k);

/// One token of the document's token stream: a byte range of Document::text, its kind and a few
/// flags. Twelve bytes, so a document's tokens cost about twice its text.
struct Token {
  enum Flag : std::uint8_t {
    capitalised = 1,     ///< starts with an upper-case letter
    all_caps = 2,        ///< two or more letters, all upper case ("IMF", "USD")
    has_digit = 4,       ///< holds a digit (every number; words such as "A7", "COVID-19")
    sentence_start = 8,  ///< the first word or number of a sentence annotation
  };
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  TokenKind kind = TokenKind::word;
  std::uint8_t flags = 0;

  Span span() const { return {begin, end}; }
  bool has(Flag f) const { return (flags & f) != 0; }
  /// Words and numbers: what a word count counts.
  bool is_word() const { return kind == TokenKind::word || kind == TokenKind::number; }
};

/// How bad a finding or diagnostic is.
enum class Severity { info, warning, error };
/// "info", "warning" or "error".
std::string_view to_string(Severity s);

/// Something a reader of the document should act on.
struct Finding {
  std::string stage;     ///< stage id; the host fills it in when left empty
  std::string category;  ///< e.g. "long-sentence", "statistical"
  Severity severity = Severity::warning;
  std::string message;
  Span span;
  double score = 0;
  Object data;  ///< further fields (evidence, breakdowns, suggestions)
};

/// A problem met while processing the document (not a property of its prose).
struct Diagnostic {
  Severity severity = Severity::warning;
  std::string stage;  ///< stage id, or the reader's name
  std::string message;
};

/// Line and column (1-based) or page of a position in the original file. SourceMap::locate
/// counts the column in bytes; Document::locate in characters (Unicode code points).
struct SourcePosition {
  std::uint64_t line = 0;    ///< 0 when the format has no lines
  std::uint64_t column = 0;
  std::uint64_t page = 0;    ///< 0 when the format has no pages
};

/// Maps byte offsets of Document::text back to the original file.
/// Readers record pieces: text bytes [text_begin, text_begin + length) came from source bytes
/// [source_begin, source_begin + length). Offsets between pieces map to the preceding piece.
class SourceMap {
 public:
  struct Piece {
    std::uint64_t text_begin;
    std::uint64_t source_begin;
    std::uint64_t length;
  };

  /// Appends a piece; pieces must be added in increasing text_begin order.
  void add(std::uint64_t text_begin, std::uint64_t source_begin, std::uint64_t length);
  /// Records the original file's bytes so positions can be turned into line:column.
  void set_source_lines(std::string_view source);
  /// Records a page break: text from text_begin on belongs to page number (1-based).
  void add_page(std::uint64_t text_begin, std::uint64_t page);
  /// Byte offset in the original file of a text offset, if the map knows it.
  std::optional<std::uint64_t> source_offset(std::uint64_t text_offset) const;
  /// Line:column (and page) in the original file of a text offset.
  std::optional<SourcePosition> locate(std::uint64_t text_offset) const;
  bool empty() const { return pieces_.empty() && pages_.empty(); }
  /// The pieces, in text order.
  const std::vector<Piece>& pieces() const { return pieces_; }
  /// Source offsets where lines begin (empty until set_source_lines).
  const std::vector<std::uint64_t>& line_starts() const { return line_starts_; }
  /// Replaces the line starts, e.g. when a document is read back from a saved form.
  void set_line_starts(std::vector<std::uint64_t> starts) { line_starts_ = std::move(starts); }
  /// Page breaks as (text_begin, page), in text order.
  const std::vector<std::pair<std::uint64_t, std::uint64_t>>& page_breaks() const { return pages_; }

 private:
  std::vector<Piece> pieces_;
  std::vector<std::uint64_t> line_starts_;  // source offsets where lines begin
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pages_;  // (text_begin, page)
};

/// One document flowing through the pipeline. The host owns it; a plugin sees it during a call.
struct Document {
  std::string id;          ///< stable id: the input-relative path, with "#n" for multi-document files
  std::string source_uri;  ///< path as given, or "-" for stdin
  std::string media_type;  ///< e.g. "text/plain"
  std::string text;        ///< UTF-8 analysis text
  Object metadata;         ///< title, author, date, language, encoding, ...
  std::vector<Annotation> annotations;
  /// The token stream, in text order, filled once by the segment analyzer (empty before it) over
  /// the text it reads as prose: not code, not inline boilerplate, not the gaps between blocks.
  /// Analyzers read words here instead of tokenising again. In memory only: exporters do not
  /// write it, and an exporter must not rely on it.
  std::vector<Token> tokens;
  Object metrics;          ///< stage id -> object of that stage's metrics
  std::vector<Finding> findings;
  std::vector<Diagnostic> diagnostics;
  SourceMap source_map;
  bool failed = false;     ///< set by the host when a stage threw

  /// Adds an annotation and returns it.
  Annotation& annotate(std::string_view type, Span span, Object features = {});
  /// Annotations of one type, in the order they were added.
  std::vector<const Annotation*> annotations_of(std::string_view type) const;
  /// The tokens lying inside s, a view into tokens (found by bisection).
  std::span<const Token> tokens_in(Span s) const;
  /// The metrics object of one stage, created when missing.
  Object& stage_metrics(std::string_view stage);
  /// The text under a span.
  std::string_view slice(Span s) const;
  /// Line, column and page in the original file of a text offset, the column counted in
  /// characters (code points) as editors and SARIF's unicodeCodePoints do. Source bytes the
  /// reader left out of the text (markup) count one column each.
  std::optional<SourcePosition> locate(std::uint64_t text_offset) const;
};

}  // namespace v2
}  // namespace docpipe
