#include <catch2/catch.hpp>

#include "readability.hpp"
#include "sentence_difficulty.hpp"
#include "segmenter.hpp"
#include "../segment/test_support.hpp"

using namespace docpipe;
using namespace docpipe::plugins;
using Catch::Detail::Approx;

namespace {

// Every word of the test texts, so the figures below can be worked out by hand.
std::shared_ptr<const SyllableDictionary> tiny_dict() {
  static const auto d = std::make_shared<const SyllableDictionary>(SyllableDictionary::parse(
      "the DH AH\ncat K AE T\nsat S AE T\non AA N\nmat M AE T\ndog D AO G\nate EY T\na AH\nbig B IH G\n"
      "bone B OW N\nwonderful W AH N D ER F AH L\nanimal AE N AH M AH L\nis IH Z\nhappy HH AE P IY\n"
      "cats K AE T S\ndogs D AO G Z\nand AH N D\n"));
  return d;
}

const char* kText =
    "Cats\n\nThe cat sat on the mat. The dog ate a big bone.\n\n"
    "Dogs and cats\n\nA wonderful animal is a happy animal.\n";

Document analyzed(const std::string& text, ReadabilitySettings settings = {}) {
  Document doc = docpipe::testing::read_text(text);
  Segmenter seg("en");
  seg.segment(doc);
  ReadabilityAnalyzer analyzer("readability", std::move(settings), tiny_dict());
  analyzer.analyze(doc);
  return doc;
}

const Object& metrics(const Document& doc) { return doc.metrics.find("readability")->as_object(); }
double num(const Object& o, std::string_view key) { return o.find(key)->as_double(); }
std::int64_t cnt(const Object& o, std::string_view key) { return o.find(key)->as_int(); }

}  // namespace

TEST_CASE("formulas against hand-computed values") {
  TextCounts c;
  c.sentences = 2;
  c.words = 20;
  c.letters = 90;
  c.syllables = 30;
  c.polysyllables = 3;
  c.complex_words = 2;
  c.long_words = 5;
  const Scores s = compute_scores(c).value();
  // 10 words per sentence, 1.5 syllables per word, 4.5 letters per word.
  CHECK(s.flesch_reading_ease == Approx(206.835 - 10.15 - 126.9));      // 69.785
  CHECK(s.flesch_kincaid_grade == Approx(3.9 + 17.7 - 15.59));          // 6.01
  CHECK(s.gunning_fog == Approx(0.4 * (10 + 10)));                      // 8.0
  CHECK(s.smog == Approx(1.0430 * 6.7082039325 + 3.1291));              // sqrt(3 * 30 / 2) = sqrt(45)
  CHECK(s.coleman_liau == Approx(0.0588 * 450 - 0.296 * 10 - 15.8));    // 7.7
  CHECK(s.automated_readability == Approx(4.71 * 4.5 + 5 - 21.43));     // 4.765
  CHECK(s.lix == Approx(10 + 25));                                      // 35

  CHECK_FALSE(compute_scores(TextCounts{}).has_value());
  TextCounts no_sentence;
  no_sentence.words = 3;
  CHECK_FALSE(compute_scores(no_sentence).has_value());
}

TEST_CASE("word measures: letters, long words, polysyllables and Gunning's complex words") {
  const auto* d = tiny_dict().get();
  TextCounts w = measure_word("wonderful", false, d);
  CHECK(w.letters == 9);
  CHECK(w.syllables == 3);
  CHECK(w.polysyllables == 1);
  CHECK(w.complex_words == 1);
  CHECK(w.long_words == 1);
  CHECK(measure_word("Wonderful", false, d).complex_words == 0);  // a proper noun mid-sentence
  CHECK(measure_word("Wonderful", true, d).complex_words == 1);   // just the first word
  CHECK(measure_word("animal-like", false, d).complex_words == 0);  // a compound
  CHECK(measure_word("animal-like", false, d).polysyllables == 1);
  CHECK(measure_word("animal", false, d).long_words == 0);  // six letters is not long
  CHECK(measure_word("don\xE2\x80\x99t", false, d).letters == 4);
}

TEST_CASE("document and per-section figures with their counts") {
  const Document doc = analyzed(kText);
  const Object& m = metrics(doc);
  const Object& all = m.find("document")->as_object();
  CHECK(cnt(all, "sentences") == 3);
  CHECK(cnt(all, "words") == 19);
  CHECK(cnt(all, "syllables") == 26);
  CHECK(cnt(all, "letters") == 64);
  CHECK(cnt(all, "polysyllabic_words") == 3);
  CHECK(cnt(all, "complex_words") == 3);
  CHECK(cnt(all, "long_words") == 1);
  CHECK(num(all, "flesch_kincaid_grade") == Approx(0.39 * 19 / 3 + 11.8 * 26 / 19 - 15.59).margin(0.005));

  const Array& sections = m.find("sections")->as_array();
  REQUIRE(sections.size() == 2);
  const Object& cats = sections[0].as_object();
  CHECK(cats.find("heading")->as_string() == "Cats");
  CHECK(cnt(cats, "sentences") == 2);
  CHECK(cnt(cats, "words") == 12);
  CHECK(num(cats, "flesch_kincaid_grade") == Approx(-1.45).margin(0.005));
  CHECK(num(cats, "flesch_reading_ease") == Approx(116.145).margin(0.006));
  const Object& dogs = sections[1].as_object();
  CHECK(dogs.find("heading")->as_string() == "Dogs and cats");
  const Array& span = dogs.find("span")->as_array();
  CHECK(doc.text.substr(span[0].as_int(), 13) == "Dogs and cats");
  CHECK(cnt(dogs, "sentences") == 1);
  CHECK(cnt(dogs, "words") == 7);
  CHECK(cnt(dogs, "syllables") == 14);
  CHECK(num(dogs, "flesch_kincaid_grade") == Approx(10.74).margin(0.005));
  CHECK(num(dogs, "gunning_fog") == Approx(19.94).margin(0.005));
  CHECK(num(dogs, "smog") == Approx(13.02).margin(0.005));
  CHECK(num(dogs, "coleman_liau") == Approx(5.17).margin(0.005));
  CHECK(num(dogs, "automated_readability") == Approx(2.26).margin(0.005));
  CHECK(num(dogs, "lix") == Approx(21.29).margin(0.005));

  const Array& paragraphs = m.find("paragraphs")->as_array();
  REQUIRE(paragraphs.size() == 2);
  CHECK(cnt(paragraphs[0].as_object(), "sentences") == 2);
  CHECK(m.find("syllable_sources")->as_object().find("dictionary")->as_int() == 19);
}

TEST_CASE("headings and list items count only when asked") {
  ReadabilitySettings s;
  s.count_headings = true;
  const Document with = analyzed(kText, s);
  const Object& all = metrics(with).find("document")->as_object();
  CHECK(cnt(all, "sentences") == 5);
  CHECK(cnt(all, "words") == 23);

  const std::string list = "Intro\n\nWe sat on the mat.\n\n- The cat ate a big bone.\n- A dog sat.\n";
  CHECK(cnt(metrics(analyzed(list)).find("document")->as_object(), "sentences") == 1);
  ReadabilitySettings items;
  items.count_list_items = true;
  const Document counted = analyzed(list, items);
  const Object& m = metrics(counted);
  CHECK(cnt(m.find("document")->as_object(), "sentences") == 3);
  CHECK(m.find("paragraphs")->as_array().size() == 3);  // each item is its own paragraph
}

TEST_CASE("findings: long and hard sentences and paragraphs, with their spans and figures") {
  ReadabilitySettings s;
  s.max_sentence_words = 6;
  s.target_grade = 10;
  s.min_words = 5;
  s.paragraph_findings = true;
  auto by_category = [](const Document& doc, std::string_view category) {
    std::vector<const Finding*> out;
    for (const Finding& f : doc.findings)
      if (f.category == category) out.push_back(&f);
    return out;
  };
  const Document doc = analyzed(kText, s);
  const auto long_s = by_category(doc, "long-sentence");
  const auto hard_p = by_category(doc, "hard-paragraph");
  REQUIRE(long_s.size() == 1);
  CHECK(doc.slice(long_s[0]->span) == "A wonderful animal is a happy animal.");
  CHECK(long_s[0]->message == "Sentence has 7 words (limit 6): split it");
  CHECK(long_s[0]->data.find("words")->as_int() == 7);
  // 14 syllables in 7 words, blended with 10 words of standard prose: (14 + 14.7) / 17 per word.
  CHECK(long_s[0]->data.find("grade")->as_double() == Approx(7.06));
  CHECK(by_category(doc, "hard-sentence").empty());
  REQUIRE(hard_p.size() == 1);
  CHECK(doc.slice(hard_p[0]->span) == "A wonderful animal is a happy animal.");
  CHECK(hard_p[0]->severity == Severity::warning);
  CHECK(hard_p[0]->score == Approx(10.74));  // the paragraph keeps the plain Flesch-Kincaid grade

  const Array& hardest = metrics(doc).find("hardest_paragraphs")->as_array();
  REQUIRE(hardest.size() == 2);
  CHECK(hardest[0].as_object().find("rank")->as_int() == 1);
  CHECK(hardest[0].as_object().find("flesch_kincaid_grade")->as_double() == Approx(10.74));
  CHECK(hardest[1].as_object().find("flesch_kincaid_grade")->as_double() == Approx(-1.45));

  // Long and hard on one sentence: one finding that says both.
  s.target_grade = 7;
  const Document both = analyzed(kText, s);
  REQUIRE(by_category(both, "long-sentence").size() == 1);
  CHECK(by_category(both, "long-sentence")[0]->message ==
        "Sentence has 7 words (limit 6) and reads at grade 7.1 (target 7.0): split it");
  CHECK(by_category(both, "hard-sentence").empty());

  s.max_sentence_words = 35;
  const Document hard = analyzed(kText, s);
  const auto hard_s = by_category(hard, "hard-sentence");
  REQUIRE(hard_s.size() == 1);
  CHECK(hard_s[0]->message == "Sentence reads at grade 7.1 (target 7.0): 7 words, 2.00 syllables per word");
  CHECK(hard_s[0]->score == Approx(7.06));

  // Defaults: nothing here is long or hard.
  CHECK(analyzed(kText).findings.empty());
}

TEST_CASE("sentence difficulty: two long words do not make a ten-word sentence grade 16") {
  TextCounts ten;
  ten.sentences = 1;
  ten.words = 10;
  ten.syllables = 24;  // eight words of 1.5 syllables and two of 6
  CHECK(compute_scores(ten)->flesch_kincaid_grade == Approx(16.63));
  CHECK(sentence_grade(ten) == Approx(11.14).epsilon(0.001));
  ReadabilitySettings defaults;
  CHECK_FALSE(sentence_finding({0, 1}, ten, defaults, defaults.target_grade).has_value());
  // A long sentence is judged mostly on its own words: 40 words at 1.8 syllables.
  TextCounts long_one = ten;
  long_one.words = 40;
  long_one.syllables = 72;
  CHECK(sentence_grade(long_one) == Approx(0.39 * 40 + 11.8 * (72 + 14.7) / 50 - 15.59));
}

TEST_CASE("sentence difficulty: in a hard text only the sentences well above its median are hard") {
  ReadabilitySettings s;  // target 12, margin 6
  std::vector<TextCounts> sentences(9);
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    sentences[i].sentences = 1;
    sentences[i].words = 20;
    sentences[i].syllables = 40 + 2 * i;  // grades from 17.4 upwards
  }
  const double median = sentence_grade(sentences[4]);
  CHECK(hard_sentence_bar(sentences, s) == Approx(median + 6));
  CHECK(hard_sentence_bar(std::vector<TextCounts>(sentences.begin(), sentences.begin() + 4), s) == Approx(12));
  TextCounts outlier = sentences[0];
  outlier.syllables = 70;
  const auto f = sentence_finding({0, 1}, outlier, s, hard_sentence_bar(sentences, s));
  REQUIRE(f.has_value());
  CHECK(f->category == "hard-sentence");
  CHECK_FALSE(sentence_finding({0, 1}, sentences[8], s, hard_sentence_bar(sentences, s)).has_value());
}

TEST_CASE("paragraphs from blank lines when no reader ran, and per_paragraph off") {
  Document doc;
  doc.text = "The cat sat. The dog sat.\n\nA big bone.";
  Segmenter seg("en");
  seg.segment(doc);
  ReadabilitySettings s;
  ReadabilityAnalyzer a("r", s, tiny_dict());
  a.analyze(doc);
  const Object& m = doc.metrics.find("r")->as_object();
  const Array& p = m.find("paragraphs")->as_array();
  REQUIRE(p.size() == 2);
  CHECK(cnt(p[0].as_object(), "sentences") == 2);
  CHECK(m.find("sections")->as_array().size() == 1);  // all text before any heading
  CHECK(m.find("sections")->as_array()[0].as_object().find("heading")->is_null());

  s.per_paragraph = false;
  Document d2;
  d2.text = doc.text;
  seg.segment(d2);
  ReadabilityAnalyzer(std::string("r"), s, tiny_dict()).analyze(d2);
  CHECK_FALSE(d2.metrics.find("r")->as_object().contains("paragraphs"));
}

TEST_CASE("errors: words without sentences, a missing dictionary, bad option values") {
  Document doc;
  doc.text = "Some words here";
  doc.annotate(annotation::word, {0, 4});
  ReadabilityAnalyzer a("r", ReadabilitySettings{}, nullptr);
  CHECK_THROWS_AS(a.analyze(doc), Error);

  const auto specs = ReadabilityAnalyzer::option_specs();
  docpipe::testing::Context missing(specs, Object{{"dictionary", "/nonexistent/dict"}});
  CHECK_THROWS_WITH(ReadabilityAnalyzer(missing.get()), Catch::Contains("/nonexistent/dict"));

  docpipe::testing::Context zero(specs, Object{{"dictionary", ""}, {"max_sentence_words", 0}});
  CHECK_THROWS_WITH(ReadabilityAnalyzer(zero.get()), Catch::Contains("max_sentence_words"));

  docpipe::testing::Context rules_only(specs, Object{{"dictionary", ""}, {"target_grade", 10}});
  ReadabilityAnalyzer ok(rules_only.get());
  Document empty;
  CHECK_NOTHROW(ok.analyze(empty));
  CHECK(empty.metrics.find("stage")->as_object().find("document")->as_object().find("flesch_kincaid_grade")->is_null());
}

TEST_CASE("the plugin entry point declares and runs the readability analyzer as the host would") {
  docpipe::testing::PluginUnderTest plugin;
  const ComponentInfo& info = plugin.info("readability");
  CHECK(info.requires_annotations == std::vector<std::string>{"sentence"});
  CHECK(info.options.size() == 10);
  Document doc = docpipe::testing::document("The cat sat on the mat. The dog ate a big bone.");
  Segmenter seg("en");
  seg.segment(doc);
  const Document out = plugin.analyze("readability", std::move(doc), Object{{"dictionary", ""}, {"target_grade", 4}});
  const Value& all = docpipe::testing::metric(out, "readability", "document");
  CHECK(all.as_object().find("sentences")->as_int() == 2);
  CHECK(all.as_object().find("syllables")->as_int() == 12);  // every word has one syllable by the rules
  CHECK(docpipe::testing::metric(out, "readability", "syllable_sources").as_object().find("rules")->as_int() == 12);
  CHECK_THROWS_WITH(plugin.analyzer("readability", Object{{"target_grade", "high"}}), Catch::Contains("target_grade"));
}

TEST_CASE("a word before an inline boilerplate span is measured without the span's text") {
  // A glossary pop-up pasted after "cat": the boilerplate analyzer marks it inline, segment skips
  // it, and the word "cat" comes out with a span running to the end of the pop-up.
  const std::string text = "The cat Meaning \xE2\x97\x8F A wonderful animal is a happy animal. sat on the mat.\n";
  Document doc = docpipe::testing::read_text(text);
  const std::size_t b = text.find(" Meaning"), e = text.find(" sat");
  doc.annotate(annotation::boilerplate, Span{b, e}, Object{{"reason", "glossary-insertion"}, {"inline", true}});
  Segmenter seg("en");
  seg.segment(doc);
  ReadabilityAnalyzer("readability", {}, tiny_dict()).analyze(doc);
  const Object& all = metrics(doc).find("document")->as_object();
  CHECK(cnt(all, "sentences") == 1);
  CHECK(cnt(all, "words") == 6);
  CHECK(cnt(all, "syllables") == 6);
  CHECK(cnt(all, "letters") == 17);
  CHECK(cnt(all, "long_words") == 0);
}
