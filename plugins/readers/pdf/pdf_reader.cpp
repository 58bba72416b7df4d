#include "pdf_reader.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>

#include "docpipe/text.hpp"

namespace docpipe::plugins {
namespace {

constexpr std::int64_t kDefaultMaxBytes = 256LL * 1024 * 1024;
// The largest max_bytes accepted: 1 TiB, beyond any file the host would read whole.
constexpr double kMaxInputBytes = 1099511627776.0;
constexpr std::int64_t kDefaultMaxPages = 5000;
constexpr std::int64_t kDefaultRunningMinPages = 3;
// Where the header and trailer must sit: the PDF spec asks for them at the very start and end,
// and real writers stray by at most a few hundred bytes of junk.
constexpr std::size_t kMarkerWindow = 1024;
// A heading is set at least this much larger than the body text.
constexpr double kHeadingScale = 1.15;
constexpr std::size_t kHeadingMaxBytes = 200;

// poppler reports problems through one process-wide callback; each reading thread collects its own.
thread_local std::vector<std::string>* t_problems = nullptr;

void collect_problem(const std::string& message, void*) {
  if (t_problems && t_problems->size() < 100) t_problems->push_back(message);
}

void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(collect_problem, nullptr); });
}

std::string utf8(const poppler::ustring& s) {
  const poppler::byte_array bytes = s.to_utf8();
  std::string raw(bytes.begin(), bytes.end());
  std::string clean;
  utf8_sanitize(raw, clean);
  return clean;
}

struct Line {
  std::string text;
  double top = 0, bottom = 0;
  double font_size = 0;
};

struct Block {
  std::vector<Line> lines;
  bool running = false;  // a running header or footer
  bool header = false;
};

struct Page {
  std::vector<Block> blocks;
};

// Groups poppler's words (already in reading order) into lines: a word starts a new line when
// its vertical middle leaves the current line's band.
std::vector<Line> lines_of(const std::vector<poppler::text_box>& boxes) {
  std::vector<Line> lines;
  bool space_pending = false;
  for (const poppler::text_box& box : boxes) {
    const poppler::rectf r = box.bbox();
    const double middle = (r.top() + r.bottom()) / 2;
    const std::string word = utf8(box.text());
    if (word.empty()) continue;
    // No test on x: right-to-left scripts run leftwards, and poppler's order already puts a
    // second column after the first.
    if (lines.empty() || middle < lines.back().top || middle > lines.back().bottom) {
      lines.push_back(Line{word, r.top(), r.bottom(), box.has_font_info() ? box.get_font_size() : r.height()});
    } else {
      Line& l = lines.back();
      if (space_pending) l.text.push_back(' ');
      l.text += word;
      l.top = std::min(l.top, r.top());
      l.bottom = std::max(l.bottom, r.bottom());
      if (box.has_font_info()) l.font_size = std::max(l.font_size, box.get_font_size());
    }
    space_pending = box.has_space_after();
  }
  return lines;
}

// Paragraphs: a gap wider than a fraction of the line height or a change of font size ends one.
std::vector<Block> blocks_of(const std::vector<Line>& lines) {
  std::vector<Block> blocks;
  for (const Line& l : lines) {
    if (!blocks.empty()) {
      const Line& prev = blocks.back().lines.back();
      const double height = std::max(prev.bottom - prev.top, 1.0);
      const bool gap = l.top - prev.bottom > 0.5 * height || l.top < prev.top;
      const bool size_change = std::abs(l.font_size - prev.font_size) > 0.1 * std::max(prev.font_size, 1.0);
      if (!gap && !size_change) {
        blocks.back().lines.push_back(l);
        continue;
      }
    }
    blocks.push_back(Block{{l}});
  }
  return blocks;
}

// Running headers differ page to page only in their numbers ("Page 3 of 9").
std::string running_key(const Block& b) {
  std::string key;
  for (const Line& l : b.lines) {
    for (const char c : l.text) {
      if (c >= '0' && c <= '9') {
        if (key.empty() || key.back() != '#') key.push_back('#');
      } else if (c == ' ') {
        if (!key.empty() && key.back() != ' ') key.push_back(' ');
      } else {
        key.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      }
    }
    key.push_back(' ');
  }
  return key;
}

// Marks the first and last block of each page when the same text (numbers aside) opens or closes
// more than half of the pages.
void mark_running(std::vector<Page>& pages, std::int64_t min_pages) {
  if (static_cast<std::int64_t>(pages.size()) < min_pages) return;
  for (const bool header : {true, false}) {
    std::map<std::string, std::size_t> count;
    for (const Page& p : pages)
      if (!p.blocks.empty()) ++count[running_key(header ? p.blocks.front() : p.blocks.back())];
    for (Page& p : pages) {
      if (p.blocks.size() < 2) continue;  // a page that is all header is content
      Block& b = header ? p.blocks.front() : p.blocks.back();
      if (b.running) continue;
      if (count[running_key(b)] * 2 > pages.size()) {
        b.running = true;
        b.header = header;
      }
    }
  }
}

bool ends_with_hyphen_after_letter(std::string_view s) {
  if (s.size() < 2 || s.back() != '-') return false;
  const auto c = static_cast<unsigned char>(s[s.size() - 2]);
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? true : c >= 0x80;
}

bool starts_lower(std::string_view s) {
  std::size_t pos = 0;
  const char32_t c = s.empty() ? 0 : utf8_next(s, pos);
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

std::string iso_date(time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The first dc:language entry of the XMP packet: poppler-cpp does not expose the catalog's /Lang,
// and writers that set one usually put it in XMP as well.
std::string xmp_language(std::string_view xmp) {
  auto at = xmp.find("<dc:language");
  if (at == std::string_view::npos) return {};
  at = xmp.find("<rdf:li", at);
  if (at == std::string_view::npos || (at = xmp.find('>', at)) == std::string_view::npos) return {};
  const auto end = xmp.find('<', at);
  if (end == std::string_view::npos) return {};
  std::string_view lang = xmp.substr(at + 1, end - at - 1);
  while (!lang.empty() && (lang.front() == ' ' || lang.front() == '\n')) lang.remove_prefix(1);
  while (!lang.empty() && (lang.back() == ' ' || lang.back() == '\n')) lang.remove_suffix(1);
  return std::string(lang.substr(0, 64));
}

std::int64_t int_option(const Options& o, std::string_view name, std::int64_t fallback) {
  const std::int64_t v = o.has(name) ? o.get_int(name) : fallback;
  if (v <= 0) throw Error("option '" + std::string(name) + "' must be positive, not " + std::to_string(v));
  return v;
}

bool within(std::string_view bytes, std::string_view marker, bool at_end) {
  const std::size_t n = std::min(bytes.size(), kMarkerWindow);
  return (at_end ? bytes.substr(bytes.size() - n) : bytes.substr(0, n)).find(marker) != std::string_view::npos;
}

}  // namespace

std::vector<OptionSpec> PdfReader::option_specs() {
  return {
      {.name = "max_bytes",
       .type = OptionType::integer,
       .default_value = kDefaultMaxBytes,
       .description = "Largest PDF file in bytes; larger files are refused",
       .choices = {},
       .minimum = 1,
       .maximum = kMaxInputBytes},
      {.name = "max_pages",
       .type = OptionType::integer,
       .default_value = kDefaultMaxPages,
       .description = "Most pages a PDF may have; longer ones are refused",
       .choices = {},
       .minimum = 1,
       .maximum = 1'000'000},
      {.name = "allow_encrypted",
       .type = OptionType::boolean,
       .default_value = false,
       .description = "Read encrypted PDFs that open without a password (owner-password only); "
                      "PDFs that need a password are always refused",
       .choices = {}},
      {.name = "join_hyphens",
       .type = OptionType::boolean,
       .default_value = true,
       .description = "Join words hyphenated across a line break (\"inno-\" + \"vation\" -> \"innovation\")",
       .choices = {}},
      {.name = "running_min_pages",
       .type = OptionType::integer,
       .default_value = kDefaultRunningMinPages,
       .description = "Fewest pages a PDF needs before lines repeating at the top or bottom of most pages are "
                      "marked as running headers and footers",
       .choices = {},
       .minimum = 2,
       .maximum = 1'000'000},
  };
}

PdfReader::PdfReader(const StageContext& ctx)
    : stage_id_(ctx.stage_id),
      max_bytes_(static_cast<std::uint64_t>(int_option(ctx.options, "max_bytes", kDefaultMaxBytes))),
      max_pages_(int_option(ctx.options, "max_pages", kDefaultMaxPages)),
      running_min_pages_(int_option(ctx.options, "running_min_pages", kDefaultRunningMinPages)),
      allow_encrypted_(ctx.options.has("allow_encrypted") && ctx.options.get_bool("allow_encrypted")),
      join_hyphens_(!ctx.options.has("join_hyphens") || ctx.options.get_bool("join_hyphens")) {
  silence_poppler();
}

void PdfReader::read(const Input& input, std::vector<Document>& out) {
  const std::string_view bytes = input.bytes;
  const std::string uri(input.uri);
  const std::uint64_t limit = std::min<std::uint64_t>(max_bytes_, std::numeric_limits<int>::max());
  if (bytes.size() > limit)
    throw Error(std::to_string(bytes.size()) + " bytes is more than the pdf reader's max_bytes limit of " +
                std::to_string(limit) + " bytes");
  if (!within(bytes, "%PDF-", false)) throw Error("not a PDF file (no %PDF- header)");
  // poppler rebuilds damaged files as best it can, so a cut-off download would quietly lose pages.
  if (!within(bytes, "%%EOF", true)) throw Error("truncated PDF (no %%EOF marker at the end of the file)");

  std::vector<std::string> problems;
  t_problems = &problems;
  struct Reset {
    ~Reset() { t_problems = nullptr; }
  } reset;

  const std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf)
    throw Error(std::string("corrupt PDF, poppler cannot open it") + (problems.empty() ? "" : " (" + problems.front() + ")"));
  if (pdf->is_locked()) throw Error("encrypted PDF that needs a password; not read");
  if (pdf->is_encrypted() && !allow_encrypted_)
    throw Error("encrypted PDF (it opens without a password; set allow_encrypted = true to read it)");
  const int page_count = pdf->pages();
  if (page_count > max_pages_)
    throw Error(std::to_string(page_count) + " pages is more than the max_pages limit of " +
                std::to_string(max_pages_));

  Document doc;
  doc.id = std::string(input.id);
  doc.source_uri = uri;
  doc.media_type = "application/pdf";
  doc.metadata.set("page_count", page_count);
  static constexpr std::pair<std::string_view, std::string_view> kInfo[] = {
      {"Title", "title"},     {"Author", "author"},   {"Subject", "description"},
      {"Keywords", "keywords"}, {"Creator", "creator"}, {"Producer", "producer"},
  };
  for (const auto& [key, name] : kInfo)
    if (std::string v = utf8(pdf->info_key(std::string(key))); !v.empty()) doc.metadata.set(name, std::move(v));
  if (const time_t created = pdf->info_date_t("CreationDate"); created > 0) doc.metadata.set("date", iso_date(created));
  if (std::string lang = xmp_language(utf8(pdf->metadata())); !lang.empty()) doc.metadata.set("language", std::move(lang));

  std::vector<Page> pages(static_cast<std::size_t>(page_count));
  std::map<long, std::size_t> size_chars;  // font size (tenths) -> characters set in it
  for (int i = 0; i < page_count; ++i) {
    const std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) {
      doc.diagnostics.push_back(Diagnostic{Severity::warning, stage_id_, uri + ": page " + std::to_string(i + 1) + " cannot be read"});
      continue;
    }
    pages[i].blocks = blocks_of(lines_of(page->text_list(poppler::page::text_list_include_font)));
    for (const Block& b : pages[i].blocks)
      for (const Line& l : b.lines) size_chars[std::lround(l.font_size * 10)] += l.text.size();
  }
  mark_running(pages, running_min_pages_);

  // The body size is the one most text is set in; larger, short blocks are headings, ranked by size.
  long body_size = 0;
  std::size_t most = 0;
  for (const auto& [size, chars] : size_chars)
    if (chars > most) most = chars, body_size = size;
  std::set<long, std::greater<>> heading_sizes;
  const auto heading_size = [&](const Block& b) -> long {
    const long size = std::lround(b.lines.front().font_size * 10);
    std::size_t chars = 0;
    for (const Line& l : b.lines) chars += l.text.size();
    return !b.running && b.lines.size() <= 2 && chars <= kHeadingMaxBytes && size >= body_size * kHeadingScale ? size : 0;
  };
  for (const Page& p : pages)
    for (const Block& b : p.blocks)
      if (const long s = heading_size(b)) heading_sizes.insert(s);

  bool title_done = false;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (!doc.text.empty() && !doc.text.ends_with("\n\n")) doc.text.append("\n\n");
    const std::uint64_t page_start = doc.text.size();
    doc.source_map.add_page(page_start, i + 1);
    for (const Block& b : pages[i].blocks) {
      if (doc.text.size() > page_start) doc.text.append("\n\n");
      const std::uint64_t start = doc.text.size();
      for (std::size_t k = 0; k < b.lines.size(); ++k) {
        const std::string& line = b.lines[k].text;
        if (k > 0) {
          if (join_hyphens_ && ends_with_hyphen_after_letter(doc.text) && starts_lower(line)) doc.text.pop_back();
          else doc.text.push_back('\n');
        }
        doc.text += line;
      }
      const Span span{start, doc.text.size()};
      if (b.running) {
        doc.annotate(annotation::boilerplate, span, Object{{"reason", b.header ? "running header" : "running footer"}});
      } else if (const long s = heading_size(b)) {
        const auto level = std::distance(heading_sizes.begin(), heading_sizes.find(s)) + 1;
        doc.annotate(annotation::heading, span, Object{{"level", std::min<long>(level, 6)}});
        // The largest heading on the first page names the document.
        if (!title_done && i == 0 && level == 1) {
          title_done = true;
          doc.annotate(annotation::title, span);
          if (!doc.metadata.contains("title")) doc.metadata.set("title", doc.slice(span));
        }
      } else {
        doc.annotate(annotation::paragraph, span);
      }
    }
    if (doc.text.size() > page_start)
      doc.annotate(annotation::page, Span{page_start, doc.text.size()}, Object{{"number", static_cast<std::int64_t>(i + 1)}});
  }

  while (doc.text.ends_with('\n')) doc.text.pop_back();  // after empty last pages

  if (!problems.empty())
    doc.diagnostics.push_back(Diagnostic{Severity::warning, stage_id_,
                                         uri + ": poppler met " + std::to_string(problems.size()) +
                                             " problem(s) in the PDF; the text may be incomplete. The first: " +
                                             problems.front()});
  if (doc.text.empty())
    doc.diagnostics.push_back(
        Diagnostic{Severity::warning, stage_id_, uri + ": no text (a scanned PDF without a text layer?)"});
  out.push_back(std::move(doc));
}

}  // namespace docpipe::plugins
