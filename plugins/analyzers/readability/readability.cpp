#include "readability.hpp"

#include "sentence_difficulty.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace docpipe::plugins {

TextCounts& TextCounts::operator+=(const TextCounts& o) {
  sentences += o.sentences;
  words += o.words;
  letters += o.letters;
  syllables += o.syllables;
  polysyllables += o.polysyllables;
  complex_words += o.complex_words;
  long_words += o.long_words;
  return *this;
}

std::optional<Scores> compute_scores(const TextCounts& c) {
  if (c.sentences == 0 || c.words == 0) return std::nullopt;
  const double s = static_cast<double>(c.sentences), w = static_cast<double>(c.words);
  const double wps = w / s, spw = static_cast<double>(c.syllables) / w;
  Scores r;
  r.flesch_reading_ease = 206.835 - 1.015 * wps - 84.6 * spw;
  r.flesch_kincaid_grade = 0.39 * wps + 11.8 * spw - 15.59;
  r.gunning_fog = 0.4 * (wps + 100.0 * static_cast<double>(c.complex_words) / w);
  r.smog = 1.0430 * std::sqrt(static_cast<double>(c.polysyllables) * 30.0 / s) + 3.1291;
  const double letters_per_100 = 100.0 * static_cast<double>(c.letters) / w;
  const double sentences_per_100 = 100.0 * s / w;
  r.coleman_liau = 0.0588 * letters_per_100 - 0.296 * sentences_per_100 - 15.8;
  r.automated_readability = 4.71 * static_cast<double>(c.letters) / w + 0.5 * wps - 21.43;
  r.lix = wps + 100.0 * static_cast<double>(c.long_words) / w;
  return r;
}

TextCounts measure_word(std::string_view token, bool first_in_sentence, const SyllableDictionary* dict,
                        SyllableSource* source) {
  TextCounts c;
  c.words = 1;
  for (std::size_t i = 0; i < token.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(token[i]);
    if (b < 0x80) c.letters += ascii::is_alnum(b) ? 1 : 0;
    else if ((b & 0xC0) != 0x80 && token.compare(i, 3, "\xE2\x80\x99") != 0) ++c.letters;  // a code point, not ’
  }
  const int syl = count_syllables(token, dict, source);
  c.syllables = static_cast<std::size_t>(syl);
  c.long_words = c.letters > 6;
  if (syl >= 3) {
    c.polysyllables = 1;
    // Gunning leaves out proper nouns, compounds, and words that reach three syllables only
    // through -es, -ed or -ing.
    const bool capital = ascii::is_upper(static_cast<unsigned char>(token[0])) && !first_in_sentence;
    const bool compound = token.find('-') != std::string_view::npos;
    auto ends = [&](std::string_view s) {
      return token.size() > s.size() + 2 && token.substr(token.size() - s.size()) == s;
    };
    const bool suffixed = syl == 3 && (ends("es") || ends("ed") || ends("ing"));
    c.complex_words = !(capital || compound || suffixed);
  }
  return c;
}

namespace {

double round2(double x) { return std::round(x * 100.0) / 100.0; }

Value span_value(Span s) { return Array{Value(s.begin), Value(s.end)}; }

void add_scores(Object& o, const TextCounts& c) {
  const std::optional<Scores> s = compute_scores(c);
  auto put = [&](std::string_view name, double Scores::*field) {
    o.set(name, s ? Value(round2((*s).*field)) : Value());
  };
  put("flesch_reading_ease", &Scores::flesch_reading_ease);
  put("flesch_kincaid_grade", &Scores::flesch_kincaid_grade);
  put("gunning_fog", &Scores::gunning_fog);
  put("smog", &Scores::smog);
  put("coleman_liau", &Scores::coleman_liau);
  put("automated_readability", &Scores::automated_readability);
  put("lix", &Scores::lix);
}

// to_chars rounds exactly as printf's "%.*f" does, without printf's locale and format parsing.
std::string fixed(double x, int decimals = 1) {
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
  return std::string(buf, r.ptr);
}

struct SentenceInfo {
  Span span;
  TextCounts counts;
  std::size_t paragraph = 0;
};

struct Group {
  Span span;
  TextCounts counts;
  std::string heading;  // sections only
  Value level;          // sections only
  bool has_heading = false;
};

constexpr std::array<std::string_view, 4> kSourceNames = {"dictionary", "rules", "number", "acronym"};

// The words to measure, in text order: the token stream's when the segmenter filled it, else the
// word annotations (a segmenter of the user's own may only provide those).
std::vector<Span> word_spans(const Document& doc) {
  std::vector<Span> out;
  if (!doc.tokens.empty()) {
    out.reserve(doc.tokens.size() / 2);
    for (const Token& t : doc.tokens)
      if (t.is_word()) out.push_back(t.span());
    return out;
  }
  for (const Annotation* a : doc.annotations_of(annotation::word)) out.push_back(a->span);
  std::stable_sort(out.begin(), out.end(), [](Span a, Span b) { return a.begin < b.begin; });
  return out;
}

std::vector<const Annotation*> sorted(std::vector<const Annotation*> v) {
  auto before = [](const Annotation* a, const Annotation* b) { return a->span.begin < b->span.begin; };
  if (std::is_sorted(v.begin(), v.end(), before)) return v;  // the usual case: added in text order
  std::stable_sort(v.begin(), v.end(), [](const Annotation* a, const Annotation* b) { return a->span.begin < b->span.begin; });
  return v;
}

// Spans an earlier stage cut out of the author's sentences (glossary pop-ups), sorted.
std::vector<Span> inline_boilerplate(const Document& doc) {
  std::vector<Span> out;
  for (const Annotation* a : doc.annotations_of(annotation::boilerplate))
    if (const Value* in = a->features.find("inline"); in && in->is_bool() && in->as_bool()) out.push_back(a->span);
  std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  return out;
}

// The word's own text. A word that ends where an inline boilerplate span begins has a span running
// over it (segment never saw the span's text, so the word's end is the first byte after it): its
// letters and syllables are those before the span. next is the first span not yet passed; words
// come in text order.
std::string_view own_text(const Document& doc, Span w, const std::vector<Span>& cut, std::size_t& next) {
  while (next < cut.size() && cut[next].end <= w.begin) ++next;
  if (next == cut.size() || cut[next].begin >= w.end) return doc.slice(w);
  const Span s = cut[next];
  Span own = s.begin > w.begin ? Span{w.begin, s.begin} : Span{std::min(s.end, w.end), w.end};
  std::string_view t = doc.slice(own);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\t')) t.remove_suffix(1);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\n' || t.front() == '\t')) t.remove_prefix(1);
  return t.empty() ? doc.slice(w) : t;
}

bool blank_line_between(std::string_view text, std::size_t b, std::size_t e) {
  bool newline = false;
  for (std::size_t i = b; i < e && i < text.size(); ++i) {
    if (text[i] == '\n') {
      if (newline) return true;
      newline = true;
    } else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') {
      newline = false;
    }
  }
  return false;
}

}  // namespace

namespace {

// Adds the counts and scores to o: sections and paragraphs get them after their own keys without
// a temporary object whose long key strings would be copied.
void put_counts(Object& o, const TextCounts& c) {
  o.reserve(o.size() + 16);
  o.set("sentences", c.sentences);
  o.set("words", c.words);
  o.set("letters", c.letters);
  o.set("syllables", c.syllables);
  o.set("polysyllabic_words", c.polysyllables);
  o.set("complex_words", c.complex_words);
  o.set("long_words", c.long_words);
  o.set("words_per_sentence", c.sentences ? Value(round2(static_cast<double>(c.words) / static_cast<double>(c.sentences))) : Value());
  o.set("syllables_per_word", c.words ? Value(round2(static_cast<double>(c.syllables) / static_cast<double>(c.words))) : Value());
  add_scores(o, c);
}

}  // namespace

Object to_object(const TextCounts& c) {
  Object o;
  put_counts(o, c);
  return o;
}

std::vector<OptionSpec> ReadabilityAnalyzer::option_specs() {
  const ReadabilitySettings d;
  return {
      {.name = "dictionary", .type = OptionType::string, .default_value = d.dictionary,
       .description = "CMU-format pronouncing dictionary for syllables (Debian: pocketsphinx-en-us); \"\" = spelling rules only",
       .choices = {}, .check = StringCheck::file},
      {.name = "count_headings", .type = OptionType::boolean, .default_value = false,
       .description = "Count headings as sentences in the formulas", .choices = {}},
      {.name = "count_list_items", .type = OptionType::boolean, .default_value = false,
       .description = "Count list-item sentences in the formulas", .choices = {}},
      {.name = "per_paragraph", .type = OptionType::boolean, .default_value = true,
       .description = "List every paragraph's counts and scores in the metrics (off for huge documents)", .choices = {}},
      {.name = "max_sentence_words", .type = OptionType::integer, .default_value = static_cast<long long>(d.max_sentence_words),
       .description = "Sentences with more words get a long-sentence finding", .choices = {},
       .minimum = 1, .maximum = 100000},
      {.name = "target_grade", .type = OptionType::number, .default_value = d.target_grade,
       .description = "Sentences and paragraphs above this Flesch-Kincaid grade get a finding", .choices = {},
       .minimum = -10, .maximum = 100},
      {.name = "outlier_margin", .type = OptionType::number, .default_value = d.outlier_margin,
       .description = "A sentence is hard when its grade is above target_grade and this many grades above its "
                      "document's median sentence", .choices = {},
       .minimum = 0, .maximum = 100},
      {.name = "paragraph_findings", .type = OptionType::boolean, .default_value = d.paragraph_findings,
       .description = "Also report paragraphs above target_grade (hard-paragraph)", .choices = {}},
      {.name = "min_words", .type = OptionType::integer, .default_value = static_cast<long long>(d.min_words),
       .description = "Sentences and paragraphs shorter than this get no grade finding and no rank", .choices = {},
       .minimum = 0, .maximum = 100000},
      {.name = "hardest", .type = OptionType::integer, .default_value = static_cast<long long>(d.hardest),
       .description = "How many of the hardest paragraphs to rank in the metrics", .choices = {},
       .minimum = 0, .maximum = 1000},
  };
}

namespace {

ReadabilitySettings read_settings(const Options& o) {
  ReadabilitySettings s;
  auto integer = [&](std::string_view name, std::size_t& out, std::int64_t min) {
    if (!o.has(name) || o.get(name).is_null()) return;
    const std::int64_t v = o.get_int(name);
    if (v < min) throw Error("option '" + std::string(name) + "' must be at least " + std::to_string(min) + ", not " + std::to_string(v));
    out = static_cast<std::size_t>(v);
  };
  if (o.has("dictionary") && o.get("dictionary").is_string()) s.dictionary = o.get_string("dictionary");
  if (o.has("count_headings") && o.get("count_headings").is_bool()) s.count_headings = o.get_bool("count_headings");
  if (o.has("count_list_items") && o.get("count_list_items").is_bool()) s.count_list_items = o.get_bool("count_list_items");
  if (o.has("per_paragraph") && o.get("per_paragraph").is_bool()) s.per_paragraph = o.get_bool("per_paragraph");
  integer("max_sentence_words", s.max_sentence_words, 1);
  integer("min_words", s.min_words, 1);
  integer("hardest", s.hardest, 0);
  if (o.has("target_grade") && o.get("target_grade").is_number()) s.target_grade = o.get_double("target_grade");
  if (o.has("outlier_margin") && o.get("outlier_margin").is_number()) s.outlier_margin = o.get_double("outlier_margin");
  if (o.has("paragraph_findings") && o.get("paragraph_findings").is_bool())
    s.paragraph_findings = o.get_bool("paragraph_findings");
  return s;
}

}  // namespace

ReadabilityAnalyzer::ReadabilityAnalyzer(const StageContext& ctx)
    : stage_id_(ctx.stage_id), settings_(read_settings(ctx.options)) {
  if (!settings_.dictionary.empty()) dict_ = SyllableDictionary::shared(settings_.dictionary);
}

ReadabilityAnalyzer::ReadabilityAnalyzer(std::string stage_id, ReadabilitySettings settings,
                                         std::shared_ptr<const SyllableDictionary> dict)
    : stage_id_(std::move(stage_id)), settings_(std::move(settings)), dict_(std::move(dict)) {}

void ReadabilityAnalyzer::analyze(Document& doc) {
  const std::string_view text = doc.text;
  const auto sentences = sorted(doc.annotations_of(annotation::sentence));
  const std::vector<Span> words = word_spans(doc);
  if (sentences.empty() && !doc.text.empty() && !words.empty())
    throw Error("no sentence annotations: run the segment analyzer before readability");

  auto counted = [&](const Annotation& s) {
    const Value* k = s.features.find("kind");
    if (!k || !k->is_string()) return true;
    const std::string& kind = k->as_string();
    return kind == "sentence" || (kind == "heading" && settings_.count_headings) ||
           (kind == "list_item" && settings_.count_list_items);
  };

  // Paragraph containers from the reader; list items are their own paragraphs when counted.
  std::vector<const Annotation*> containers;
  for (const Annotation& a : doc.annotations)
    if (a.type == annotation::paragraph || a.type == annotation::quote ||
        (a.type == annotation::list_item && settings_.count_list_items) ||
        (a.type == annotation::heading && settings_.count_headings))
      containers.push_back(&a);
  containers = sorted(std::move(containers));

  const std::vector<Span> cut = inline_boilerplate(doc);
  std::size_t next_cut = 0;
  std::array<std::size_t, kSourceNames.size()> sources{};
  std::vector<SentenceInfo> infos;
  std::vector<Group> paragraphs;
  std::size_t wi = 0, ci = 0;
  long current_container = -1;
  for (const Annotation* s : sentences) {
    while (wi < words.size() && words[wi].begin < s->span.begin) ++wi;
    if (!counted(*s)) continue;
    SentenceInfo info{s->span, {}, 0};
    info.counts.sentences = 1;
    bool first = true;
    for (std::size_t k = wi; k < words.size() && words[k].end <= s->span.end; ++k) {
      SyllableSource src = SyllableSource::rules;
      info.counts += measure_word(own_text(doc, words[k], cut, next_cut), first, dict_.get(), &src);
      ++sources[static_cast<std::size_t>(src)];
      first = false;
    }
    if (info.counts.words == 0) continue;
    // Which paragraph: the reader's container holding the sentence, else blank lines decide.
    while (ci < containers.size() && containers[ci]->span.end <= s->span.begin) ++ci;
    const bool inside = ci < containers.size() && containers[ci]->span.begin <= s->span.begin;
    const long container = inside ? static_cast<long>(ci) : -1;
    const bool same = !infos.empty() && container == current_container &&
                      (container >= 0 || !blank_line_between(text, infos.back().span.end, s->span.begin));
    if (!same) {
      paragraphs.push_back(Group{inside ? containers[ci]->span : s->span, {}, {}, {}, false});
      current_container = container;
    }
    Group& p = paragraphs.back();
    if (!inside) p.span.end = s->span.end;
    p.counts += info.counts;
    info.paragraph = paragraphs.size() - 1;
    infos.push_back(info);
  }

  // Sections: text from one heading to the next; text before the first heading is its own.
  std::vector<const Annotation*> headings;
  for (const Annotation* h : sorted(doc.annotations_of(annotation::heading)))
    if (headings.empty() || !(headings.back()->span == h->span)) headings.push_back(h);
  if (headings.empty())
    for (const Annotation* s : sentences)
      if (const Value* k = s->features.find("kind"); k && k->is_string() && k->as_string() == "heading")
        headings.push_back(s);
  std::vector<Group> sections;
  const std::size_t first_heading = headings.empty() ? text.size() : headings.front()->span.begin;
  const bool lead_section = std::any_of(infos.begin(), infos.end(), [&](const SentenceInfo& i) { return i.span.begin < first_heading; });
  if (lead_section) sections.push_back(Group{{0, first_heading}, {}, {}, {}, false});
  for (std::size_t h = 0; h < headings.size(); ++h) {
    const std::size_t end = h + 1 < headings.size() ? headings[h + 1]->span.begin : text.size();
    Group g{{headings[h]->span.begin, end}, {}, std::string(doc.slice(headings[h]->span)), {}, true};
    if (const Value* l = headings[h]->features.find("level")) g.level = *l;
    sections.push_back(std::move(g));
  }
  TextCounts total;
  std::size_t si = 0;
  for (const SentenceInfo& i : infos) {
    total += i.counts;
    while (si + 1 < sections.size() && sections[si + 1].span.begin <= i.span.begin) ++si;
    if (!sections.empty()) sections[si].counts += i.counts;
  }

  // Findings a writer can act on: one per sentence at most.
  std::vector<TextCounts> sentence_counts;
  for (const SentenceInfo& i : infos) sentence_counts.push_back(i.counts);
  const double bar = hard_sentence_bar(sentence_counts, settings_);
  for (const SentenceInfo& i : infos)
    if (auto f = sentence_finding(i.span, i.counts, settings_, bar)) doc.findings.push_back(std::move(*f));
  std::vector<std::size_t> ranked;
  for (std::size_t p = 0; p < paragraphs.size(); ++p) {
    const Group& g = paragraphs[p];
    const std::optional<Scores> sc = compute_scores(g.counts);
    if (!sc || g.counts.words < settings_.min_words) continue;
    ranked.push_back(p);
    if (settings_.paragraph_findings && sc->flesch_kincaid_grade > settings_.target_grade) {
      doc.findings.push_back(Finding{
          "", "hard-paragraph", Severity::warning,
          "Paragraph reads at grade " + fixed(sc->flesch_kincaid_grade) + " (target " + fixed(settings_.target_grade) +
              "): " + std::to_string(g.counts.sentences) + " sentences, " +
              fixed(static_cast<double>(g.counts.words) / static_cast<double>(g.counts.sentences)) +
              " words per sentence, " +
              fixed(static_cast<double>(g.counts.syllables) / static_cast<double>(g.counts.words), 2) +
              " syllables per word",
          g.span, round2(sc->flesch_kincaid_grade),
          Object{{"sentences", g.counts.sentences}, {"words", g.counts.words}, {"syllables", g.counts.syllables},
                 {"flesch_kincaid_grade", round2(sc->flesch_kincaid_grade)}}});
    }
  }
  auto grade_of = [&](std::size_t p) { return compute_scores(paragraphs[p].counts)->flesch_kincaid_grade; };
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) { return grade_of(a) > grade_of(b); });
  if (ranked.size() > settings_.hardest) ranked.resize(settings_.hardest);

  Object& m = doc.stage_metrics(stage_id_);
  m.set("document", to_object(total));
  Array section_list;
  for (const Group& g : sections) {
    Object o;
    o.set("heading", g.has_heading ? Value(g.heading) : Value());
    if (g.has_heading && !g.level.is_null()) o.set("level", g.level);
    o.set("span", span_value(g.span));
    put_counts(o, g.counts);
    section_list.push_back(std::move(o));
  }
  m.set("sections", std::move(section_list));
  if (settings_.per_paragraph) {
    Array list;
    for (const Group& g : paragraphs) {
      Object o{{"span", span_value(g.span)}};
      put_counts(o, g.counts);
      list.push_back(std::move(o));
    }
    m.set("paragraphs", std::move(list));
  }
  Array hardest;
  for (std::size_t r = 0; r < ranked.size(); ++r) {
    const Group& g = paragraphs[ranked[r]];
    std::string_view excerpt = doc.slice(g.span).substr(0, 80);
    while (!excerpt.empty() && (static_cast<unsigned char>(excerpt.back()) & 0xC0) == 0x80) excerpt.remove_suffix(1);
    if (!excerpt.empty() && static_cast<unsigned char>(excerpt.back()) >= 0xC0) excerpt.remove_suffix(1);
    hardest.push_back(Object{{"rank", r + 1}, {"paragraph", ranked[r]}, {"span", span_value(g.span)},
                             {"flesch_kincaid_grade", round2(grade_of(ranked[r]))}, {"words", g.counts.words},
                             {"sentences", g.counts.sentences}, {"excerpt", excerpt}});
  }
  m.set("hardest_paragraphs", std::move(hardest));
  Object src;
  for (std::size_t k = 0; k < kSourceNames.size(); ++k) src.set(kSourceNames[k], sources[k]);
  m.set("syllable_sources", std::move(src));
  Array kinds{Value("sentence")};
  if (settings_.count_headings) kinds.push_back(Value("heading"));
  if (settings_.count_list_items) kinds.push_back(Value("list_item"));
  m.set("counted_kinds", std::move(kinds));
}

}  // namespace docpipe::plugins
