#include "claims_analyzer.hpp"

#include "rules/rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <functional>
#include <initializer_list>
#include <string_view>
#include <unordered_set>

#include "categories.hpp"
#include "docpipe/error.hpp"

namespace docpipe::plugins::claims {

// ---------------------------------------------------------------------------------------------
// Configuration


Model load_model(const std::string& path) {
  if (path.empty()) {
    const std::string_view text = embedded_model();
    return text.empty() ? Model() : Model::parse(text, "embedded checkworthy.model");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("claims: cannot read model_file " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Model::parse(text, path);
}

namespace {
// A logit offset of 100 already makes a probability 0 or 1; larger ones only risk overflow.
constexpr double kMaxLogitOffset = 100;

struct ThresholdOption {
  std::string_view name;
  double Thresholds::*field;
  std::string_view description;
};
const ThresholdOption threshold_options[] = {
    {"check_worthy_threshold", &Thresholds::check_worthy,
     "model score (probability x 100) from which a sentence is check-worthy (band 'check-worthy')"},
    {"minor_threshold", &Thresholds::minor, "model score from which a sentence is a minor factual statement (band 'minor factual')"},
    {"min_score", &Thresholds::min_score, "categorised sentences scoring below this produce no finding"},
};
}  // namespace

std::vector<OptionSpec> option_specs() {
  std::vector<OptionSpec> specs;
  // The default is empty, never a path of the build machine: the lexicons are embedded, so an
  // installed or relocated plugin needs no data directory.
  specs.push_back({"lexicon_dir", OptionType::string, Value(""), false,
                   "directory of lexicon files (<name>.txt) that replace the built-in ones; files it lacks "
                   "fall back to the lexicons embedded in the plugin (empty: only the embedded ones; an "
                   "install has editable copies in share/docpipe/claims)",
                   {}, {}, {}, StringCheck::directory});
  for (std::size_t i = 0; i < lexicon_count; ++i) {
    const std::string name(lexicon_name(static_cast<Lex>(i)));
    specs.push_back({"extra_" + name, OptionType::string_list, Value(Array{}), false,
                     "entries added to the " + name + " lexicon, one phrase each, optionally \"phrase | kind\"", {},
                     {}, {}, StringCheck::non_empty});
  }
  specs.push_back({"model_file", OptionType::string, Value(""), false,
                   "check-worthiness model written by docpipe-train-claims, replacing the one built into the plugin "
                   "(empty: the built-in one)", {}, {}, {}, StringCheck::file});
  const Thresholds defaults;
  for (const ThresholdOption& t : threshold_options)
    specs.push_back({std::string(t.name), OptionType::number, Value(defaults.*(t.field)), false, std::string(t.description), {},
                     0, 100});
  specs.push_back({"veto", OptionType::string_list, Value(Array{Value("question"), Value("imperative"), Value("boilerplate")}),
                   false,
                   "non-claims that make a sentence not check-worthy whatever the model says: any of question, "
                   "imperative, opinion, boilerplate, hedge", {"question", "imperative", "opinion", "boilerplate", "hedge"}});
  specs.push_back({"explain_top", OptionType::integer, Value(defaults.explain_top), false,
                   "how many of the largest contributions to the model's score each finding's score_breakdown lists", {},
                   0, 100});
  for (const Category& cat : category_table())
    specs.push_back({std::string(cat.weight_option), OptionType::number, Value(0.0), false,
                     "added to the model's logit when a sentence's primary category is " + std::string(cat.name) +
                         " (positive flags more of them, negative fewer)",
                     {}, -kMaxLogitOffset, kMaxLogitOffset});
  specs.push_back({"min_quote_words", OptionType::integer, Value(4), false,
                   "words a quotation needs to count as a quote (shorter ones are scare quotes)", {}, 1, 1000});
  specs.push_back({"top_unsupported", OptionType::integer, Value(5), false,
                   "how many unsupported check-worthy claims the document metrics list", {}, 0, 1000});
  specs.push_back({"evidence_in_next_sentence", OptionType::boolean, Value(true), false,
                   "also look for evidence (links, citations, Source: lines) in the sentence after a claim", {}});
  return specs;
}

Config config_from_options(const Options& options) {
  Config c;
  std::string dir;
  if (options.has("lexicon_dir") && !options.get("lexicon_dir").is_null()) dir = options.get_string("lexicon_dir");
  std::map<std::string, std::vector<std::string>> extras;
  for (std::size_t i = 0; i < lexicon_count; ++i) {
    const std::string name(lexicon_name(static_cast<Lex>(i)));
    const std::string opt = "extra_" + name;
    if (options.has(opt) && !options.get(opt).is_null()) extras[name] = options.get_string_list(opt);
  }
  // Empty: the embedded lexicons. A directory the user names must exist.
  c.lexicons = load_lexicons(dir, !dir.empty(), extras);
  for (const ThresholdOption& t : threshold_options)
    if (options.has(t.name) && !options.get(t.name).is_null()) c.thresholds.*(t.field) = options.get_double(t.name);
  if (options.has("veto") && !options.get("veto").is_null()) {
    c.veto = options.get_string_list("veto");
    for (const std::string& v : c.veto)
      if (v != "question" && v != "imperative" && v != "opinion" && v != "boilerplate" && v != "hedge")
        throw Error("claims: veto: unknown non-claim '" + v + "' (question, imperative, opinion, boilerplate or hedge)");
  }
  if (options.has("explain_top") && !options.get("explain_top").is_null())
    c.thresholds.explain_top = static_cast<int>(options.get_int("explain_top"));
  for (const Category& cat : category_table()) {
    const std::string opt(cat.weight_option);
    c.category_offsets.push_back(options.has(opt) && !options.get(opt).is_null() ? options.get_double(opt) : 0.0);
  }
  c.model = load_model(options.has("model_file") && !options.get("model_file").is_null() ? options.get_string("model_file") : "");
  if (options.has("min_quote_words") && !options.get("min_quote_words").is_null())
    c.min_quote_words = static_cast<int>(options.get_int("min_quote_words"));
  if (options.has("top_unsupported") && !options.get("top_unsupported").is_null())
    c.top_unsupported = static_cast<int>(options.get_int("top_unsupported"));
  if (options.has("evidence_in_next_sentence") && !options.get("evidence_in_next_sentence").is_null())
    c.evidence_in_next_sentence = options.get_bool("evidence_in_next_sentence");
  if (c.min_quote_words < 1) throw Error("claims: min_quote_words must be at least 1");
  if (c.top_unsupported < 0) throw Error("claims: top_unsupported must not be negative");
  if (c.thresholds.explain_top < 0) throw Error("claims: explain_top must not be negative");
  if (c.thresholds.minor > c.thresholds.check_worthy)
    throw Error("claims: minor_threshold must not exceed check_worthy_threshold");
  return c;
}

// ---------------------------------------------------------------------------------------------
// Numbers


// ---------------------------------------------------------------------------------------------
// Sentence analysis

Engine::Engine(Config config) : config_(std::move(config)), matcher_(config_.lexicons) {}

namespace {

bool named_source(const SentenceResult& r) {
  return r.attribution && (r.attribution->source_kind == "person" || r.attribution->source_kind == "organisation" ||
                           r.attribution->source_kind == "document");
}
bool pronoun_source(const SentenceResult& r) { return r.attribution && r.attribution->source_kind == "pronoun"; }

// Tags every category found and picks the primary one by the category table's precedence.
void categorise(const Sentence& c, SentenceResult& r) {
  const bool attributed = named_source(r) || pronoun_source(r);
  const bool sweeping_signal = c.vague_source || c.absolute || c.peacock;
  // Evidence in the next sentence supports a claim but does not make vague wording specific.
  const bool own_evidence = std::any_of(r.evidence.begin(), r.evidence.end(), [](const Evidence& e) { return !e.next_sentence; });
  const bool sweeping = sweeping_signal && !c.statistical && !attributed && !own_evidence && !r.quote;
  std::vector<std::string> cats;
  if (r.quote) cats.push_back("quote");
  if (c.prediction) cats.push_back("prediction");
  if (c.statistical) cats.push_back("statistical");
  if (!c.causal_kind.empty()) cats.push_back("causal");
  if (c.comparative) cats.push_back("comparative");
  if (attributed) cats.push_back("attributed");
  if (sweeping_signal) cats.push_back("sweeping");
  r.tags = cats;
  if (!r.non_claim.empty()) return;
  if (sweeping) {
    r.primary = "sweeping";
    return;
  }
  for (const Category& p : category_table())
    if (p.name != "sweeping" && std::find(cats.begin(), cats.end(), p.name) != cats.end()) {
      r.primary = std::string(p.name);
      break;
    }
}

// Whether a source backs the claim, and who was named, for "she said" in later sentences.
void settle_support(Sentence& c, SentenceResult& r) {
  const bool quote_speaker = r.quote && !r.quote->speaker.empty();
  const bool resolved_pronoun = pronoun_source(r) && !r.attribution->resolved.empty();
  r.supported = !r.evidence.empty() || named_source(r) || resolved_pronoun || quote_speaker;
  r.needs_support = r.check_worthy && !r.supported;
  Engine::State& state = c.state;
  if (quote_speaker && (r.quote->speaker_kind == "person" || r.quote->speaker_kind == "pronoun")) state.mention(r.quote->speaker);
  for (const NameRun& run : c.runs)
    if (run.kind == "person" && !quote_speaker) state.mention(run.text);
  // The person reported as speaking is who a following "she said" most likely means.
  if (r.attribution && r.attribution->source_kind == "person" && !quote_speaker) state.mention(r.attribution->source);
}

}  // namespace

SentenceResult Engine::analyze_sentence(const Document& doc, Span span, std::optional<Span> next_span,
                                        State& state) const {
  SentenceResult r;
  r.span = span;
  Sentence c(doc, span, config_, matcher_, state);
  c.toks = state.next_span == span && !span.empty() ? std::move(state.next_tokens) : tokenize(doc.slice(span), span.begin);
  state.next_span = {};
  const std::size_t n = c.toks.size();
  c.quoted.assign(n, false);
  c.scare.assign(n, false);
  while (c.first_word < n && !is_word(c.toks[c.first_word]) && c.toks[c.first_word].kind != TokenKind::number) ++c.first_word;

  detect_quotes(c, r);
  c.matches = matcher_.match(c.toks);
  c.runs = name_runs(c, matcher_, &state);
  detect_non_claims(c, r);
  // Evidence in this sentence and the next; the next sentence's tokens are kept for its own turn.
  find_evidence(doc, span, c.toks, false, state, r.evidence);
  if (next_span && config_.evidence_in_next_sentence) {
    state.next_tokens = tokenize(doc.slice(*next_span), next_span->begin);
    state.next_span = *next_span;
    find_evidence(doc, *next_span, state.next_tokens, true, state, r.evidence);
  }
  detect_figures(c, r);
  detect_dates(c, r);
  detect_hedges(c, r);
  detect_attribution(c, r);
  detect_speaker(c, r);
  detect_cues(c, r);
  detect_than_comparisons(c, r);
  // A horizon with a hedged modal is a (hedged) prediction: "Prices could swing over the next few years".
  if (!c.prediction && c.future_target && c.hedged) c.prediction = true;
  if (c.prediction && c.future_target) c.add_trigger(r, "prediction_target", c.horizon.first, c.horizon.second);
  detect_event(c, r);
  categorise(c, r);

  // The model's probability, with the contributions that decided it.
  r.dated = c.dated;
  r.event = c.event && r.non_claim.empty();
  r.features = extract_features(r, SentenceTokens{c.toks, c.quoted, c.first_word}, matcher_);
  score_sentence(r, c.toks);
  settle_support(c, r);
  return r;
}

void Engine::score_sentence(SentenceResult& r, const std::vector<Token>& toks) const {
  const Config& cfg = config_;
  double z = cfg.model.logit(r.features);
  // A check-worthy sentence the rules give no category is a specific fact or event.
  const std::string_view category = r.primary.empty() && r.event ? std::string_view("event") : std::string_view(r.primary);
  std::optional<std::pair<std::string, double>> offset, capped;
  if (const auto row = category_index(category); row && cfg.category_offsets.size() > *row && cfg.category_offsets[*row] != 0) {
    z += cfg.category_offsets[*row];
    offset.emplace(std::string(category_table()[*row].weight_option), cfg.category_offsets[*row]);
  }
  // Questions, imperatives and boilerplate are not check-worthy by definition (LABELLING.md): the
  // rule caps the logit, and says so. Which non-claims veto is the `veto` option; hedges and
  // opinion are left to the model by default, as a hedge in a side clause leaves the claim standing.
  std::string veto;
  for (const std::string& nc : r.non_claim)
    if (veto.empty() && std::find(cfg.veto.begin(), cfg.veto.end(), nc) != cfg.veto.end()) veto = nc;
  const bool hedged = std::any_of(r.hedges.begin(), r.hedges.end(), [](const Trigger& h) { return h.kind != "approximator"; });
  if (veto.empty() && hedged && std::find(cfg.veto.begin(), cfg.veto.end(), "hedge") != cfg.veto.end()) veto = "hedge";
  constexpr double veto_logit = -3.0;
  if (!veto.empty() && z > veto_logit) {
    capped.emplace("rule: " + veto + ", not a claim", std::round((veto_logit - z) * 100.0) / 100.0);
    z = veto_logit;
  }
  r.score = std::round(1000.0 * logistic(z)) / 10.0;
  r.check_worthy = r.score >= cfg.thresholds.check_worthy;
  r.band = r.check_worthy ? "check-worthy" : r.score >= cfg.thresholds.minor ? "minor factual" : "not a claim";
  // A check-worthy sentence no rule gives a category is a specific event or fact ("event").
  if (r.primary.empty() && r.non_claim.empty() && r.check_worthy) {
    r.primary = "event";
    r.tags.insert(r.tags.begin(), "event");
  }
  if (!r.primary.empty()) {
    std::erase(r.tags, r.primary);
    r.tags.insert(r.tags.begin(), r.primary);
  }
  r.breakdown.clear();
  if (!cfg.explain_all && (r.primary.empty() || r.score < cfg.thresholds.min_score)) return;
  for (Contribution& c : cfg.model.explain(r.features, toks, static_cast<std::size_t>(cfg.thresholds.explain_top)))
    r.breakdown.emplace_back(std::move(c.name), std::round(c.value * 100.0) / 100.0);
  if (offset) r.breakdown.push_back(std::move(*offset));
  if (capped) r.breakdown.push_back(std::move(*capped));
}

std::vector<SentenceResult> Engine::analyze(const Document& doc) const {
  std::vector<const Annotation*> sentences = doc.annotations_of(annotation::sentence);
  std::stable_sort(sentences.begin(), sentences.end(), [](const Annotation* a, const Annotation* b) { return a->span.begin < b->span.begin; });
  const std::vector<const Annotation*> boilerplate = doc.annotations_of(annotation::boilerplate);
  auto is_boilerplate = [&](Span s) {
    for (const Annotation* b : boilerplate)
      if (b->span.overlaps(s)) return true;
    return false;
  };
  std::vector<SentenceResult> out;
  State state;
  state.links = doc.annotations_of(annotation::link);
  std::stable_sort(state.links.begin(), state.links.end(), [](const Annotation* a, const Annotation* b) { return a->span.begin < b->span.begin; });
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const Annotation& s = *sentences[i];
    if (s.span.end > doc.text.size() || s.span.empty() || is_boilerplate(s.span)) continue;
    const Value* kind = s.features.find("kind");
    if (kind && kind->is_string() && kind->as_string() != "sentence") continue;
    std::optional<Span> next;
    for (std::size_t j = i + 1; j < sentences.size() && !next; ++j)
      if (!is_boilerplate(sentences[j]->span) && sentences[j]->span.end <= doc.text.size()) next = sentences[j]->span;
    out.push_back(analyze_sentence(doc, s.span, next, state));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Findings and metrics

namespace {

std::string suggestion_for(const SentenceResult& r) {
  if (!r.check_worthy) return "";
  if (!r.needs_support) return "Check the figure or statement against the cited source";
  const Category* c = find_category(r.primary);
  return c ? std::string(c->suggestion) : "";
}

// " (score 87: source: institution +1.4, number with % +1.1)": the features that decided the score.
std::string explanation(const SentenceResult& r) {
  std::string out = " (score " + std::to_string(static_cast<int>(std::lround(r.score)));
  int shown = 0;
  for (const auto& [name, v] : r.breakdown) {
    if (name == "intercept" || shown == 3) continue;
    char num[16];
    std::snprintf(num, sizeof num, "%+.1f", v);
    out += (shown++ == 0 ? ": " : ", ") + name + ' ' + num;
  }
  return out + ")";
}

std::string excerpt(std::string_view text, Span s, std::size_t max_bytes) {
  std::string_view t = text.substr(s.begin, s.size());
  if (t.size() <= max_bytes) return std::string(t);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;  // stay on a code point boundary
  return std::string(t.substr(0, cut)) + "\xE2\x80\xA6";
}

}  // namespace

std::optional<Finding> to_finding(const SentenceResult& r, std::string_view text) {
  if (r.primary.empty()) return std::nullopt;
  Finding f;
  f.category = r.primary;
  // Only what the model calls check-worthy can warn: a category alone is not a claim.
  f.severity = r.needs_support ? Severity::warning : Severity::info;
  f.span = r.span;
  f.score = r.score;
  const Category* row = find_category(r.primary);
  const std::string label(row ? row->label : std::string_view(r.primary));
  if (r.needs_support && r.primary == "sweeping") f.message = label + " with nothing to back it";
  else if (r.needs_support) f.message = r.primary == "quote" ? label + " without a named speaker" : label + " without a source";
  else if (r.check_worthy) f.message = label + ", sourced";
  else f.message = label + ", not check-worthy" + (r.non_claim.empty() ? (r.hedges.empty() ? "" : " (hedged)") : " (" + r.non_claim.front() + ")");
  f.message += explanation(r);

  Object d;
  Array tags;
  for (const std::string& t : r.tags) tags.push_back(t);
  d.set("tags", std::move(tags));
  d.set("sentence", excerpt(text, r.span, 400));
  Array triggers;
  for (const Trigger& t : r.triggers)
    triggers.push_back(Object{{"kind", t.kind}, {"span", span_value(t.span)}, {"text", std::string(text.substr(t.span.begin, t.span.size()))}, {"value", t.value}});
  d.set("triggers", std::move(triggers));
  if (r.attribution) {
    const Attribution& a = *r.attribution;
    Object ao{{"source", a.source}, {"source_kind", a.source_kind}, {"source_span", span_value(a.source_span)},
              {"cue", span_value(a.cue)}, {"cue_text", std::string(text.substr(a.cue.begin, a.cue.size()))}};
    ao.set("content", a.content.empty() ? Value(nullptr) : span_value(a.content));
    if (!a.resolved.empty()) ao.set("resolved", a.resolved);
    d.set("attribution", std::move(ao));
  }
  if (r.quote) {
    d.set("quote", Object{{"span", span_value(r.quote->span)},
                          {"speaker", r.quote->speaker.empty() ? Value(nullptr) : Value(r.quote->speaker)},
                          {"speaker_kind", r.quote->speaker_kind.empty() ? Value(nullptr) : Value(r.quote->speaker_kind)}});
  }
  Array hedges;
  for (const Trigger& h : r.hedges) hedges.push_back(Object{{"kind", h.kind}, {"span", span_value(h.span)}, {"text", h.value}});
  d.set("hedges", std::move(hedges));
  Array evidence;
  for (const Evidence& e : r.evidence)
    evidence.push_back(Object{{"kind", e.kind}, {"span", span_value(e.span)}, {"value", e.value}, {"next_sentence", e.next_sentence}});
  d.set("evidence", std::move(evidence));
  d.set("supported", r.supported);
  d.set("check_worthy", r.check_worthy);
  d.set("score", r.score);
  Object breakdown;
  for (const auto& [name, v] : r.breakdown) breakdown.set(name, v);
  d.set("score_breakdown", std::move(breakdown));
  d.set("band", r.band);
  d.set("needs_support", r.needs_support);
  if (!r.non_claim.empty()) {
    Array nc;
    for (const std::string& s : r.non_claim) nc.push_back(s);
    d.set("non_claim", std::move(nc));
  }
  const std::string suggestion = suggestion_for(r);
  d.set("suggestion", suggestion.empty() ? Value(nullptr) : Value(suggestion));
  f.data = std::move(d);
  return f;
}

Object document_metrics(const std::vector<SentenceResult>& results, std::uint64_t words, int top_n, std::string_view text) {
  std::uint64_t claims = 0, check_worthy = 0, needs_support = 0;
  Object by_category;
  for (const Category& c : category_table()) by_category.set(c.name, 0);
  std::vector<const SentenceResult*> unsupported;
  for (const SentenceResult& r : results) {
    if (!r.primary.empty()) {
      ++claims;
      Value& v = by_category[r.primary];
      v = v.as_int() + 1;
    }
    check_worthy += r.check_worthy;
    needs_support += r.needs_support;
    if (r.needs_support) unsupported.push_back(&r);
  }
  std::stable_sort(unsupported.begin(), unsupported.end(), [](const SentenceResult* a, const SentenceResult* b) { return a->score > b->score; });
  Array top;
  for (std::size_t i = 0; i < unsupported.size() && static_cast<int>(i) < top_n; ++i) {
    const SentenceResult& r = *unsupported[i];
    top.push_back(Object{{"span", span_value(r.span)}, {"category", r.primary}, {"score", r.score},
                         {"text", excerpt(text, r.span, 200)}, {"suggestion", suggestion_for(r)}});
  }
  const double per_k = words == 0 ? 0.0 : 1000.0 * double(check_worthy) / double(words);
  Object m;
  m.set("sentences", static_cast<std::uint64_t>(results.size()));
  m.set("words", words);
  m.set("claims", claims);
  m.set("check_worthy", check_worthy);
  m.set("needs_support", needs_support);
  m.set("claims_per_1000_words", words == 0 ? 0.0 : std::round(10000.0 * double(claims) / double(words)) / 10.0);
  m.set("check_worthy_per_1000_words", std::round(per_k * 10.0) / 10.0);
  m.set("share_needing_support", check_worthy == 0 ? 0.0 : std::round(1000.0 * double(needs_support) / double(check_worthy)) / 1000.0);
  m.set("by_category", std::move(by_category));
  m.set("top_unsupported", std::move(top));
  return m;
}

namespace {

Config analyzer_config(const Options& options) {
  Config c = config_from_options(options);
  c.explain_all = false;
  return c;
}

}  // namespace

ClaimsAnalyzer::ClaimsAnalyzer(const StageContext& ctx) : stage_id_(ctx.stage_id), engine_(analyzer_config(ctx.options)) {}

void ClaimsAnalyzer::analyze(Document& doc) {
  const std::vector<SentenceResult> results = engine_.analyze(doc);
  std::uint64_t words = 0;
  for (const docpipe::Token& t : doc.tokens) words += t.is_word();
  if (words == 0) words = doc.annotations_of(annotation::word).size();
  if (words == 0) {
    for (const SentenceResult& r : results)
      for (const Token& t : tokenize(doc.slice(r.span))) words += t.kind != TokenKind::punct;
  }
  for (const SentenceResult& r : results) {
    if (r.score < engine_.config().thresholds.min_score) continue;
    std::optional<Finding> f = to_finding(r, doc.text);
    if (!f) continue;
    doc.annotate("claim", r.span,
                 Object{{"category", r.primary}, {"score", r.score}, {"band", r.band}, {"check_worthy", r.check_worthy},
                        {"needs_support", r.needs_support}});
    f->stage = stage_id_;
    doc.findings.push_back(std::move(*f));
  }
  doc.stage_metrics(stage_id_) = document_metrics(results, words, engine_.config().top_unsupported, doc.text);
}

}  // namespace docpipe::plugins::claims
