#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "segmenter.hpp"
#include "test_support.hpp"

using namespace docpipe;
using docpipe::plugins::Segmenter;
using docpipe::plugins::SegmentCounts;
using docpipe::plugins::UnitKind;
using docpipe::testing::sentence_texts;

namespace {

// A bare document: no reader annotations, so blank lines separate paragraphs.
std::vector<std::string> split(const std::string& text, std::string_view kind = "sentence") {
  Document doc;
  doc.text = text;
  Segmenter seg("en");
  seg.segment(doc);
  return sentence_texts(doc, kind);
}

std::vector<std::string> words_of(const std::string& text) {
  Document doc;
  doc.text = text;
  Segmenter seg("en");
  seg.segment(doc);
  std::vector<std::string> out;
  for (const Annotation* a : doc.annotations_of(annotation::word)) out.emplace_back(doc.slice(a->span));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("abbreviations do not end sentences") {
  CHECK(split("Dr. Smith met Mr. Jones and Mrs. Lee at 9 a.m. on Monday. They talked.") ==
        V{"Dr. Smith met Mr. Jones and Mrs. Lee at 9 a.m. on Monday.", "They talked."});
  CHECK(split("Bring tools, e.g. Vale or proselint. Use one, i.e. Vale. Then stop.") ==
        V{"Bring tools, e.g. Vale or proselint.", "Use one, i.e. Vale.", "Then stop."});
  CHECK(split("It was Ali vs. Frazier. Nobody forgot.") == V{"It was Ali vs. Frazier.", "Nobody forgot."});
  CHECK(split("Lunch is at noon (approx. Noon on Fridays). Done.") ==
        V{"Lunch is at noon (approx. Noon on Fridays).", "Done."});
}

TEST_CASE("ambiguous abbreviations end a sentence only before a sentence opener") {
  CHECK(split("He works at Acme Inc. The firm grew.") == V{"He works at Acme Inc.", "The firm grew."});
  CHECK(split("Acme Inc. Chief Executive Jane Roe spoke.") == V{"Acme Inc. Chief Executive Jane Roe spoke."});
  CHECK(split("The U.S. Senate voted. It was in the U.S. Then rates rose.") ==
        V{"The U.S. Senate voted.", "It was in the U.S.", "Then rates rose."});
  CHECK(split("The shop on Elm St. The bakery on St. Louis Road.") ==
        V{"The shop on Elm St.", "The bakery on St. Louis Road."});
  CHECK(split("Call after 4 p.m. The desk opens at 9 a.m. sharp.") ==
        V{"Call after 4 p.m.", "The desk opens at 9 a.m. sharp."});
}

TEST_CASE("initials stay with the name") {
  CHECK(split("J. K. Rowling wrote it. John F. Kennedy spoke. We saw J.R. Baxter.") ==
        V{"J. K. Rowling wrote it.", "John F. Kennedy spoke.", "We saw J.R. Baxter."});
  CHECK(split("Take vitamin C. The rest is rest.") == V{"Take vitamin C.", "The rest is rest."});
}

TEST_CASE("numbers with points, percentages and currency") {
  CHECK(split("Prices rose 3.5 percent to $1,150.75 last year. Waste fell to 14%. Fees are €3.50.") ==
        V{"Prices rose 3.5 percent to $1,150.75 last year.", "Waste fell to 14%.", "Fees are €3.50."});
  CHECK(split("No. 5 was sold. See Fig. 3 and p. 12 for details. Say no. They did.") ==
        V{"No. 5 was sold.", "See Fig. 3 and p. 12 for details.", "Say no.", "They did."});
  CHECK(split("Version 2.0.1 shipped on Oct. 12 with .5 GB less. Good.") ==
        V{"Version 2.0.1 shipped on Oct. 12 with .5 GB less.", "Good."});
}

TEST_CASE("ellipses") {
  CHECK(split("He paused... then went on. It ended\xE2\x80\xA6 quietly. Wait . . . what?") ==
        V{"He paused... then went on.", "It ended\xE2\x80\xA6 quietly.", "Wait . . . what?"});
  CHECK(split("I wondered... Then it rained.") == V{"I wondered...", "Then it rained."});
}

TEST_CASE("closing quotes and brackets stay with their sentence") {
  CHECK(split("She said, \"It is done.\" Then she left.") == V{"She said, \"It is done.\"", "Then she left."});
  CHECK(split("\xE2\x80\x9CStop!\xE2\x80\x9D he shouted. Nobody moved.") ==
        V{"\xE2\x80\x9CStop!\xE2\x80\x9D he shouted.", "Nobody moved."});
  CHECK(split("(This is an aside.) Next point? Yes.") == V{"(This is an aside.)", "Next point?", "Yes."});
  CHECK(split("\"Why?\" she asked. \"Because.\"") == V{"\"Why?\" she asked.", "\"Because.\""});
}

TEST_CASE("em dashes") {
  CHECK(split("\"Be yourself.\" \xE2\x80\x94 Oscar Wilde") == V{"\"Be yourself.\" \xE2\x80\x94 Oscar Wilde"});
  CHECK(split("The plan\xE2\x80\x94if it works\xE2\x80\x94helps. Yes \xE2\x80\x94 it does.") ==
        V{"The plan\xE2\x80\x94if it works\xE2\x80\x94helps.", "Yes \xE2\x80\x94 it does."});
}

TEST_CASE("line breaks inside a paragraph: Mr. at line end, hard-wrapped prose") {
  CHECK(split("We met Mr.\nSmith yesterday. He was\nkind to us.") ==
        V{"We met Mr.\nSmith yesterday.", "He was\nkind to us."});
  // Without a reader, a blank line ends a paragraph and so a sentence.
  CHECK(split("A title\n\nThe body starts here. It ends") == V{"A title", "The body starts here.", "It ends"});
}

TEST_CASE("URLs and e-mail addresses") {
  CHECK(split("Visit https://example.com/a.html for details. Then email info@example.org today.") ==
        V{"Visit https://example.com/a.html for details.", "Then email info@example.org today."});
  CHECK(split("Go to health.example.org/reports. It is free.") ==
        V{"Go to health.example.org/reports.", "It is free."});
}

TEST_CASE("headings and list items from the reader are their own units") {
  const std::string text =
      "Starting small\n\nShe bought a bike. It worked.\n\nWhat we learned\n\n"
      "- Offices ordered on Mondays\n- Waste fell. Profit rose.\n\nThat was all.\n";
  Document doc = docpipe::testing::read_text(text);
  Segmenter seg("en");
  const SegmentCounts c = seg.segment(doc);
  CHECK(sentence_texts(doc, "heading") == V{"Starting small", "What we learned"});
  CHECK(sentence_texts(doc, "list_item") == V{"Offices ordered on Mondays", "Waste fell.", "Profit rose."});
  CHECK(sentence_texts(doc, "sentence") == V{"She bought a bike.", "It worked.", "That was all."});
  CHECK(c.units[static_cast<int>(UnitKind::heading)] == 2);
  CHECK(c.units[static_cast<int>(UnitKind::list_item)] == 3);
  CHECK(c.units[static_cast<int>(UnitKind::sentence)] == 3);
}

TEST_CASE("a heading with no blank line after it is not merged with the next sentence") {
  Document doc;
  doc.text = "Disruption and Advantage\nInnovation matters. It pays.";
  doc.annotate(annotation::heading, {0, 24});
  doc.annotate(annotation::paragraph, {25, doc.text.size()});
  Segmenter seg("en");
  seg.segment(doc);
  CHECK(sentence_texts(doc, "") == V{"Disruption and Advantage", "Innovation matters.", "It pays."});
  CHECK(sentence_texts(doc, "heading") == V{"Disruption and Advantage"});
}

TEST_CASE("code is skipped, boilerplate and captions get their kind, nested spans split units") {
  Document doc;
  doc.text = "Run it now. x = f(1). y = 2.\nFigure 1. Sales by month.\nCookie notice. Accept all.\nEnd here.";
  const std::size_t code_b = doc.text.find("x ="), code_e = doc.text.find("\nFigure");
  const std::size_t fig_b = code_e + 1, fig_e = doc.text.find("\nCookie");
  const std::size_t boil_b = fig_e + 1, boil_e = doc.text.find("\nEnd");
  doc.annotate(annotation::paragraph, {0, doc.text.size()});
  doc.annotate(annotation::code, {code_b, code_e});
  doc.annotate("caption", {fig_b, fig_e});
  doc.annotate(annotation::boilerplate, {boil_b, boil_e}, Object{{"reason", "cookie"}});
  Segmenter seg("en");
  seg.segment(doc);
  CHECK(sentence_texts(doc, "sentence") == V{"Run it now.", "End here."});
  CHECK(sentence_texts(doc, "caption") == V{"Figure 1. Sales by month."});
  CHECK(sentence_texts(doc, "boilerplate") == V{"Cookie notice.", "Accept all."});
  for (const Annotation* w : doc.annotations_of(annotation::word))
    CHECK_FALSE(Span{code_b, code_e}.overlaps(w->span));
}

TEST_CASE("words: letters and numbers, hyphenated compounds and contractions whole") {
  CHECK(words_of("Co-working isn't free: $3.50, 14%, e.g. U.S. firms \xE2\x80\x94 ok.") ==
        V{"Co-working", "isn't", "free", "3.50", "14", "e.g", "U.S", "firms", "ok"});
  CHECK(words_of("Don\xE2\x80\x99t stop - really.") == V{"Don\xE2\x80\x99t", "stop", "really"});
}

TEST_CASE("spans are byte offsets into the UTF-8 text, also after astral characters") {
  Document doc;
  doc.text = "Caf\xC3\xA9 \xF0\x9F\x98\x80 opened. Na\xC3\xAFve people came.";
  Segmenter seg("en");
  seg.segment(doc);
  REQUIRE(sentence_texts(doc, "") == V{"Caf\xC3\xA9 \xF0\x9F\x98\x80 opened.", "Na\xC3\xAFve people came."});
  auto words = doc.annotations_of(annotation::word);
  REQUIRE(words.size() == 5);
  CHECK(doc.slice(words[0]->span) == "Caf\xC3\xA9");
  CHECK(doc.slice(words[1]->span) == "opened");
  CHECK(doc.slice(words[2]->span) == "Na\xC3\xAFve");
}

TEST_CASE("non-English text does not crash and uses ICU's rules for the language") {
  Document de;
  de.text = "Das ist z.B. gut. Wir gehen heute ins Kino.";
  Segmenter german("de");
  CHECK(german.language() == "de");
  german.segment(de);
  CHECK(sentence_texts(de).size() == 2);

  Document ja;
  ja.text = "\xE4\xBB\x8A\xE6\x97\xA5\xE3\x81\xAF\xE6\x99\xB4\xE3\x82\x8C\xE3\x80\x82"
            "\xE6\x98\x8E\xE6\x97\xA5\xE3\x81\xAF\xE9\x9B\xA8\xE3\x80\x82";  // two sentences ending in "。"
  Segmenter japanese("ja");
  japanese.segment(ja);
  CHECK(sentence_texts(ja).size() == 2);
  CHECK_FALSE(ja.annotations_of(annotation::word).empty());

  Document mixed;
  mixed.text = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82. \xD0\x9C\xD0\xB8\xD1\x80! \xEF\xBF\xBD";
  Segmenter english("en");
  CHECK_NOTHROW(english.segment(mixed));
  CHECK(sentence_texts(mixed).size() == 2);
}

TEST_CASE("an unknown language is refused with a clear error") {
  CHECK_THROWS_WITH(Segmenter("klingonish"), Catch::Contains("unknown language 'klingonish'"));
  CHECK_THROWS_AS(Segmenter(""), Error);
  CHECK_NOTHROW(Segmenter("fr_CA"));
}

TEST_CASE("degenerate input: empty text, only punctuation, spans outside the text") {
  Document empty;
  Segmenter seg("en");
  CHECK(seg.segment(empty).total_units() == 0);

  Document punct;
  punct.text = "... --- !!!\n\n* * *";
  CHECK(seg.segment(punct).total_units() == 0);

  Document bad;
  bad.text = "Short text. Here.";
  bad.annotate(annotation::paragraph, {5, 999});
  bad.annotate(annotation::heading, {50, 60});
  const SegmentCounts c = seg.segment(bad);
  CHECK(c.total_units() == 3);  // "Short" (unannotated), "text.", "Here."
  for (const Annotation* a : bad.annotations_of(annotation::sentence)) CHECK(a->span.end <= bad.text.size());
}

TEST_CASE("extra abbreviations from the option are honoured and options reach the analyzer") {
  CHECK(split("Meet at Bldg. Seven. Then go.").size() == 3);
  Document doc;
  doc.text = "Meet at Bldg. Seven. Then go.";
  Segmenter seg("en", {"Bldg."});
  seg.segment(doc);
  CHECK(sentence_texts(doc) == V{"Meet at Bldg. Seven.", "Then go."});

  docpipe::testing::Context ctx(plugins::SegmentAnalyzer::option_specs(),
                                Object{{"language", "en"}, {"abbreviations", Array{"Bldg."}}}, "seg");
  plugins::SegmentAnalyzer analyzer(ctx.get());
  Document d2;
  d2.text = doc.text;
  analyzer.analyze(d2);
  const Object& m = d2.metrics.find("seg")->as_object();
  CHECK(m.find("language")->as_string() == "en");
  CHECK(m.find("sentences")->as_int() == 2);
  CHECK(m.find("words")->as_int() == 6);
  CHECK(m.find("kinds")->as_object().find("heading")->as_int() == 0);
}

// Gold sentence counts, established by reading each text and counting by hand: a sentence is
// what a careful reader would end with a full stop, question or exclamation mark (a clause
// ending in a colon before a list counts as one); headings and list items are counted apart.
struct Gold {
  const char* file;
  std::size_t sentences, headings, list_item_units;
};

namespace {
void check_gold(const std::string& path, const Gold& g) {
  INFO(path);
  Document doc = docpipe::testing::read_text(docpipe::testing::file_text(path), g.file);
  Segmenter seg("en");
  const SegmentCounts c = seg.segment(doc);
  const double got = static_cast<double>(c.units[static_cast<int>(UnitKind::sentence)]);
  INFO("sentences " << got << " gold " << g.sentences);
  CHECK(std::abs(got - static_cast<double>(g.sentences)) <= 0.02 * static_cast<double>(g.sentences));
  CHECK(c.units[static_cast<int>(UnitKind::heading)] == g.headings);
  CHECK(doc.annotations_of(annotation::list_item).size() == g.list_item_units);
}
}  // namespace

TEST_CASE("gold set: own fixtures within 2%") {
  // clinic-hours: 12 sentences (5 + 4 + 3 per paragraph), 2 headings, 3 list items.
  // river-report: 16 sentences (4 + 4 + 4 + 1 + 3), 2 headings, 3 numbered items.
  // startup-notes: 19 sentences (3 + 5 + 5 + 4 + 2), 1 heading (the title).
  for (const Gold& g : {Gold{"clinic-hours.txt", 12, 2, 3}, Gold{"river-report.txt", 16, 2, 3},
                        Gold{"startup-notes.txt", 19, 1, 0}})
    check_gold(std::string(DOCPIPE_SEGMENT_FIXTURES) + "/" + g.file, g);
}

TEST_CASE("gold set: shared web corpus within 2%") {
  // Counted by reading; every line of these files is a paragraph, heading or "- " item.
  // small-teams-global: 47 sentences, no headings or lists.
  // smb-tech-disruption: 35 sentences ending in . ! ? plus 4 that end in a colon before a
  //   list, 4 headings, 14 list items.
  // smb-culture-innovation: 166 sentences ending in . ! ?, less 14 scraped glossary glosses
  //   ("... Meaning ● SMB Culture: ... in the digital age. that fuels ...") that sit inside a
  //   sentence and do not end it: 152; 27 headings; 7 list items (4 are references).
  const std::string dir = DOCPIPE_SHARED_CORPUS;
  if (!std::filesystem::exists(dir)) {
    WARN("no shared corpus at " << dir << ": skipped");
    return;
  }
  for (const Gold& g : {Gold{"small-teams-global.txt", 47, 0, 0}, Gold{"smb-tech-disruption.txt", 39, 4, 14},
                        Gold{"smb-culture-innovation.txt", 152, 27, 7}})
    check_gold(dir + "/" + g.file, g);
}

TEST_CASE("the plugin entry point declares and runs the segment analyzer as the host would") {
  docpipe::testing::PluginUnderTest plugin;
  const ComponentInfo& info = plugin.info("segment");
  CHECK(info.kind == Kind::analyzer);
  CHECK(info.provides_annotations == std::vector<std::string>{"sentence", "word"});
  CHECK(info.requires_annotations.empty());
  const Document doc = plugin.analyze("segment", docpipe::testing::document("Dr. Smith came. He left."));
  CHECK(docpipe::testing::metric(doc, "segment", "sentences").as_int() == 2);
  CHECK(docpipe::testing::metric(doc, "segment", "language").as_string() == "en");
  CHECK_THROWS_WITH(plugin.analyzer("segment", Object{{"langauge", "en"}}), Catch::Contains("unknown option"));
  CHECK_THROWS_WITH(plugin.analyzer("segment", Object{{"language", "xx-nope"}}), Catch::Contains("unknown language"));
}

TEST_CASE("token stream: kinds, flags and sentence starts, one word token per word annotation") {
  Document doc;
  doc.text = "The IMF said 1,250 co-op firms grew 3.5% in Q3. \u201cWe\u2019re fine,\u201d she said \u25cf twice.";
  Segmenter seg("en");
  const auto counts = seg.segment(doc);
  std::vector<std::string> words;
  std::size_t word_tokens = 0;
  for (const Token& t : doc.tokens)
    if (t.is_word()) {
      words.emplace_back(doc.slice(t.span()));
      ++word_tokens;
    }
  CHECK(words == V{"The", "IMF", "said", "1,250", "co-op", "firms", "grew", "3.5", "in", "Q3", "We\u2019re", "fine", "she", "said", "twice"});
  CHECK(word_tokens == counts.words);
  CHECK(word_tokens == doc.annotations_of(annotation::word).size());
  auto find = [&](std::string_view text) {
    for (const Token& t : doc.tokens)
      if (doc.slice(t.span()) == text) return t;
    FAIL("no token " << text);
    return Token{};
  };
  CHECK(find("The").has(Token::capitalised));
  CHECK(find("The").has(Token::sentence_start));
  CHECK_FALSE(find("The").has(Token::all_caps));
  CHECK(find("IMF").has(Token::all_caps));
  CHECK_FALSE(find("IMF").has(Token::sentence_start));
  CHECK(find("1,250").kind == TokenKind::number);
  CHECK(find("1,250").has(Token::has_digit));
  CHECK(find("Q3").kind == TokenKind::word);
  CHECK(find("Q3").has(Token::has_digit));
  CHECK(find("co-op").kind == TokenKind::word);
  CHECK(find("%").kind == TokenKind::punctuation);
  CHECK(find("\u201c").kind == TokenKind::punctuation);
  CHECK(find("\u25cf").kind == TokenKind::symbol);
  CHECK(find(" ").kind == TokenKind::space);
  CHECK(find("We\u2019re").has(Token::sentence_start));  // after the opening quote
  // In text order, without overlaps; tokens_in finds a sentence's own.
  for (std::size_t i = 1; i < doc.tokens.size(); ++i) CHECK(doc.tokens[i - 1].end <= doc.tokens[i].begin);
  const auto sentences = doc.annotations_of(annotation::sentence);
  REQUIRE(sentences.size() == 2);
  const auto second = doc.tokens_in(sentences[1]->span);
  REQUIRE_FALSE(second.empty());
  CHECK(doc.slice(second.front().span()) == "\u201c");
  CHECK(doc.slice(second.back().span()) == ".");
}

TEST_CASE("token stream: segmenting again replaces it, and word annotations can be left out") {
  Document doc;
  doc.text = "One two three.";
  Segmenter seg("en", {}, true, false);
  seg.segment(doc);
  seg.segment(doc);
  std::size_t words = 0;
  for (const Token& t : doc.tokens) words += t.is_word();
  CHECK(words == 3);
  CHECK(doc.annotations_of(annotation::word).empty());
}
