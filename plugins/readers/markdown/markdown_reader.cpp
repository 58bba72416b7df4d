#include "markdown_reader.hpp"

#include <md4c.h>

#include <algorithm>
#include <array>
#include <optional>
#include <limits>
#include <string_view>
#include <utility>

#include "docpipe/text.hpp"
#include "front_matter.hpp"

namespace docpipe::plugins {
namespace {

constexpr std::int64_t kDefaultMaxBytes = 64LL * 1024 * 1024;
// The largest max_bytes accepted: 1 TiB, beyond any file the host would read whole.
constexpr double kMaxInputBytes = 1099511627776.0;
constexpr std::size_t kReadPadding = 64;
constexpr unsigned kFlags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_TASKLISTS;

// The named references prose actually uses; the full HTML5 list has over 2000. Any other
// reference is kept as written, which is what a reader would see in an unknown case.
constexpr std::array<std::pair<std::string_view, std::string_view>, 40> kEntities = {{
    {"amp", "&"},         {"lt", "<"},          {"gt", ">"},          {"quot", "\""},       {"apos", "'"},
    {"nbsp", "\u00A0"},   {"shy", "\u00AD"},    {"copy", "\u00A9"},   {"reg", "\u00AE"},    {"trade", "\u2122"},
    {"deg", "\u00B0"},    {"plusmn", "\u00B1"}, {"times", "\u00D7"},  {"divide", "\u00F7"}, {"para", "\u00B6"},
    {"sect", "\u00A7"},   {"middot", "\u00B7"}, {"laquo", "\u00AB"},  {"raquo", "\u00BB"},  {"lsquo", "\u2018"},
    {"rsquo", "\u2019"},  {"ldquo", "\u201C"},  {"rdquo", "\u201D"},  {"sbquo", "\u201A"},  {"bdquo", "\u201E"},
    {"ndash", "\u2013"},  {"mdash", "\u2014"},  {"hellip", "\u2026"}, {"bull", "\u2022"},   {"euro", "\u20AC"},
    {"pound", "\u00A3"},  {"yen", "\u00A5"},    {"cent", "\u00A2"},   {"larr", "\u2190"},   {"rarr", "\u2192"},
    {"uarr", "\u2191"},   {"darr", "\u2193"},   {"hearts", "\u2665"}, {"frac12", "\u00BD"}, {"ensp", "\u2002"},
}};

// "&name;", "&#123;" or "&#x1F;" -> UTF-8; false when the name is unknown.
bool decode_entity(std::string_view ref, std::string& out) {
  if (ref.size() < 3 || ref.front() != '&' || ref.back() != ';') return false;
  const std::string_view body = ref.substr(1, ref.size() - 2);
  if (body.front() == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::uint32_t cp = 0;
    for (std::size_t i = hex ? 2 : 1; i < body.size(); ++i) {
      const char c = body[i];
      std::uint32_t d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = (c | 0x20) - 'a' + 10;
      else return false;
      cp = std::min<std::uint32_t>(cp * (hex ? 16 : 10) + d, 0x110000);
    }
    // CommonMark: NUL and out-of-range references become U+FFFD.
    utf8_append(out, cp == 0 || cp > 0x10FFFF ? replacement_character : cp);
    return true;
  }
  for (const auto& [name, text] : kEntities)
    if (name == body) {
      out.append(text);
      return true;
    }
  return false;
}

bool is_separator(char c) { return c == '\n' || c == '\t'; }

// Builds the document while md4c walks the Markdown.
class Builder {
 public:
  Builder(Document& doc, std::string_view source) : doc_(doc), source_(source) {}

  int enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_DOC:
      case MD_BLOCK_THEAD:
      case MD_BLOCK_TBODY:
        break;
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        separate();
        lists_.push_back(type == MD_BLOCK_OL);
        break;
      case MD_BLOCK_TABLE:
        separate();
        row_ = 0;
        break;
      case MD_BLOCK_TR:
        if (row_++ > 0) append_gap("\n");
        column_ = 0;
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        if (column_++ > 0) append_gap("\t");
        break;
      case MD_BLOCK_CODE:
        separate();
        if (auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail); d && d->lang.size > 0)
          code_lang_ = attribute(d->lang);
        else
          code_lang_.clear();
        in_code_block_ = true;
        code_newline_ = false;
        break;
      case MD_BLOCK_H:
        separate();
        level_ = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
        break;
      default:
        separate();
        break;
    }
    starts_.push_back(doc_.text.size());
    return 0;
  }

  int leave_block(MD_BLOCKTYPE type, void*) {
    const Span span{starts_.back(), content_end()};
    starts_.pop_back();
    switch (type) {
      case MD_BLOCK_P:
        if (!span.empty()) doc_.annotate(annotation::paragraph, span);
        break;
      case MD_BLOCK_H:
        if (span.empty()) break;
        doc_.annotate(annotation::heading, span, Object{{"level", level_}});
        if (level_ == 1 && !title_seen_) {
          title_seen_ = true;
          doc_.annotate(annotation::title, span);
          if (!doc_.metadata.contains("title")) doc_.metadata.set("title", doc_.slice(span));
        }
        break;
      case MD_BLOCK_QUOTE:
        if (!span.empty()) doc_.annotate(annotation::quote, span);
        break;
      case MD_BLOCK_LI:
        if (!span.empty()) doc_.annotate(annotation::list_item, span, Object{{"ordered", static_cast<bool>(lists_.back())}});
        break;
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        lists_.pop_back();
        break;
      case MD_BLOCK_CODE:
        in_code_block_ = false;
        if (span.empty()) break;
        if (code_lang_.empty()) doc_.annotate(annotation::code, span, Object{{"inline", false}});
        else doc_.annotate(annotation::code, span, Object{{"inline", false}, {"language", code_lang_}});
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        if (!span.empty())
          doc_.annotate(annotation::table_cell, span,
                        Object{{"row", row_ - 1}, {"column", column_ - 1}, {"header", type == MD_BLOCK_TH}});
        break;
      default:
        break;
    }
    return 0;
  }

  int enter_span(MD_SPANTYPE type, void* detail) {
    if (type == MD_SPAN_IMG) ++image_depth_;
    if (type == MD_SPAN_A) {
      auto* d = static_cast<MD_SPAN_A_DETAIL*>(detail);
      links_.push_back({doc_.text.size(), attribute(d->href), attribute(d->title)});
    }
    if (type == MD_SPAN_CODE) code_span_start_ = doc_.text.size();
    return 0;
  }

  int leave_span(MD_SPANTYPE type, void*) {
    if (type == MD_SPAN_IMG) --image_depth_;
    if (type == MD_SPAN_A && !links_.empty()) {
      Link link = std::move(links_.back());
      links_.pop_back();
      const Span span{link.start, doc_.text.size()};
      if (!span.empty()) {
        Object features{{"href", std::move(link.href)}};
        if (!link.title.empty()) features.set("title", std::move(link.title));
        doc_.annotate(annotation::link, span, std::move(features));
      }
    }
    if (type == MD_SPAN_CODE && doc_.text.size() > code_span_start_)
      doc_.annotate(annotation::code, Span{code_span_start_, doc_.text.size()}, Object{{"inline", true}});
    return 0;
  }

  int text(MD_TEXTTYPE type, const MD_CHAR* p, MD_SIZE n) {
    // An image's alt text is not part of the rendered prose.
    if (image_depth_ > 0) return 0;
    switch (type) {
      case MD_TEXT_HTML:
        break;  // raw HTML is markup, not prose
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR:
        append_gap("\n");
        break;
      case MD_TEXT_NULLCHAR:
        append_gap("\xEF\xBF\xBD");
        break;
      case MD_TEXT_ENTITY: {
        std::string decoded;
        if (decode_entity(std::string_view(p, n), decoded)) {
          // The decoded character maps onto the start of its reference.
          const std::uint64_t at = doc_.text.size();
          doc_.text.append(decoded);
          if (const auto off = offset_of(p)) doc_.source_map.add(at, *off, std::min<std::uint64_t>(decoded.size(), n));
          mapped_end_ = doc_.text.size();
        } else {
          append_source(p, n);
        }
        break;
      }
      case MD_TEXT_CODE:
        if (in_code_block_) append_code_line(p, n);
        else append_source(p, n);
        break;
      default:
        append_source(p, n);
        break;
    }
    return 0;
  }

  // Drops separators left behind by blocks that turned out empty.
  void finish() {
    doc_.text.resize(content_end());
    mapped_end_ = std::min<std::uint64_t>(mapped_end_, doc_.text.size());
    // A link or code span ending in a space that a block break then removed.
    for (Annotation& a : doc_.annotations) a.span.end = std::min<std::uint64_t>(a.span.end, doc_.text.size());
    std::erase_if(doc_.annotations, [](const Annotation& a) { return a.span.empty(); });
  }

  std::size_t invalid_utf8() const { return invalid_; }
  std::uint64_t first_invalid() const { return first_invalid_; }

 private:
  struct Link {
    std::uint64_t start;
    std::string href;
    std::string title;
  };

  std::optional<std::uint64_t> offset_of(const char* p) const {
    // md4c hands out pointers into the input, except for a few constant strings (soft breaks,
    // code indentation); those are not source text.
    if (p < source_.data() || p > source_.data() + source_.size()) return std::nullopt;
    return static_cast<std::uint64_t>(p - source_.data());
  }

  // Copies source bytes, recording where they came from; invalid UTF-8 becomes U+FFFD.
  void append_source(const char* p, std::size_t n) {
    const auto base = offset_of(p);
    if (!base || *base + n > source_.size()) {
      append_gap(std::string_view(p, n));
      return;
    }
    const std::string_view s(p, n);
    std::size_t run = 0;
    const auto flush = [&](std::size_t end) {
      if (end > run) {
        doc_.source_map.add(doc_.text.size(), *base + run, end - run);
        doc_.text.append(s.substr(run, end - run));
      }
    };
    std::size_t i = 0;
    while (i < n) {
      if (static_cast<unsigned char>(s[i]) < 0x80) {
        ++i;
        continue;
      }
      std::size_t next = i;
      if (utf8_next(s, next) == replacement_character && next == i + 1) {
        flush(i);
        if (invalid_++ == 0) first_invalid_ = *base + i;
        doc_.source_map.add(doc_.text.size(), *base + i, 1);
        doc_.text.append("\xEF\xBF\xBD");
        run = next;
      }
      i = next;
    }
    flush(n);
    mapped_end_ = doc_.text.size();
  }

  // Text the reader adds (separators, line breaks): it maps to the source byte before it.
  void append_gap(std::string_view s) { doc_.text.append(s); }

  // Code block text arrives line by line with its '\n'; the last one is held back so the block
  // does not end in a line break.
  void append_code_line(const char* p, std::size_t n) {
    if (code_newline_) {
      append_gap("\n");
      code_newline_ = false;
    }
    if (n > 0 && p[n - 1] == '\n') {
      code_newline_ = true;
      --n;
    }
    append_source(p, n);
  }

  // A blank line between blocks: "\n\n" after text, nothing at the start or after one already.
  void separate() {
    std::string& t = doc_.text;
    // Spaces before an image or an HTML tag at the end of a block would dangle before the break.
    while (!t.empty() && t.back() == ' ') t.pop_back();
    mapped_end_ = std::min<std::uint64_t>(mapped_end_, t.size());
    if (t.empty() || t.ends_with("\n\n")) return;
    t.append(t.back() == '\n' ? "\n" : "\n\n");
  }

  // The end of the text without trailing spaces and the separators that no source text follows.
  std::uint64_t content_end() const {
    std::uint64_t end = doc_.text.size();
    while (end > 0 && (doc_.text[end - 1] == ' ' || (end > mapped_end_ && is_separator(doc_.text[end - 1])))) --end;
    return end;
  }

  // An attribute's text with its entity references decoded.
  static std::string attribute(const MD_ATTRIBUTE& a) {
    std::string out;
    for (unsigned i = 0; a.substr_offsets && a.substr_offsets[i] < a.size; ++i) {
      const std::string_view part(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
      if (a.substr_types[i] == MD_TEXT_ENTITY) {
        if (!decode_entity(part, out)) out.append(part);
      } else if (a.substr_types[i] == MD_TEXT_NULLCHAR) {
        out.append("\xEF\xBF\xBD");
      } else {
        out.append(part);
      }
    }
    std::string clean;
    utf8_sanitize(out, clean);
    return clean;
  }

  Document& doc_;
  std::string_view source_;
  std::vector<std::uint64_t> starts_;
  std::vector<bool> lists_;  // ordered?
  std::vector<Link> links_;
  std::string code_lang_;
  std::uint64_t mapped_end_ = 0;
  std::uint64_t code_span_start_ = 0;
  std::int64_t row_ = 0;
  std::int64_t column_ = 0;
  unsigned level_ = 0;
  int image_depth_ = 0;
  bool in_code_block_ = false;
  bool code_newline_ = false;
  bool title_seen_ = false;
  std::size_t invalid_ = 0;
  std::uint64_t first_invalid_ = 0;
};

int on_enter_block(MD_BLOCKTYPE t, void* d, void* u) { return static_cast<Builder*>(u)->enter_block(t, d); }
int on_leave_block(MD_BLOCKTYPE t, void* d, void* u) { return static_cast<Builder*>(u)->leave_block(t, d); }
int on_enter_span(MD_SPANTYPE t, void* d, void* u) { return static_cast<Builder*>(u)->enter_span(t, d); }
int on_leave_span(MD_SPANTYPE t, void* d, void* u) { return static_cast<Builder*>(u)->leave_span(t, d); }
int on_text(MD_TEXTTYPE t, const MD_CHAR* p, MD_SIZE n, void* u) { return static_cast<Builder*>(u)->text(t, p, n); }

// Front matter keys that are document metadata under the same name (or the one given).
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kMetadataKeys = {{
    {"title", "title"},
    {"author", "author"},
    {"date", "date"},
    {"tags", "tags"},
    {"description", "description"},
    {"summary", "description"},
    {"language", "language"},
    {"lang", "language"},
}};

void apply_front_matter(const FrontMatter& fm, Document& doc, std::string_view stage, std::string_view uri) {
  Object rest;
  for (const auto& [key, value] : fm.fields) {
    if (value.is_null()) continue;
    const std::string_view name = key;  // clang 14 cannot capture a structured binding
    const auto known = std::find_if(kMetadataKeys.begin(), kMetadataKeys.end(), [&](const auto& k) { return k.first == name; });
    if (known == kMetadataKeys.end()) {
      rest.set(key, value);
    } else if (known->second == "tags" && value.is_string()) {
      doc.metadata.set("tags", Array{value});
    } else if (!doc.metadata.contains(known->second)) {
      doc.metadata.set(known->second, value);
    }
  }
  if (!rest.empty()) doc.metadata.set("front_matter", std::move(rest));
  for (const std::string& why : fm.ignored)
    doc.diagnostics.push_back(
        Diagnostic{Severity::warning, std::string(stage), std::string(uri) + ": front matter " + why + "; ignored"});
}

}  // namespace

std::vector<OptionSpec> MarkdownReader::option_specs() {
  return {
      {.name = "max_bytes",
       .type = OptionType::integer,
       .default_value = kDefaultMaxBytes,
       .description = "Largest input in bytes; larger files are refused",
       .choices = {},
       .minimum = 1,
       .maximum = kMaxInputBytes},
      {.name = "front_matter",
       .type = OptionType::boolean,
       .default_value = true,
       .description = "Read a leading YAML front matter block (key: value and lists) into metadata",
       .choices = {}},
  };
}

MarkdownReader::MarkdownReader(const StageContext& ctx)
    : stage_id_(ctx.stage_id),
      front_matter_(ctx.options.has("front_matter") ? ctx.options.get_bool("front_matter") : true) {
  const std::int64_t max_bytes = ctx.options.has("max_bytes") ? ctx.options.get_int("max_bytes") : kDefaultMaxBytes;
  if (max_bytes <= 0) throw Error("option 'max_bytes' must be positive, not " + std::to_string(max_bytes));
  max_bytes_ = static_cast<std::uint64_t>(max_bytes);
}

void MarkdownReader::read(const Input& input, std::vector<Document>& out) {
  const std::string_view bytes = input.bytes;
  const std::string uri(input.uri);
  // md4c sizes are 32-bit.
  const std::uint64_t limit = std::min<std::uint64_t>(max_bytes_, std::numeric_limits<MD_SIZE>::max() - 1);
  if (bytes.size() > limit)
    throw Error(std::to_string(bytes.size()) + " bytes is more than the markdown reader's max_bytes limit of " +
                std::to_string(limit) + " bytes");
  // CommonMark would turn NUL into U+FFFD, but a NUL in a .md file means it is not text at all.
  if (const auto nul = bytes.find('\0'); nul != std::string_view::npos)
    throw Error(std::string("binary file (NUL byte at offset ") + std::to_string(nul) + "), not Markdown");

  Document doc;
  doc.id = std::string(input.id);
  doc.source_uri = uri;
  doc.media_type = "text/markdown";
  doc.source_map.set_source_lines(bytes);

  std::size_t body = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (front_matter_) {
    const FrontMatter fm = parse_front_matter(bytes.substr(body));
    apply_front_matter(fm, doc, stage_id_, uri);
    body += fm.end;
  }

  // md4c 0.4.8 (Debian 12) reads past the end of its input when the text ends inside an inline
  // construct, e.g. "[a](b" (found by tests/fuzz/markdown_fuzz.cpp). Ending the text with a line
  // break stops those scans, and line breaks past the end keep any other over-read inside the
  // buffer. Offsets into the copy are offsets into the file.
  std::string buffer;
  buffer.reserve(bytes.size() + 1 + kReadPadding);
  buffer.append(bytes);
  if (!buffer.ends_with('\n')) buffer.push_back('\n');
  const std::size_t parse_size = buffer.size();
  buffer.append(kReadPadding, '\n');

  Builder builder(doc, std::string_view(buffer.data(), bytes.size()));
  const MD_PARSER parser{0,       kFlags,  on_enter_block, on_leave_block, on_enter_span, on_leave_span,
                         on_text, nullptr, nullptr};
  if (md_parse(buffer.data() + body, static_cast<MD_SIZE>(parse_size - body), &parser, &builder) != 0)
    throw Error("the Markdown parser failed (out of memory)");
  builder.finish();

  if (builder.invalid_utf8() > 0)
    doc.diagnostics.push_back(Diagnostic{Severity::warning, stage_id_,
                                         uri + ": " + std::to_string(builder.invalid_utf8()) +
                                             " invalid UTF-8 sequence(s) replaced with U+FFFD, first at byte offset " +
                                             std::to_string(builder.first_invalid())});
  if (doc.text.empty()) doc.diagnostics.push_back(Diagnostic{Severity::warning, stage_id_, uri + ": no text"});
  out.push_back(std::move(doc));
}

}  // namespace docpipe::plugins
