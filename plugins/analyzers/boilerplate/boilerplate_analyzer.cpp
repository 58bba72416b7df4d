#include "boilerplate_analyzer.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "furniture_rules.hpp"
#include "inline_spans.hpp"
#include "text_scan.hpp"
#include "units.hpp"

namespace docpipe::plugins {
using namespace boilerplate;
namespace {

using namespace scan;

// User patterns never mark a unit longer than this, so a paragraph of prose that happens to
// contain one is left alone.
constexpr std::size_t kMaxPatternWords = 30;
// Nor does the cross-document rule count lines longer than this: prose does not repeat verbatim.
constexpr std::size_t kMaxRepeatBytes = 240;
// A menu entry: a short line without a sentence end, mostly capitalised, among others like it.
constexpr std::size_t kMenuMaxWords = 6;
constexpr std::size_t kMenuMinRun = 3;
// A comment section starts after most of the article: this share of the page's prose comes before
// (a "12 Comments" link above the story must not take the story with it).
constexpr double kCommentsAfterShare = 0.67;

double round2(double x) { return std::round(x * 100.0) / 100.0; }

struct Mark {
  Span span;
  std::string reason;
  Object signals;
  bool inline_span = false;  // inside a sentence, not a whole block
};

bool heading_named(const Unit& u, const std::vector<std::string>& names) {
  if (u.words > 5) return false;
  std::string_view t = trim(u.text);
  if (t.ends_with(":")) t.remove_suffix(1);
  const std::string l = to_lower(trim(t));
  return std::find(names.begin(), names.end(), l) != names.end();
}

// One document's analysis: its units, which of them are marked, and the marks so far.
class Pass {
 public:
  Pass(const BoilerplateConfig& config, const Document& doc) : config_(config), doc_(doc), lower_(lowered(doc.text)) {
    for (const FurnitureRule& r : furniture_rules()) rule_on_.push_back(enabled(r.reason));
  }

  bool enabled(std::string_view r) const {
    return std::find(config_.reasons.begin(), config_.reasons.end(), r) != config_.reasons.end();
  }

  // The first enabled furniture rule u matches: its reason and signal.
  std::pair<std::string_view, std::string_view> rule_for(const Unit& u) const {
    if (u.kind == UnitKind::quote) return {};
    const auto& rules = furniture_rules();
    for (std::size_t k = 0; k < rules.size(); ++k)
      if (rule_on_[k])
        if (const std::string_view s = rules[k].test(u); !s.empty()) return {rules[k].reason, s};
    return {};
  }

  void build_units();
  void mark_sections();
  void mark_by_rules();
  void mark_comments(const std::vector<BlockVerdict>& verdicts);
  void mark_by_classifier(const std::vector<BlockVerdict>& verdicts);
  void mark_inline();
  void mark_repeated(LineFrequencyTable& table);
  std::vector<Mark> take_marks();

  std::vector<Unit> units;
  std::vector<bool> marked;

 private:
  void add(const Unit& u, std::string_view reason, Object signals) {
    units.push_back(u);
    marked.push_back(!reason.empty());
    if (!reason.empty()) marks_.push_back({u.span, std::string(reason), std::move(signals)});
  }
  void mark(std::size_t i, std::string_view reason, Object signals) {
    marks_.push_back({units[i].span, std::string(reason), std::move(signals)});
    marked[i] = true;
  }
  bool menu_like(std::size_t i, const BlockVerdict& v) const {
    return units[i].words <= kMenuMaxWords && !v.features.sentence_end && v.features.capital_share >= 0.5;
  }

  const BoilerplateConfig& config_;
  const Document& doc_;
  const std::string lower_;     // the text, lower-cased
  std::vector<bool> rule_on_;  // per furniture rule: its reason is enabled
  std::vector<Mark> marks_;
};

void Pass::build_units() {
  for (const Unit& block : blocks_of(doc_, lower_)) {
    if (block.kind == UnitKind::quote || block.text.find('\n') == std::string_view::npos) {
      add(block, {}, {});
      continue;
    }
    // A block of lines that do not run on into each other ("Updated ..." over "Photo: ..."):
    // each line that is furniture by itself becomes a unit of its own.
    const std::vector<Unit> pieces = pieces_of(doc_, lower_, block);
    std::vector<std::pair<std::string_view, std::string_view>> rules(pieces.size());
    bool any = false;
    for (std::size_t k = 0; k < pieces.size() && pieces.size() > 1; ++k) {
      rules[k] = rule_for(pieces[k]);
      any |= !rules[k].first.empty();
    }
    if (!any) {
      add(block, {}, {});
      continue;
    }
    for (std::size_t k = 0; k < pieces.size();) {
      if (!rules[k].first.empty()) {
        add(pieces[k], rules[k].first, Object{{"pattern", rules[k].second}, {"line", true}});
        ++k;
        continue;
      }
      // The lines between furniture stay together, as the reader made them.
      std::size_t j = k;
      while (j + 1 < pieces.size() && rules[j + 1].first.empty()) ++j;
      Unit u = pieces[k];
      u.span.end = pieces[j].span.end;
      u.text = doc_.slice(u.span);
      u.lower = std::string_view(lower_).substr(u.span.begin, u.span.size());
      u.words = count_words(u.text);
      add(u, {}, {});
      k = j + 1;
    }
  }
}

// A reference or related heading and the run of units after it that fits.
void Pass::mark_sections() {
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (marked[i]) continue;
    const bool refs = enabled("references") && heading_named(units[i], config_.reference_headings);
    const bool related = !refs && enabled("related-list") && heading_named(units[i], config_.related_headings);
    if (!refs && !related) continue;
    std::size_t j = i + 1;
    while (j < units.size() && !marked[j] && units[j].kind != UnitKind::heading) {
      const Unit& u = units[j];
      // A byline or share line after the list starts the next page's furniture, not an item.
      const bool fits = rule_for(u).first.empty() &&
                        (refs ? (u.words <= 80 && looks_like_citation(u.text))
                              : (u.words <= 20 && (!ends_sentence(u.text) || trim(u.text).ends_with("?"))));
      if (!fits) break;
      ++j;
    }
    const std::size_t items = j - i - 1;
    // A related list needs two items, or one that runs to the end of the document.
    if (items == 0 || (related && items < 2 && j < units.size())) continue;
    marks_.push_back({Span{units[i].span.begin, units[j - 1].span.end}, refs ? "references" : "related-list",
                      Object{{"pattern", refs ? "reference heading + citations" : "related heading + links"},
                             {"items", items}}});
    for (std::size_t k = i; k < j; ++k) marked[k] = true;
    i = j - 1;
  }
}

void Pass::mark_by_rules() {
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (marked[i]) continue;
    const Unit& u = units[i];
    if (u.words <= kMaxPatternWords) {
      const auto user = [&](const std::vector<BoilerplatePattern>& list, bool prefix) {
        for (const auto& p : list)
          if (prefix ? starts_with_ci(u.text, p.text) : contains_ci(u.text, p.text)) {
            mark(i, p.reason, Object{{"pattern", prefix ? "extra_prefixes" : "extra_phrases"}});
            return true;
          }
        return false;
      };
      if (user(config_.prefixes, true) || user(config_.phrases, false)) continue;
    }
    if (const auto [reason, signal] = rule_for(u); !reason.empty()) mark(i, reason, Object{{"pattern", signal}});
  }
}

// "Comments" / "12 Responses" after most of the article, and everything after it.
void Pass::mark_comments(const std::vector<BlockVerdict>& verdicts) {
  if (!enabled("comments")) return;
  std::size_t prose = 0;
  for (const BlockVerdict& v : verdicts) prose += v.own == BlockClass::good ? v.features.chars : 0;
  std::size_t before = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (!marked[i] && is_comments_heading(units[i]) &&
        static_cast<double>(before) >= kCommentsAfterShare * static_cast<double>(prose) && prose > 0) {
      const double share = round2(static_cast<double>(before) / static_cast<double>(prose));
      for (std::size_t k = i; k < units.size(); ++k)
        if (!marked[k])
          mark(k, "comments", Object{{"pattern", "after a comments heading"}, {"article_before", share}});
      return;
    }
    before += verdicts[i].own == BlockClass::good ? verdicts[i].features.chars : 0;
  }
}

void Pass::mark_by_classifier(const std::vector<BlockVerdict>& verdicts) {
  const bool low = enabled("low-content"), menus = enabled("menu");
  if (!low && !menus) return;
  // Length of the run of menu-like lines each unit stands in.
  std::vector<std::size_t> run(units.size(), 0);
  for (std::size_t i = 0; i < units.size();) {
    std::size_t j = i;
    while (j < units.size() && menu_like(j, verdicts[j])) ++j;
    for (std::size_t k = i; k < j; ++k) run[k] = j - i;
    i = std::max(j, i + 1);
  }
  const double n = static_cast<double>(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    const BlockVerdict& v = verdicts[i];
    if (marked[i] || v.final != BlockClass::bad) continue;
    const bool menu = run[i] >= kMenuMinRun;
    if (menu ? !menus : !low) continue;
    Object s{{"class", to_string(v.own)},
             {"context", std::string(to_string(v.before)) + "|" + std::string(to_string(v.after))},
             {"chars", v.features.chars},
             {"stop_words", round2(v.features.stop_density)},
             {"capitalised", round2(v.features.capital_share)},
             {"position", round2(static_cast<double>(i) / n)}};
    if (menu) s.set("menu_run", run[i]);
    mark(i, menu ? "menu" : "low-content", std::move(s));
  }
}

// Glossary pop-ups and bracketed cross-links inside the blocks left.
void Pass::mark_inline() {
  std::vector<InlineSpan> found;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (marked[i] || units[i].kind == UnitKind::heading) continue;
    if (enabled("glossary-insertion")) find_glossary(units[i], config_.glossary_markers, found);
    if (enabled("cross-link")) find_inline_links(units[i], found);
  }
  for (const InlineSpan& s : found)
    marks_.push_back({s.span, std::string(s.reason),
                      Object{{"pattern", s.reason == "cross-link" ? "bracketed link" : "glossary marker"}}, true});
}

void Pass::mark_repeated(LineFrequencyTable& table) {
  std::vector<std::uint64_t> unit_keys(units.size(), 0);
  std::vector<std::uint64_t> keys;  // distinct and sorted, for the lookups below
  for (std::size_t i = 0; i < units.size(); ++i)
    if (units[i].text.size() <= kMaxRepeatBytes) keys.push_back(unit_keys[i] = line_key(units[i].text));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  // Every short line is counted, marked or not, so the counts do not depend on other rules.
  const std::vector<std::uint32_t> seen = table.add_document(keys);
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (marked[i] || units[i].text.size() > kMaxRepeatBytes) continue;
    const auto at = std::lower_bound(keys.begin(), keys.end(), unit_keys[i]);
    const std::uint32_t docs = seen[static_cast<std::size_t>(at - keys.begin())];
    if (docs >= config_.min_repeat_documents) mark(i, "repeated-line", Object{{"documents", docs}});
  }
}

// Text order; a span inside another one is dropped.
std::vector<Mark> Pass::take_marks() {
  std::stable_sort(marks_.begin(), marks_.end(), [](const Mark& a, const Mark& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
  });
  std::vector<Mark> kept;
  for (Mark& m : marks_)
    if (kept.empty() || !kept.back().span.contains(m.span)) kept.push_back(std::move(m));
  return kept;
}

// "[120, 158) byline (pattern=\"By\" + names): By Jane Roe, staff writer".
std::string describe(const Document& doc, const Mark& m) {
  std::string out = doc.id + ": [" + std::to_string(m.span.begin) + ", " + std::to_string(m.span.end) + ") " + m.reason;
  std::string signals;
  for (const auto& [k, v] : m.signals) {
    signals += signals.empty() ? "" : ", ";
    signals += k + "=" + (v.is_string() ? v.as_string() : v.is_bool() ? (v.as_bool() ? "true" : "false")
                          : v.is_int() ? std::to_string(v.as_int()) : std::to_string(v.as_double()).substr(0, 4));
  }
  if (!signals.empty()) out += " (" + signals + ")";
  std::string_view excerpt = doc.slice(m.span).substr(0, 80);
  while (!excerpt.empty() && (static_cast<unsigned char>(excerpt.back()) & 0xC0) == 0x80) excerpt.remove_suffix(1);
  if (!excerpt.empty() && static_cast<unsigned char>(excerpt.back()) >= 0xC0) excerpt.remove_suffix(1);
  std::string flat(excerpt);
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  return out + ": " + flat;
}

BoilerplatePattern parse_pattern(const std::string& entry, std::string_view option) {
  // "reason=text": the reason is a lower-case word with dashes; otherwise the whole entry is text.
  std::string reason = "custom";
  std::string text = entry;
  if (const auto eq = entry.find('='); eq != std::string::npos && eq > 0) {
    const std::string head = entry.substr(0, eq);
    if (std::all_of(head.begin(), head.end(), [](char c) { return is_lower_ascii(c) || c == '-'; })) {
      reason = head;
      text = entry.substr(eq + 1);
    }
  }
  text = std::string(trim(text));
  if (text.empty()) throw Error("option '" + std::string(option) + "': the entry \"" + entry + "\" has no text");
  return {reason, to_lower(text)};
}

const std::vector<std::string> kDefaultReferenceHeadings = {
    "references", "reference list", "sources", "bibliography", "works cited", "citations", "footnotes",
    "endnotes", "notes and references", "further reading"};
const std::vector<std::string> kDefaultRelatedHeadings = {
    "explore", "related", "related articles", "related posts", "related stories", "related questions",
    "related reading", "people also ask", "you may also like", "you might also like", "read next", "more stories",
    "recommended", "recommended for you", "trending", "most read", "most popular", "keep reading", "up next"};
const std::vector<std::string> kDefaultGlossaryMarkers = {"Meaning \xE2\x97\x8F", "Meaning:", "Definition \xE2\x97\x8F",
                                                          "Definition:"};

Array string_array(const std::vector<std::string>& v) {
  Array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

const std::vector<std::string>& BoilerplateAnalyzer::builtin_reasons() {
  static const std::vector<std::string> reasons = {
      "byline",        "updated",       "caption",        "alt-text",         "cross-link",    "glossary-insertion",
      "references",    "related-list",  "share-prompt",   "subscribe-prompt", "cookie-prompt", "copyright",
      "footer",        "advertisement", "comments",       "menu",             "low-content",   "repeated-line"};
  return reasons;
}

namespace {

std::string known_reasons() {
  std::string out;
  for (const auto& r : BoilerplateAnalyzer::builtin_reasons()) out += (out.empty() ? "" : ", ") + r;
  return out;
}

}  // namespace

std::vector<OptionSpec> BoilerplateAnalyzer::option_specs() {
  return {
      {.name = "reasons",
       .type = OptionType::string_list,
       .default_value = string_array(builtin_reasons()),
       .description = "Built-in rules to apply, by the reason they give; \"repeated-line\" also needs cross_document",
       .choices = builtin_reasons()},
      {.name = "extra_prefixes",
       .type = OptionType::string_list,
       .default_value = Array{},
       .description = "Blocks (of at most 30 words) starting with one of these, case-insensitively, are marked; "
                      "write \"reason=text\" to give a reason (default \"custom\"), e.g. \"cross-link=More from the Herald\"",
       .choices = {},
       .check = StringCheck::non_empty},
      {.name = "extra_phrases",
       .type = OptionType::string_list,
       .default_value = Array{},
       .description = "Blocks (of at most 30 words) containing one of these, case-insensitively, are marked; "
                      "\"reason=text\" as for extra_prefixes",
       .choices = {},
       .check = StringCheck::non_empty},
      {.name = "reference_headings",
       .type = OptionType::string_list,
       .default_value = string_array(kDefaultReferenceHeadings),
       .description = "Headings that open a reference list; the citations after one (lines with a year, URL, DOI, "
                      "...) are marked with it",
       .choices = {},
       .check = StringCheck::non_empty},
      {.name = "related_headings",
       .type = OptionType::string_list,
       .default_value = string_array(kDefaultRelatedHeadings),
       .description = "Headings that open a related-links or related-questions list; the short lines after one "
                      "are marked with it",
       .choices = {},
       .check = StringCheck::non_empty},
      {.name = "glossary_markers",
       .type = OptionType::string_list,
       .default_value = string_array(kDefaultGlossaryMarkers),
       .description = "Markers of glossary pop-ups inserted mid-sentence (\"term Meaning \xE2\x97\x8F Definition. "
                      "sentence goes on\"); a marker ending in ':' counts only when the sentence resumes in lower case",
       .choices = {},
       .check = StringCheck::non_empty},
      {.name = "threshold",
       .type = OptionType::number,
       .default_value = ClassifierSettings{}.stopwords_high,
       .description = "Share of stop words (the, of, and, ...) a block of 200 characters or more needs to be taken "
                      "as the article's prose by the classifier (reasons \"low-content\" and \"menu\"); blocks a "
                      "little below it, and short ones, go by their neighbours. Lower keeps more",
       .choices = {},
       .minimum = 0,
       .maximum = 1},
      {.name = "cross_document",
       .type = OptionType::boolean,
       .default_value = false,
       .description = "Mark short lines seen in at least min_repeat_documents documents of this run (reason "
                      "\"repeated-line\"). Only documents processed earlier count, so results can differ between "
                      "runs with several jobs; off by default",
       .choices = {}},
      {.name = "min_repeat_documents",
       .type = OptionType::integer,
       .default_value = 3,
       .description = "Documents a line must appear in (this one included) to be marked by the cross-document rule",
       .choices = {},
       .minimum = 1,
       .maximum = 1'000'000},
  };
}

BoilerplateConfig BoilerplateAnalyzer::parse_options(const Options& options) {
  BoilerplateConfig c;
  const auto list = [&](std::string_view name, const std::vector<std::string>& fallback) {
    return options.has(name) && !options.get(name).is_null() ? options.get_string_list(name) : fallback;
  };
  c.reasons = list("reasons", builtin_reasons());
  for (const auto& r : c.reasons)
    if (std::find(builtin_reasons().begin(), builtin_reasons().end(), r) == builtin_reasons().end())
      throw Error("option 'reasons': unknown reason \"" + r + "\"; known: " + known_reasons());
  for (const auto& e : list("extra_prefixes", {})) c.prefixes.push_back(parse_pattern(e, "extra_prefixes"));
  for (const auto& e : list("extra_phrases", {})) c.phrases.push_back(parse_pattern(e, "extra_phrases"));
  for (const auto& h : list("reference_headings", kDefaultReferenceHeadings)) c.reference_headings.push_back(to_lower(trim(h)));
  for (const auto& h : list("related_headings", kDefaultRelatedHeadings)) c.related_headings.push_back(to_lower(trim(h)));
  c.glossary_markers = list("glossary_markers", kDefaultGlossaryMarkers);
  for (const auto& m : c.glossary_markers)
    if (trim(m).empty()) throw Error("option 'glossary_markers': empty marker");
  if (options.has("threshold") && !options.get("threshold").is_null()) {
    const double t = options.get_double("threshold");
    if (!(t >= 0 && t <= 1)) throw Error("option 'threshold' must be between 0 and 1, not " + std::to_string(t));
    // jusText keeps a band just below the threshold for blocks whose neighbours decide.
    c.classifier.stopwords_high = t;
    c.classifier.stopwords_low = std::max(0.0, t - 0.02);
  }
  c.cross_document = options.has("cross_document") && !options.get("cross_document").is_null() &&
                     options.get_bool("cross_document");
  const std::int64_t min_docs =
      options.has("min_repeat_documents") && !options.get("min_repeat_documents").is_null()
          ? options.get_int("min_repeat_documents") : 3;
  if (min_docs < 2)
    throw Error("option 'min_repeat_documents' must be 2 or more, not " + std::to_string(min_docs));
  c.min_repeat_documents = static_cast<std::uint32_t>(std::min<std::int64_t>(min_docs, 1'000'000'000));
  return c;
}

BoilerplateAnalyzer::BoilerplateAnalyzer(const StageContext& ctx)
    : BoilerplateAnalyzer(ctx, LineFrequencyTable::shared(ctx.stage_id)) {}

BoilerplateAnalyzer::BoilerplateAnalyzer(const StageContext& ctx, LineFrequencyTable& table)
    : stage_id_(ctx.stage_id), config_(parse_options(ctx.options)), table_(table), log_(ctx.log) {}


void BoilerplateAnalyzer::analyze(Document& doc) {
  Pass pass(config_, doc);
  pass.build_units();
  pass.mark_sections();
  pass.mark_by_rules();
  const std::vector<BlockVerdict> verdicts = classify_blocks(pass.units, pass.marked, config_.classifier);
  pass.mark_comments(verdicts);
  pass.mark_by_classifier(verdicts);
  pass.mark_inline();
  if (config_.cross_document && pass.enabled("repeated-line")) pass.mark_repeated(table_);
  const std::vector<Mark> kept = pass.take_marks();

  Object by_reason;
  for (const auto& r : config_.reasons) by_reason.set(r, 0);
  std::uint64_t bytes = 0, covered_to = 0;
  const bool explain = log_.enabled(LogLevel::info);
  for (const Mark& m : kept) {
    if (explain) log_.info(describe(doc, m));
    Object features{{"reason", m.reason}};
    for (const auto& [k, v] : m.signals) features.set(k, v);
    if (m.inline_span) features.set("inline", true);
    doc.annotate(annotation::boilerplate, m.span, std::move(features));
    Value& count = by_reason[m.reason];
    count = count.is_int() ? Value(count.as_int() + 1) : Value(1);
    const std::uint64_t b = std::max(m.span.begin, covered_to);
    if (m.span.end > b) bytes += m.span.end - b;
    covered_to = std::max(covered_to, m.span.end);
  }
  Object& metrics = doc.stage_metrics(stage_id_);
  metrics.set("spans", kept.size());
  metrics.set("bytes", bytes);
  metrics.set("share", doc.text.empty() ? 0.0 : static_cast<double>(bytes) / static_cast<double>(doc.text.size()));
  metrics.set("by_reason", std::move(by_reason));
}

}  // namespace docpipe::plugins
