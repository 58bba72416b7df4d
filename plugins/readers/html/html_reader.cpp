#include "html_reader.hpp"

#include <gumbo.h>
#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include <memory>
#include <string>

#include "docpipe/text.hpp"
#include "html_dom.hpp"
#include "html_extract.hpp"

namespace docpipe::plugins::html {
namespace {
// The largest max_bytes accepted: 1 TiB, beyond any file the host would read whole.
constexpr double kMaxInputBytes = 1099511627776.0;

struct GumboDeleter {
  void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

std::size_t max_element_depth(const GumboNode* root, std::size_t limit) {
  std::vector<std::pair<const GumboNode*, std::size_t>> stack{{root, 1}};
  std::size_t deepest = 0;
  while (!stack.empty()) {
    auto [n, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (deepest > limit) return deepest;
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(kids.data[i]);
      if (c->type == GUMBO_NODE_ELEMENT || c->type == GUMBO_NODE_TEMPLATE) stack.emplace_back(c, depth + 1);
    }
  }
  return deepest;
}

bool starts_with_ci(std::string_view s, std::size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(s[pos + k])) != prefix[k]) return false;
  return true;
}

// Elements that never nest: void elements and those whose start tag closes an open sibling.
bool never_nests(std::string_view name) {
  static constexpr std::string_view names[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
      "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
      "colgroup", "rb", "rt", "rtc", "rp", "html", "head", "body", "basefont", "bgsound", "frame", "keygen"};
  for (auto n : names)
    if (n == name) return true;
  return false;
}

// Estimates element nesting from the raw bytes, so that pathological input is refused before
// the parser, whose cost grows with the square of the depth, spends minutes on it.
std::size_t estimated_depth(std::string_view s) {
  std::size_t depth = 0, deepest = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '<') continue;
    if (s.compare(i, 4, "<!--") == 0) {
      const std::size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 2;
      continue;
    }
    const bool closing = s[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    if (j >= s.size() || !std::isalpha(static_cast<unsigned char>(s[j]))) continue;
    std::string name;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-') && name.size() < 32)
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(s[j++])));
    const std::size_t end = s.find('>', j);
    if (end == std::string_view::npos) break;
    if (never_nests(name)) {
      i = end;
      continue;
    }
    if (closing) {
      if (depth > 0) --depth;
      i = end;
      continue;
    }
    if (name == "script" || name == "style" || name == "textarea" || name == "title" || name == "xmp" ||
        name == "iframe" || name == "noembed" || name == "noframes") {
      // Raw text: tags inside are not tags.
      std::size_t close = end;
      while ((close = s.find("</", close + 1)) != std::string_view::npos && !starts_with_ci(s, close + 2, name)) {
      }
      if (close == std::string_view::npos) break;
      i = close + 1;
      continue;
    }
    if (s[end - 1] != '/') deepest = std::max(deepest, ++depth);
    i = end;
  }
  return deepest;
}

// The charset a page declares in its first bytes (<meta charset> or http-equiv), lower case.
std::string declared_charset(std::string_view html) {
  const std::string head = [&] {
    std::string h(html.substr(0, 2048));
    for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return h;
  }();
  const std::size_t pos = head.find("charset=");
  if (pos == std::string::npos) return {};
  std::size_t i = pos + 8;
  while (i < head.size() && (head[i] == '"' || head[i] == '\'' || head[i] == ' ')) ++i;
  std::string name;
  while (i < head.size() && (std::isalnum(static_cast<unsigned char>(head[i])) || head[i] == '-' || head[i] == '_' ||
                             head[i] == ':' || head[i] == '.'))
    name += head[i++];
  return name;
}

// The encoding to read bytes that are not UTF-8 in: the declared one, or windows-1252 (what
// browsers assume for undeclared Western pages) when no valid multi-byte UTF-8 occurs at all.
// "" means: treat as UTF-8 with a few broken bytes.
std::string legacy_charset(std::string_view html) {
  std::string declared = declared_charset(html);
  if (declared == "utf-8" || declared == "utf8") return {};
  // The HTML standard reads these labels as windows-1252.
  if (declared == "iso-8859-1" || declared == "latin1" || declared == "us-ascii" || declared == "ascii" ||
      declared == "l1" || declared == "cp1252")
    declared = "windows-1252";
  if (!declared.empty()) return declared;
  for (std::size_t i = 0; i < html.size();) {
    const auto c = static_cast<unsigned char>(html[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (utf8_next(html, i) != replacement_character || html.compare(start, 3, "\xEF\xBF\xBD") == 0) return {};
  }
  return "windows-1252";
}

// Converts bytes in charset to UTF-8, recording for every output byte the input offset of the
// character it came from. False when ICU does not know the charset.
bool to_utf8(std::string_view in, const std::string& charset, std::string& out, std::vector<std::uint32_t>& source_of) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &err);
  if (U_FAILURE(err) || !conv) return false;
  std::vector<UChar> units(in.size() * 2 + 16);
  std::vector<int32_t> offsets(units.size());
  UChar* target = units.data();
  const char* src = in.data();
  ucnv_toUnicode(conv, &target, units.data() + units.size(), &src, in.data() + in.size(), offsets.data(), true, &err);
  ucnv_close(conv);
  if (U_FAILURE(err)) return false;
  const std::size_t n = static_cast<std::size_t>(target - units.data());
  out.clear();
  source_of.clear();
  for (std::size_t i = 0; i < n; ++i) {
    char32_t cp = units[i];
    const int32_t at = offsets[i];
    if (U16_IS_LEAD(units[i]) && i + 1 < n && U16_IS_TRAIL(units[i + 1])) {
      cp = U16_GET_SUPPLEMENTARY(units[i], units[i + 1]);
      ++i;
    }
    const std::size_t before = out.size();
    utf8_append(out, cp);
    source_of.insert(source_of.end(), out.size() - before, static_cast<std::uint32_t>(std::max(at, 0)));
  }
  return true;
}

void set_if(Object& md, std::string_view key, const std::string& value) {
  if (!value.empty()) md.set(key, Value(value));
}

}  // namespace

HtmlOptions html_options(const Options& options) {
  HtmlOptions o;
  if (options.has("max_bytes") && !options.get("max_bytes").is_null()) {
    const auto v = options.get_int("max_bytes");
    if (v <= 0) throw Error("html: max_bytes must be positive, got " + std::to_string(v));
    o.max_bytes = static_cast<std::uint64_t>(v);
  }
  if (options.has("max_depth") && !options.get("max_depth").is_null()) {
    const auto v = options.get_int("max_depth");
    if (v <= 0) throw Error("html: max_depth must be positive, got " + std::to_string(v));
    o.max_depth = static_cast<std::uint64_t>(v);
  }
  if (options.has("extract") && !options.get("extract").is_null()) {
    const std::string& mode = options.get_string("extract");
    if (mode != "article" && mode != "all")
      throw Error("html: extract must be \"article\" or \"all\", got \"" + mode + "\"");
    o.article = mode == "article";
  }
  return o;
}

void read_html(std::string_view html, const HtmlOptions& options, Document& doc) {
  if (html.size() > options.max_bytes)
    throw Error("HTML input of " + std::to_string(html.size()) + " bytes exceeds max_bytes (" +
                std::to_string(options.max_bytes) + ")");
  std::size_t base = 0;
  if (html.substr(0, 3) == "\xEF\xBB\xBF") base = 3;
  std::string_view body = html.substr(base);
  // Pages in a legacy encoding are converted; source_of maps each converted byte back.
  std::string converted;
  std::vector<std::uint32_t> source_of;
  std::string encoding = "utf-8";
  if (!utf8_valid(body)) {
    const std::string charset = legacy_charset(body);
    if (!charset.empty() && to_utf8(body, charset, converted, source_of)) {
      for (auto& o : source_of) o += static_cast<std::uint32_t>(base);
      body = converted;
      encoding = charset;
    } else {
      std::string repaired;
      const Utf8Repair r = utf8_sanitize(body, repaired);
      doc.diagnostics.push_back({Severity::warning, "",
                                 "invalid UTF-8 replaced with U+FFFD (" + std::to_string(r.invalid_sequences) +
                                     " sequences, first at byte " + std::to_string(r.first_invalid_offset + base) +
                                     ")"});
    }
  }

  // Unclosed tags inflate the estimate, so only a count well past the limit refuses here; the
  // exact check runs on the parsed tree below.
  if (estimated_depth(body) > std::max<std::uint64_t>(options.max_depth * 2, options.max_depth + 1024))
    throw Error("HTML nesting too deep (more than " + std::to_string(options.max_depth) + " levels)");

  GumboOptions gopt = kGumboDefaultOptions;
  gopt.max_errors = 0;  // parse errors are not reported, so do not collect them
  std::unique_ptr<GumboOutput, GumboDeleter> out(gumbo_parse_with_options(&gopt, body.data(), body.size()));
  if (!out) throw Error("HTML parser failed");
  const std::size_t depth = max_element_depth(out->root, options.max_depth);
  if (depth > options.max_depth)
    throw Error("HTML nesting too deep (more than " + std::to_string(options.max_depth) +
                " levels; raise max_depth to accept it)");

  Tree tree(*out);
  const PageMetadata md = read_metadata(tree);

  doc.text.clear();
  Renderer renderer(doc, base, source_of.empty() ? nullptr : &source_of);
  std::string byline = md.byline;
  if (options.article) {
    ArticleExtractor extractor(*out, md.title);
    if (const Node* article = extractor.run()) renderer.render(article);
    if (byline.empty()) byline = extractor.byline();
  } else {
    Node* root = tree.body() ? tree.body() : tree.root();
    if (root && !md.title.empty()) {
      for (Node* h : descendants(root, {GUMBO_TAG_H1}))
        if (text_similarity(md.title, inner_text(h)) > 0.75) {
          renderer.set_title_node(h);
          break;
        }
    }
    if (root) renderer.render(root);
  }
  renderer.finish();
  doc.source_map.set_source_lines(html);

  Object& m = doc.metadata;
  set_if(m, "title", md.title);
  set_if(m, "author", byline);
  if (md.authors.size() > 1) {
    Array authors;
    for (const auto& a : md.authors) authors.emplace_back(a);
    m.set("authors", Value(std::move(authors)));
  }
  set_if(m, "date", md.date);
  set_if(m, "language", md.language);
  set_if(m, "site_name", md.site_name);
  set_if(m, "description", md.description);
  set_if(m, "encoding", encoding);
  m.set("extract", Value(options.article ? "article" : "all"));
  if (doc.text.empty())
    doc.diagnostics.push_back({Severity::warning, "", "no visible text found in the HTML"});
}

std::vector<OptionSpec> HtmlReader::option_specs() {
  const HtmlOptions defaults;
  return {{.name = "max_bytes", .type = OptionType::integer, .default_value = Value(defaults.max_bytes),
           .description = "refuse inputs larger than this many bytes", .choices = {},
           .minimum = 1, .maximum = kMaxInputBytes},
          {.name = "extract", .type = OptionType::string, .default_value = "article",
           .description = "\"article\": the main content only; \"all\": all visible text",
           .choices = {"article", "all"}},
          {.name = "max_depth", .type = OptionType::integer, .default_value = Value(defaults.max_depth),
           .description = "refuse pages whose elements nest deeper than this", .choices = {},
           // The DOM is walked recursively; deeper limits would let a page exhaust the stack.
           .minimum = 1, .maximum = 4096}};
}

HtmlReader::HtmlReader(const StageContext& context) : options_(html_options(context.options)) {}

void HtmlReader::read(const Input& input, std::vector<Document>& out) {
  Document doc;
  doc.id = std::string(input.id);
  doc.source_uri = std::string(input.uri);
  doc.media_type = "text/html";
  read_html(input.bytes, options_, doc);
  out.push_back(std::move(doc));
}

}  // namespace docpipe::plugins::html
