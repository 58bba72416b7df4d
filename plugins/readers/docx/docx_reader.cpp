#include "docx_reader.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>

#include "docpipe/text.hpp"

namespace docpipe::plugins {
namespace {

constexpr std::int64_t kDefaultMaxBytes = 64LL * 1024 * 1024;
// The largest max_bytes accepted: 1 TiB, beyond any file the host would read whole.
constexpr double kMaxInputBytes = 1099511627776.0;
constexpr std::int64_t kDefaultMaxEntries = 10000;
constexpr std::int64_t kDefaultMaxUncompressed = 256LL * 1024 * 1024;
// Word nests a handful of levels (sdt in hyperlink in smartTag ...); thousands means a hostile file.
constexpr int kMaxDepth = 200;
constexpr std::size_t kMaxOpenFields = 64;

constexpr std::string_view kRelOfficeDocument = "/officeDocument";
constexpr std::string_view kRelCoreProperties = "/core-properties";
constexpr std::string_view kRelExtendedProperties = "/extended-properties";

// Word documents use the "w:" prefix by convention only, so elements are matched by local name.
std::string_view local(const char* name) {
  const std::string_view n(name);
  const auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}
std::string_view local(const pugi::xml_node& n) { return local(n.name()); }

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local(c) == name) return c;
  return {};
}

std::string_view attr(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute())
    if (local(a.name()) == name) return a.value();
  return {};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// A relationship target resolved against the folder of the part that names it.
std::string resolve_target(std::string_view base_dir, std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  std::string dir(base_dir);
  while (target.starts_with("../")) {
    target.remove_prefix(3);
    const auto slash = dir.find_last_of('/', dir.size() >= 2 ? dir.size() - 2 : 0);
    dir = slash == std::string::npos ? "" : dir.substr(0, slash + 1);
  }
  return dir + std::string(target);
}

struct Relationship {
  std::string type;
  std::string target;
  bool external = false;
};
using Relationships = std::map<std::string, Relationship, std::less<>>;

class Part {
 public:
  // Parses an XML part in place; the text stays owned here.
  Part(std::string name, std::string data) : name_(std::move(name)), data_(std::move(data)) {
    const pugi::xml_parse_result r = xml_.load_buffer_inplace(data_.data(), data_.size(),
                                                              pugi::parse_default | pugi::parse_ws_pcdata,
                                                              pugi::encoding_auto);
    if (!r)
      throw Error(name_ + ": malformed XML at byte " + std::to_string(r.offset) + ": " + r.description());
  }
  Part(const Part&) = delete;
  pugi::xml_node root() const { return xml_.document_element(); }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::string data_;
  pugi::xml_document xml_;
};

class Package {
 public:
  Package(std::string_view bytes, ZipLimits limits) : zip_(bytes, limits) {}

  std::optional<Part> part(const std::string& name) {
    auto data = zip_.read(name);
    if (!data) return std::nullopt;
    return std::optional<Part>(std::in_place, name, std::move(*data));
  }

  // The relationships of a part ("" for the package itself).
  Relationships relationships(const std::string& part_name) {
    const auto slash = part_name.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "" : part_name.substr(0, slash + 1);
    const std::string file = slash == std::string::npos ? part_name : part_name.substr(slash + 1);
    Relationships rels;
    auto p = part(dir + "_rels/" + file + ".rels");
    if (!p) return rels;
    for (pugi::xml_node r = p->root().first_child(); r; r = r.next_sibling()) {
      if (local(r) != "Relationship") continue;
      const bool external = attr(r, "TargetMode") == "External";
      const std::string_view target = attr(r, "Target");
      rels.emplace(std::string(attr(r, "Id")),
                   Relationship{std::string(attr(r, "Type")),
                                external ? std::string(target) : resolve_target(dir, target), external});
    }
    return rels;
  }

 private:
  ZipArchive zip_;
};

std::optional<std::string> target_of(const Relationships& rels, std::string_view type_suffix) {
  for (const auto& [id, rel] : rels)
    if (!rel.external && rel.type.ends_with(type_suffix)) return rel.target;
  return std::nullopt;
}

struct Style {
  std::string name;  // lower case
  std::string based_on;
  int outline = -1;
  std::string num_id;
};

// What a paragraph's properties and style chain make of it.
struct ParagraphKind {
  int heading = 0;
  bool title = false;
  bool list = false;
  int list_level = 0;
  std::string num_id;
};

class Builder {
 public:
  Builder(Document& doc, const Relationships& rels) : doc_(doc), rels_(rels) {}

  void load_styles(const pugi::xml_node& root) {
    // The document's default language, for files whose core properties do not name one.
    default_language_ = attr(child(child(child(child(root, "docDefaults"), "rPrDefault"), "rPr"), "lang"), "val");
    for (pugi::xml_node s = root.first_child(); s; s = s.next_sibling()) {
      if (local(s) != "style" || attr(s, "type") != "paragraph") continue;
      Style style;
      style.name = lower(attr(child(s, "name"), "val"));
      style.based_on = attr(child(s, "basedOn"), "val");
      const pugi::xml_node ppr = child(s, "pPr");
      if (const std::string_view o = attr(child(ppr, "outlineLvl"), "val"); !o.empty()) style.outline = std::atoi(std::string(o).c_str());
      style.num_id = attr(child(child(ppr, "numPr"), "numId"), "val");
      styles_.emplace(std::string(attr(s, "styleId")), std::move(style));
    }
  }

  void load_numbering(const pugi::xml_node& root) {
    std::map<std::string, std::map<int, bool>> abstract_ordered;  // abstractNumId -> level -> ordered
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
      if (local(n) == "abstractNum") {
        auto& levels = abstract_ordered[std::string(attr(n, "abstractNumId"))];
        for (pugi::xml_node l = n.first_child(); l; l = l.next_sibling()) {
          if (local(l) != "lvl") continue;
          const std::string_view fmt = attr(child(l, "numFmt"), "val");
          levels[std::atoi(std::string(attr(l, "ilvl")).c_str())] = !fmt.empty() && fmt != "bullet" && fmt != "none";
        }
      }
    }
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling())
      if (local(n) == "num")
        if (auto it = abstract_ordered.find(std::string(attr(child(n, "abstractNumId"), "val"))); it != abstract_ordered.end())
          ordered_[std::string(attr(n, "numId"))] = it->second;
  }

  void body(const pugi::xml_node& node, int depth = 0) {
    guard(depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = local(c);
      if (name == "p") paragraph(c, depth + 1);
      else if (name == "tbl") table(c, depth + 1);
      else if (name == "sdt") body(child(c, "sdtContent"), depth + 1);
      else if (name == "customXml" || name == "ins" || name == "moveTo") body(c, depth + 1);
    }
  }

  void footnotes(const pugi::xml_node& root) {
    int number = 0;
    for (pugi::xml_node f = root.first_child(); f; f = f.next_sibling()) {
      // Separator "footnotes" are the rule above the notes, not content.
      if (local(f) != "footnote" || !attr(f, "type").empty()) continue;
      separate();
      const std::uint64_t start = doc_.text.size();
      const std::string id(attr(f, "id"));
      for (pugi::xml_node p = f.first_child(); p; p = p.next_sibling())
        if (local(p) == "p") block_paragraph(p, 1, Object{{"footnote", id}});
      const Span span = trimmed(start);
      if (!span.empty()) doc_.annotate("footnote", span, Object{{"id", id}, {"number", ++number}});
    }
  }

  /// The language of the document's default run properties, or "".
  const std::string& default_language() const { return default_language_; }
  /// The text of the first paragraph styled Title, the fallback for the title metadata.
  const std::optional<std::string>& title() const { return title_; }

  void finish() {
    while (!doc_.text.empty() && (doc_.text.back() == '\n' || doc_.text.back() == '\t' || doc_.text.back() == ' '))
      doc_.text.pop_back();
  }

 private:
  struct Field {
    bool in_instruction = true;
    std::string instruction;
    std::optional<std::uint64_t> link_start;
    std::string href;
  };

  void guard(int depth) const {
    if (depth > kMaxDepth) throw Error("the document's XML is nested more than " + std::to_string(kMaxDepth) + " levels deep");
  }

  ParagraphKind kind_of(const pugi::xml_node& p) const {
    ParagraphKind k;
    const pugi::xml_node ppr = child(p, "pPr");
    const pugi::xml_node num = child(ppr, "numPr");
    k.num_id = attr(child(num, "numId"), "val");
    k.list_level = std::atoi(std::string(attr(child(num, "ilvl"), "val")).c_str());
    int outline = -1;
    if (const std::string_view o = attr(child(ppr, "outlineLvl"), "val"); !o.empty()) outline = std::atoi(std::string(o).c_str());
    std::string id(attr(child(ppr, "pStyle"), "val"));
    for (int hop = 0; !id.empty() && hop < 16; ++hop) {
      const auto it = styles_.find(id);
      // Without styles.xml (or for a missing style) the id itself is all there is to go on.
      const std::string name = it == styles_.end() ? lower(id) : it->second.name;
      if (name == "title") k.title = true;
      for (const std::string_view prefix : {"heading ", "heading"})
        if (k.heading == 0 && name.size() == prefix.size() + 1 && name.starts_with(prefix) && name.back() >= '1' &&
            name.back() <= '9')
          k.heading = name.back() - '0';
      if (it == styles_.end()) break;
      if (outline < 0) outline = it->second.outline;
      if (k.num_id.empty()) k.num_id = it->second.num_id;
      id = it->second.based_on;
    }
    if (k.heading == 0 && outline >= 0 && outline < 9) k.heading = outline + 1;
    k.heading = std::min(k.heading, 6);
    k.list = !k.num_id.empty() && k.num_id != "0" && k.heading == 0 && !k.title;
    return k;
  }

  void paragraph(const pugi::xml_node& p, int depth) {
    ++paragraph_number_;
    block_paragraph(p, depth, Object{{"source_paragraph", paragraph_number_}});
  }

  void block_paragraph(const pugi::xml_node& p, int depth, Object where) {
    const ParagraphKind k = kind_of(p);
    separate();
    const std::uint64_t start = doc_.text.size();
    block_start_ = start;
    inline_content(p, depth + 1);
    const Span span = trimmed(start);
    if (span.empty()) return;
    if (k.title) {
      doc_.annotate(annotation::title, span, where);
      if (!title_) title_ = std::string(doc_.slice(span));
    } else if (k.heading > 0) {
      Object f{{"level", k.heading}};
      for (auto& e : where) f.set(e.first, e.second);
      doc_.annotate(annotation::heading, span, std::move(f));
    } else if (k.list) {
      Object f{{"ordered", ordered(k)}, {"level", k.list_level + 1}};
      for (auto& e : where) f.set(e.first, e.second);
      doc_.annotate(annotation::list_item, span, std::move(f));
    } else {
      doc_.annotate(annotation::paragraph, span, std::move(where));
    }
  }

  bool ordered(const ParagraphKind& k) const {
    const auto it = ordered_.find(k.num_id);
    if (it == ordered_.end()) return false;
    const auto level = it->second.find(k.list_level);
    return level != it->second.end() && level->second;
  }

  void table(const pugi::xml_node& tbl, int depth) {
    guard(depth);
    separate();
    std::int64_t row = 0;
    for (pugi::xml_node tr = tbl.first_child(); tr; tr = tr.next_sibling()) {
      if (local(tr) != "tr") continue;
      if (row > 0) doc_.text.push_back('\n');
      std::int64_t column = 0;
      for (pugi::xml_node tc = tr.first_child(); tc; tc = tc.next_sibling()) {
        if (local(tc) != "tc") continue;
        if (column > 0) doc_.text.push_back('\t');
        const std::uint64_t start = doc_.text.size();
        const std::int64_t first_paragraph = paragraph_number_ + 1;
        cell(tc, depth + 1, start);
        const Span span = trimmed(start);
        if (!span.empty())
          doc_.annotate(annotation::table_cell, span,
                        Object{{"row", row}, {"column", column}, {"source_paragraph", first_paragraph}});
        ++column;
      }
      ++row;
    }
  }

  // A cell's paragraphs, one per line; nested tables are flattened into the cell.
  void cell(const pugi::xml_node& node, int depth, std::uint64_t start) {
    guard(depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = local(c);
      if (name == "p") {
        ++paragraph_number_;
        if (doc_.text.size() > start && doc_.text.back() != '\n') doc_.text.push_back('\n');
        block_start_ = doc_.text.size();
        inline_content(c, depth + 1);
      } else if (name == "tbl" || name == "tr" || name == "tc" || name == "sdt" || name == "sdtContent") {
        cell(c, depth + 1, start);
      }
    }
  }

  void inline_content(const pugi::xml_node& node, int depth) {
    guard(depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = local(c);
      if (name == "r") run(c);
      else if (name == "hyperlink") hyperlink(c, depth + 1);
      else if (name == "fldSimple") simple_field(c, depth + 1);
      else if (name == "sdt") inline_content(child(c, "sdtContent"), depth + 1);
      else if (name == "ins" || name == "moveTo" || name == "smartTag" || name == "customXml" || name == "dir" ||
               name == "bdo" || name == "sdtContent")
        inline_content(c, depth + 1);
      // del, moveFrom (deleted revisions), pPr, bookmarks, proofErr: not visible text.
    }
  }

  void run(const pugi::xml_node& r) {
    for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = local(c);
      if (name == "t") {
        if (fields_.empty() || !fields_.back().in_instruction) append(c.child_value());
      } else if (name == "tab" || name == "ptab") {
        doc_.text.push_back('\t');
      } else if (name == "br" || name == "cr") {
        doc_.text.push_back('\n');
      } else if (name == "noBreakHyphen") {
        doc_.text.push_back('-');
      } else if (name == "instrText") {
        if (!fields_.empty() && fields_.back().in_instruction) fields_.back().instruction += c.child_value();
      } else if (name == "fldChar") {
        field_char(attr(c, "fldCharType"));
      }
    }
  }

  // Complex fields: begin, instruction text, separate, the visible result, end. Only HYPERLINK
  // fields matter here: their result is a link.
  void field_char(std::string_view type) {
    if (type == "begin") {
      if (fields_.size() >= kMaxOpenFields) throw Error("more than " + std::to_string(kMaxOpenFields) + " nested fields");
      fields_.emplace_back();
    } else if (type == "separate" && !fields_.empty()) {
      Field& f = fields_.back();
      f.in_instruction = false;
      if (auto href = hyperlink_target(f.instruction)) {
        f.href = std::move(*href);
        f.link_start = doc_.text.size();
      }
    } else if (type == "end" && !fields_.empty()) {
      const Field& f = fields_.back();
      if (f.link_start && doc_.text.size() > *f.link_start)
        doc_.annotate(annotation::link, Span{*f.link_start, doc_.text.size()}, Object{{"href", f.href}});
      fields_.pop_back();
    }
  }

  // HYPERLINK "url" or HYPERLINK \l "bookmark".
  static std::optional<std::string> hyperlink_target(std::string_view instruction) {
    instruction = trim(instruction);
    if (!instruction.starts_with("HYPERLINK")) return std::nullopt;
    instruction.remove_prefix(9);
    const bool anchor = instruction.find("\\l") != std::string_view::npos;
    std::string target;
    if (const auto q = instruction.find('"'); q != std::string_view::npos) {
      const auto e = instruction.find('"', q + 1);
      target = std::string(instruction.substr(q + 1, e == std::string_view::npos ? std::string_view::npos : e - q - 1));
    } else {
      target = std::string(trim(instruction));
    }
    if (target.empty()) return std::nullopt;
    return anchor ? "#" + target : target;
  }

  void simple_field(const pugi::xml_node& f, int depth) {
    const std::uint64_t start = doc_.text.size();
    inline_content(f, depth);
    if (auto href = hyperlink_target(attr(f, "instr")); href && doc_.text.size() > start)
      doc_.annotate(annotation::link, Span{start, doc_.text.size()}, Object{{"href", *href}});
  }

  void hyperlink(const pugi::xml_node& h, int depth) {
    const std::uint64_t start = doc_.text.size();
    inline_content(h, depth);
    std::string href;
    if (const std::string_view id = attr(h, "id"); !id.empty()) {
      if (const auto it = rels_.find(id); it != rels_.end()) href = it->second.target;
    }
    if (const std::string_view anchor = attr(h, "anchor"); !anchor.empty()) href += "#" + std::string(anchor);
    if (!href.empty() && doc_.text.size() > start)
      doc_.annotate(annotation::link, Span{start, doc_.text.size()}, Object{{"href", href}});
  }

  void append(std::string_view s) {
    // Word keeps the space after a footnote mark or a tab stop in the run; it does not begin the text.
    if (doc_.text.size() == block_start_) s.remove_prefix(std::min(s.size(), s.find_first_not_of(' ')));
    if (utf8_valid(s)) {
      doc_.text.append(s);
      return;
    }
    std::string clean;
    utf8_sanitize(s, clean);
    doc_.text.append(clean);
  }

  void separate() {
    std::string& t = doc_.text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
    if (t.empty() || t.ends_with("\n\n")) return;
    t.append(t.back() == '\n' ? "\n" : "\n\n");
  }

  // The block from start to the end of the text without surrounding white space.
  Span trimmed(std::uint64_t start) const {
    const std::string_view t = doc_.text;
    std::uint64_t end = t.size();
    while (end > start && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == '\n')) --end;
    while (start < end && (t[start] == ' ' || t[start] == '\t' || t[start] == '\n')) ++start;
    return Span{start, end};
  }

  Document& doc_;
  const Relationships& rels_;
  std::map<std::string, Style, std::less<>> styles_;
  std::map<std::string, std::map<int, bool>> ordered_;
  std::vector<Field> fields_;
  std::int64_t paragraph_number_ = 0;
  std::uint64_t block_start_ = 0;  // where the paragraph being read began
  std::optional<std::string> title_;
  std::string default_language_;
};

void core_properties(const pugi::xml_node& root, Document& doc) {
  static constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
      {"title", "title"},           {"creator", "author"},     {"created", "date"},
      {"modified", "modified"},     {"description", "description"}, {"language", "language"},
      {"subject", "subject"},       {"keywords", "keywords"},
  };
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    for (const auto& [element, key] : kKeys)
      if (local(c) == element) {
        std::string value(trim(c.child_value()));
        std::string clean;
        utf8_sanitize(value, clean);
        if (!clean.empty()) doc.metadata.set(key, std::move(clean));
      }
}

std::int64_t int_option(const Options& o, std::string_view name, std::int64_t fallback) {
  const std::int64_t v = o.has(name) ? o.get_int(name) : fallback;
  if (v <= 0) throw Error("option '" + std::string(name) + "' must be positive, not " + std::to_string(v));
  return v;
}

}  // namespace

std::vector<OptionSpec> DocxReader::option_specs() {
  return {
      {.name = "max_bytes",
       .type = OptionType::integer,
       .default_value = kDefaultMaxBytes,
       .description = "Largest .docx file in bytes; larger files are refused",
       .choices = {},
       .minimum = 1,
       .maximum = kMaxInputBytes},
      {.name = "max_entries",
       .type = OptionType::integer,
       .default_value = kDefaultMaxEntries,
       .description = "Most entries the zip container may have (zip bomb guard)",
       .choices = {},
       .minimum = 1,
       .maximum = 10'000'000},
      {.name = "max_uncompressed_bytes",
       .type = OptionType::integer,
       .default_value = kDefaultMaxUncompressed,
       .description = "Most bytes the zip container may expand to, declared or actually inflated (zip bomb guard)",
       .choices = {},
       .minimum = 1,
       .maximum = kMaxInputBytes},
      {.name = "footnotes",
       .type = OptionType::boolean,
       .default_value = true,
       .description = "Append the footnotes after the body, each with a footnote annotation",
       .choices = {}},
  };
}

DocxReader::DocxReader(const StageContext& ctx)
    : stage_id_(ctx.stage_id),
      max_bytes_(static_cast<std::uint64_t>(int_option(ctx.options, "max_bytes", kDefaultMaxBytes))),
      limits_{static_cast<std::uint64_t>(int_option(ctx.options, "max_entries", kDefaultMaxEntries)),
              static_cast<std::uint64_t>(int_option(ctx.options, "max_uncompressed_bytes", kDefaultMaxUncompressed))},
      footnotes_(ctx.options.has("footnotes") ? ctx.options.get_bool("footnotes") : true) {}

void DocxReader::read(const Input& input, std::vector<Document>& out) {
  const std::string uri(input.uri);
  if (input.bytes.size() > max_bytes_)
    throw Error(std::to_string(input.bytes.size()) + " bytes is more than the docx reader's max_bytes limit of " +
                std::to_string(max_bytes_) + " bytes");
  // Encrypted Office files (and legacy .doc) are OLE compound files, not zip containers.
  if (input.bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    throw Error(
        "an OLE compound file, not a zip container: the document is password-protected (encrypted) or a legacy .doc "
        "file");

  Package package(input.bytes, limits_);
  const Relationships package_rels = package.relationships("");
  const std::string main = target_of(package_rels, kRelOfficeDocument).value_or("word/document.xml");
  std::optional<Part> document = package.part(main);
  if (!document) throw Error(std::string("not a Word document: the zip container has no ") + main);
  if (local(document->root()) != "document")
    throw Error(std::string("not a Word document: ") + main + " holds <" + std::string(local(document->root())) + ">");

  Document doc;
  doc.id = std::string(input.id);
  doc.source_uri = uri;
  doc.media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  const Relationships rels = package.relationships(main);
  const auto dir = main.substr(0, main.find_last_of('/') + 1);
  Builder builder(doc, rels);
  if (auto styles = package.part(target_of(rels, "/styles").value_or(dir + "styles.xml"))) builder.load_styles(styles->root());
  if (auto numbering = package.part(target_of(rels, "/numbering").value_or(dir + "numbering.xml")))
    builder.load_numbering(numbering->root());
  const pugi::xml_node body = child(document->root(), "body");
  if (!body) throw Error(main + " has no <w:body>");
  builder.body(body);
  if (footnotes_)
    if (auto notes = package.part(target_of(rels, "/footnotes").value_or(dir + "footnotes.xml"))) builder.footnotes(notes->root());
  builder.finish();

  if (auto core = package.part(target_of(package_rels, kRelCoreProperties).value_or("docProps/core.xml")))
    core_properties(core->root(), doc);
  if (!doc.metadata.contains("title") && builder.title()) doc.metadata.set("title", *builder.title());
  if (!doc.metadata.contains("language") && !builder.default_language().empty())
    doc.metadata.set("language", builder.default_language());
  if (auto app = package.part(target_of(package_rels, kRelExtendedProperties).value_or("docProps/app.xml"))) {
    const std::string_view pages = trim(child(app->root(), "Pages").child_value());
    if (!pages.empty() && pages.size() < 10 && std::all_of(pages.begin(), pages.end(), [](char c) { return c >= '0' && c <= '9'; }))
      doc.metadata.set("page_count", std::stoll(std::string(pages)));
  }
  if (doc.text.empty()) doc.diagnostics.push_back(Diagnostic{Severity::warning, stage_id_, uri + ": no text"});
  out.push_back(std::move(doc));
}

}  // namespace docpipe::plugins
