#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "boilerplate_analyzer.hpp"
#include "docpipe/testing.hpp"
#include "line_frequency.hpp"
#include "text_reader.hpp"

using docpipe::Document;
using docpipe::Object;
using docpipe::Options;
using docpipe::StageContext;
using docpipe::plugins::BoilerplateAnalyzer;
using docpipe::plugins::LineFrequencyTable;
using Marks = std::vector<std::pair<std::string, std::string>>;

namespace {

std::string slurp(const std::string& name) {
  std::ifstream in(std::string(BOILERPLATE_FIXTURES) + "/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The document the text reader makes of bytes, with its default options.
Document read_text(const std::string& bytes, const std::string& id = "fixture.txt") {
  docpipe::testing::CapturingLogger log;
  Object values;
  for (const auto& spec : docpipe::plugins::TextReader::option_specs()) values.set(spec.name, spec.default_value);
  const Options options(std::move(values));
  docpipe::plugins::TextReader reader(StageContext{"text", options, log});
  std::vector<Document> out;
  reader.read(docpipe::Input{id, id, bytes, "text/plain"}, out);
  REQUIRE(out.size() == 1);
  return std::move(out.front());
}

Document analyze(Document doc, const Object& options = {}) {
  docpipe::testing::PluginUnderTest plugin;
  return plugin.analyze("boilerplate", std::move(doc), options);
}

// (reason, marked text) per boilerplate annotation, in text order.
Marks marks(const Document& doc) {
  Marks out;
  for (const auto* a : doc.annotations_of("boilerplate"))
    out.emplace_back(a->features.find("reason")->as_string(), std::string(doc.slice(a->span)));
  return out;
}

bool marked(const Document& doc, std::string_view needle) {
  const auto at = doc.text.find(needle);
  REQUIRE(at != std::string::npos);
  for (const auto* a : doc.annotations_of("boilerplate"))
    if (a->span.overlaps(docpipe::Span{at, at + needle.size()})) return true;
  return false;
}

// The features of the mark over needle (an empty object when there is none).
Object features_at(const Document& doc, std::string_view needle) {
  const auto at = doc.text.find(needle);
  REQUIRE(at != std::string::npos);
  for (const auto* a : doc.annotations_of("boilerplate"))
    if (a->span.overlaps(docpipe::Span{at, at + needle.size()})) return a->features;
  return {};
}

std::int64_t count(const Document& doc, std::string_view reason) {
  const auto& by = docpipe::testing::metric(doc, "boilerplate", "by_reason");
  const auto* v = by.as_object().find(reason);
  return v ? v->as_int() : -1;
}

}  // namespace

TEST_CASE("news page furniture is marked with its reason and the prose is not", "[boilerplate]") {
  const Document doc = analyze(read_text(slurp("news-article.txt")));
  CHECK(marks(doc) == Marks{
                          {"byline", "By Maria Okafor and Lee Chen, Transport Correspondents"},
                          {"updated", "Updated: Mar. 4, 2025 at 9:15 a.m. ET"},
                          {"share-prompt", "Share this article"},
                          {"caption", "Photo: The number 12 bus waits at the depot on Elm Road. (Photo: City Transit Archive)"},
                          {"cross-link", "Related: Station car park to close for repairs"},
                          {"cross-link", "Read more: How the council picks new routes"},
                          {"subscribe-prompt", "Subscribe to our newsletter to get transport news in your inbox."},
                          {"advertisement", "Advertisement"},
                          {"copyright", "\xC2\xA9 2025 Riverside Gazette. All rights reserved."},
                      });
  // "Updated" as a verb, "By" opening a sentence, "Share" as a noun, a quote that mentions subscribing.
  CHECK_FALSE(marked(doc, "Updated timetables will be printed"));
  CHECK_FALSE(marked(doc, "By the end of the year"));
  CHECK_FALSE(marked(doc, "Share prices of the two"));
  CHECK_FALSE(marked(doc, "I never subscribe to anything"));
  CHECK_FALSE(marked(doc, "Council Approves a Late-Night Bus Route"));
  // The text is untouched and the metrics add up.
  CHECK(doc.text == read_text(slurp("news-article.txt")).text);
  CHECK(docpipe::testing::metric(doc, "boilerplate", "spans").as_int() == 9);
  CHECK(count(doc, "cross-link") == 2);
  CHECK(count(doc, "glossary-insertion") == 0);
  std::int64_t bytes = 0;
  for (const auto& [reason, text] : marks(doc)) bytes += static_cast<std::int64_t>(text.size());
  CHECK(docpipe::testing::metric(doc, "boilerplate", "bytes").as_int() == bytes);
  CHECK(docpipe::testing::metric(doc, "boilerplate", "share").as_double() ==
        Approx(static_cast<double>(bytes) / static_cast<double>(doc.text.size())));
}

TEST_CASE("glossary pop-ups are cut out of the sentence they interrupt", "[boilerplate]") {
  const Document doc = analyze(read_text(slurp("glossary-page.txt")));
  const Marks m = marks(doc);
  REQUIRE(m.size() == 5);
  CHECK(m[0] == Marks::value_type{"glossary-insertion",
                                  " Meaning \xE2\x97\x8F Customer Intimacy, within the scope of small businesses, is a "
                                  "strategy of building lasting relationships with customers, well beyond single sales."});
  // "e.g." inside the definition does not end it; the sentence resumes with "and".
  CHECK(m[1] == Marks::value_type{"glossary-insertion",
                                  " Meaning \xE2\x97\x8F The ability to change how work is done, e.g. a new ordering step, "
                                  "within days."});
  // At the end of the author's sentence the definition ends at its own full stop.
  CHECK(m[2] == Marks::value_type{"glossary-insertion",
                                  " Meaning \xE2\x97\x8F Strategic Automation: applying software to repetitive tasks."});
  CHECK(m[3].first == "references");
  CHECK(m[3].second.starts_with("References\n- Porter"));
  CHECK(m[3].second.ends_with("pp. 285-305."));
  CHECK(m[4] == Marks::value_type{"related-list",
                                  "Explore\nWhat Role Does Agility Play In Small Firms?\nHow Can Small Firms Grow Faster?"});
  for (const auto* a : doc.annotations_of("boilerplate"))
    CHECK(a->features.contains("inline") == (a->features.find("reason")->as_string() == "glossary-insertion"));
  // Cutting the spans out leaves the author's sentences.
  std::string rest = doc.text;
  const auto spans = doc.annotations_of("boilerplate");
  for (auto it = spans.rbegin(); it != spans.rend(); ++it)
    rest.erase((*it)->span.begin, (*it)->span.size());
  CHECK(rest.find("Their close customer intimacy generates insights") != std::string::npos);
  CHECK(rest.find("process agility and it rarely appears") != std::string::npos);
  // "Meaning:" with a capital in ordinary prose: the sentence does not resume in lower case.
  CHECK_FALSE(marked(doc, "double Meaning: it can refer"));
  CHECK(count(doc, "glossary-insertion") == 3);
}

TEST_CASE("captions, credits and alt texts are marked, prose about figures and images is not", "[boilerplate]") {
  const Document doc = analyze(read_text(slurp("captions.txt")));
  CHECK(marks(doc) == Marks{
                          {"alt-text", "[Image: A lit bus at a dark stop]"},
                          {"alt-text", "Alt text: Two drivers shake hands beside a bus."},
                          {"caption", "Figure 2: Riders per night, 2019 to 2024"},
                          {"caption", "Drivers change shifts at the depot on Elm Road. Jane Doe / Getty Images"},
                          {"alt-text", "night-bus-hero.jpg"},
                      });
  CHECK_FALSE(marked(doc, "Figure 2 shows how ridership grew"));
  CHECK_FALSE(marked(doc, "The image of the town"));
}

TEST_CASE("an essay with look-alike words has no furniture", "[boilerplate]") {
  const Document doc = analyze(read_text(slurp("plain-essay.txt")));
  CHECK(marks(doc).empty());
  CHECK(docpipe::testing::metric(doc, "boilerplate", "spans").as_int() == 0);
  CHECK(docpipe::testing::metric(doc, "boilerplate", "share").as_double() == 0.0);
}

TEST_CASE("a related heading followed by prose, and a reference heading followed by none, mark nothing",
          "[boilerplate]") {
  const Document doc = analyze(read_text(
      "Explore\n\nThe old quarter is best seen on foot, early in the morning before the shops open and the lanes fill.\n\n"
      "References\n\nThe author thanks the archive staff for their help with the photographs.\n"));
  CHECK(marks(doc).empty());
}

TEST_CASE("inline bracketed cross-links are marked inside a paragraph", "[boilerplate]") {
  const Document doc = analyze(read_text(
      "The council met on Tuesday (Related: Budget talks stall again) and agreed the route. "
      "The vote was close [Read more: How councillors voted].\n"));
  CHECK(marks(doc) == Marks{{"cross-link", " (Related: Budget talks stall again)"},
                            {"cross-link", " [Read more: How councillors voted]"}});
  CHECK(doc.annotations_of("boilerplate")[0]->features.find("inline")->as_bool());
}

TEST_CASE("rules can be switched off and extended per project", "[boilerplate]") {
  const std::string text =
      "More from the Harbor Falls Herald\n\nShare this article\n\nA sentence of prose that ends here.\n\n"
      "Sponsored by Acme Hardware since 1952\n";
  const Document defaults = analyze(read_text(text));
  CHECK(marks(defaults) == Marks{{"cross-link", "More from the Harbor Falls Herald"},
                                 {"share-prompt", "Share this article"},
                                 {"advertisement", "Sponsored by Acme Hardware since 1952"}});

  const Document configured = analyze(
      read_text(text), Object{{"reasons", docpipe::Array{"cross-link"}},
                              {"extra_prefixes", docpipe::Array{"advertisement=Sponsored by"}},
                              {"extra_phrases", docpipe::Array{"harbor falls herald"}}});
  // The custom prefix wins over the built-in rule for the first line only because it is checked first.
  CHECK(marks(configured) == Marks{{"custom", "More from the Harbor Falls Herald"},
                                   {"advertisement", "Sponsored by Acme Hardware since 1952"}});
  const auto& by = docpipe::testing::metric(configured, "boilerplate", "by_reason").as_object();
  CHECK(by.find("share-prompt") == nullptr);  // not enabled, not reported
  CHECK(by.find("custom")->as_int() == 1);
}

TEST_CASE("bad options are refused when the stage is created", "[boilerplate]") {
  docpipe::testing::PluginUnderTest plugin;
  CHECK_THROWS_WITH(plugin.analyzer("boilerplate", {{"reasons", docpipe::Array{"byline", "gossip"}}}),
                    Catch::Contains("unknown reason \"gossip\""));
  CHECK_THROWS_WITH(plugin.analyzer("boilerplate", {{"min_repeat_documents", 1}}),
                    Catch::Contains("min_repeat_documents"));
  CHECK_THROWS_WITH(plugin.analyzer("boilerplate", {{"extra_prefixes", docpipe::Array{"custom=  "}}}),
                    Catch::Contains("has no text"));
  CHECK_THROWS_WITH(plugin.analyzer("boilerplate", {{"glossary_markers", docpipe::Array{" "}}}),
                    Catch::Contains("glossary_markers"));
}

TEST_CASE("without reader structure the analyzer works on lines", "[boilerplate]") {
  const Document doc = analyze(docpipe::testing::document("A line of prose that stays.\nShare on Facebook | Twitter\n"));
  CHECK(marks(doc) == Marks{{"share-prompt", "Share on Facebook | Twitter"}});
}

TEST_CASE("spans an earlier stage marked, and code, are left alone", "[boilerplate]") {
  Document doc = docpipe::testing::document("Share this article\n\nprint('Share this article')\n");
  docpipe::testing::annotate_text(doc, "boilerplate", "Share this article", {{"reason", "running header"}});
  docpipe::testing::annotate_text(doc, "code", "print('Share this article')");
  doc.annotate("paragraph", docpipe::Span{0, 18});
  const Document out = analyze(std::move(doc));
  REQUIRE(out.annotations_of("boilerplate").size() == 1);
  CHECK(out.annotations_of("boilerplate")[0]->features.find("reason")->as_string() == "running header");
}

TEST_CASE("the cross-document rule marks lines seen in enough documents, and is off by default",
          "[boilerplate][cross-document]") {
  LineFrequencyTable table;
  docpipe::testing::CapturingLogger log;
  docpipe::testing::PluginUnderTest plugin;
  const auto options = docpipe::testing::resolve_options(plugin.info("boilerplate"),
                                                         {{"cross_document", true}, {"min_repeat_documents", 3}});
  BoilerplateAnalyzer analyzer(StageContext{"boilerplate", options, log}, table);
  const auto page = [&](std::string body, int day) {
    Document d = read_text("Harbor Falls Herald \xC2\xB7 Local news since " + std::to_string(1900 + day) + "\n\n" +
                           std::move(body) + "\n\nTips? Write to the newsroom on any day of the week\n");
    analyzer.analyze(d);
    return d;
  };
  const Document first = page("The first story is about the bridge and its long repair.", 1);
  const Document second = page("The second story is about the library and its new hours.", 2);
  const Document third = page("The third story is about the market and its stalls.", 3);
  CHECK(marks(first).empty());
  CHECK(marks(second).empty());
  // Digits are normalised: "since 1901" and "since 1903" are one line.
  CHECK(marks(third) == Marks{{"repeated-line", "Harbor Falls Herald \xC2\xB7 Local news since 1903"},
                              {"repeated-line", "Tips? Write to the newsroom on any day of the week"}});
  CHECK(table.size() == 5);

  // The same documents through the default options: nothing is counted or marked.
  LineFrequencyTable untouched;
  const auto defaults = docpipe::testing::resolve_options(plugin.info("boilerplate"), {});
  BoilerplateAnalyzer plain(StageContext{"boilerplate", defaults, log}, untouched);
  for (int i = 0; i < 4; ++i) {
    Document d = read_text("Harbor Falls Herald\n\nSome story number " + std::to_string(i) + " here.\n");
    plain.analyze(d);
    CHECK(marks(d).empty());
  }
  CHECK(untouched.size() == 0);
}

TEST_CASE("the frequency table counts each document once, from many threads", "[boilerplate][cross-document]") {
  LineFrequencyTable table;
  const std::vector<std::uint64_t> keys = {1, 2, 3};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t)
    workers.emplace_back([&] {
      for (int i = 0; i < 250; ++i) table.add_document(keys);
    });
  for (auto& w : workers) w.join();
  CHECK(table.add_document({1, 4}) == std::vector<std::uint32_t>{1001, 1});
  CHECK(table.size() == 4);
  // A full table stops tracking new lines instead of growing.
  LineFrequencyTable small(2);
  CHECK(small.add_document({7, 8, 9}) == std::vector<std::uint32_t>{1, 1, 1});
  CHECK(small.add_document({7, 9}) == std::vector<std::uint32_t>{2, 1});
  CHECK(docpipe::plugins::line_key("Share THIS  article!") == docpipe::plugins::line_key("share this article"));
  CHECK(docpipe::plugins::line_key("Updated 3 March 2024") == docpipe::plugins::line_key("Updated 12 March 2025"));
  CHECK(docpipe::plugins::line_key("Updated March") != docpipe::plugins::line_key("Updated May"));
}

TEST_CASE("a related list ends where the next furniture begins", "[boilerplate]") {
  const Document doc = analyze(read_text(
      "A paragraph of the article that ends the story properly, with enough words to be prose.\n"
      "Explore\n"
      "What Makes A Good Bus Route?\n"
      "Why Do Towns Lose Their Shops?\n"
      "By Daniel Price, Staff Writer\n"
      "Share this article\n"));
  CHECK(marks(doc) == Marks{{"related-list", "Explore\nWhat Makes A Good Bus Route?\nWhy Do Towns Lose Their Shops?"},
                            {"byline", "By Daniel Price, Staff Writer"},
                            {"share-prompt", "Share this article"}});
}

TEST_CASE("a page's byline, update line, caption, share prompt and cross-link are marked, its story is not",
          "[boilerplate]") {
  const Document doc = analyze(read_text(slurp("site-furniture.txt")));
  // The update line and the caption share a block, one line each: two units, two reasons.
  CHECK(marks(doc) == Marks{
                          {"updated", "Updated by the city desk at riverside-gazette.com on Tuesday 14 January 2025"},
                          {"caption", "Featured image for Harbour Lights Return to the Old Pier"},
                          {"byline", "By Tomas Reyes, staff writer"},
                          {"share-prompt", "Share this article"},
                          {"cross-link", "Readers can find more stories like this in the local history section on "
                                         "Riverside-Gazette.com."},
                      });
  CHECK_FALSE(marked(doc, "The lamps along the old pier"));
  CHECK_FALSE(marked(doc, "Volunteers cleaned and rewired"));
  CHECK_FALSE(marked(doc, "Harbour Lights Return to the Old Pier\n"));
  // Each span says what decided it.
  CHECK(features_at(doc, "Featured image").find("pattern")->as_string() == "caption or credit prefix");
  CHECK(features_at(doc, "Featured image").find("line")->as_bool());
  CHECK(features_at(doc, "Readers can").find("pattern")->as_string() == "sends the reader to another page of the site");
}

TEST_CASE("menus and footer links around an article are marked by the classifier, with its signals",
          "[boilerplate][classifier]") {
  const Document doc = analyze(read_text(slurp("portal-page.txt")));
  for (const char* menu : {"Home", "Sport", "Sign In"}) {
    INFO(menu);
    CHECK(marked(doc, menu));
  }
  const Object f = features_at(doc, "Weather");
  CHECK(f.find("reason")->as_string() == "menu");
  CHECK(f.find("class")->as_string() == "short");
  CHECK(f.find("context")->as_string() == "bad|bad");
  CHECK(f.contains("stop_words"));
  CHECK(f.contains("position"));
  CHECK(features_at(doc, "Most Read").find("reason")->as_string() == "related-list");
  CHECK(marked(doc, "Privacy Policy"));
  // The article, its title and its one-line paragraph between two long ones stay.
  CHECK_FALSE(marked(doc, "Night Ferry Service Will Run"));
  CHECK_FALSE(marked(doc, "The harbour board agreed"));
  CHECK_FALSE(marked(doc, "Members said the cost"));
  CHECK_FALSE(marked(doc, "The vote followed a petition"));
  CHECK_FALSE(marked(doc, "Ticket prices will not change."));

  // Without the classifier's reasons only the named patterns are left.
  const Document named = analyze(read_text(slurp("portal-page.txt")),
                                 Object{{"reasons", docpipe::Array{"related-list", "footer"}}});
  CHECK_FALSE(marked(named, "Sport"));
  CHECK(marked(named, "Privacy Policy"));
  // A threshold no block reaches: the paragraphs that read as sentences are the article then.
  const Document strict = analyze(read_text(slurp("portal-page.txt")), Object{{"threshold", 1.0}});
  CHECK(marked(strict, "Sport"));
  CHECK_FALSE(marked(strict, "The harbour board agreed"));
  CHECK_FALSE(marked(strict, "The vote followed a petition"));
}

TEST_CASE("in a language other than English the classifier goes by sentence punctuation", "[boilerplate][classifier]") {
  const Document doc = analyze(read_text(slurp("pagina-espanola.txt")));
  CHECK(marked(doc, "Deportes"));
  CHECK(marked(doc, "Aviso legal"));
  CHECK_FALSE(marked(doc, "La junta del puerto"));
  CHECK_FALSE(marked(doc, "Los miembros dijeron"));
  CHECK_FALSE(marked(doc, "El transbordador nocturno"));
}

TEST_CASE("a page that is one short paragraph keeps it", "[boilerplate][classifier]") {
  CHECK(marks(analyze(read_text("A note left on the door said the shop would open late today.\n"))).empty());
  CHECK(marks(analyze(read_text("Opening hours\n\nMonday to Friday, nine to five, and Saturday mornings until one.\n")))
            .empty());
}

TEST_CASE("the threshold must be a share", "[boilerplate]") {
  docpipe::testing::PluginUnderTest plugin;
  CHECK_THROWS_WITH(plugin.analyzer("boilerplate", {{"threshold", 1.5}}), Catch::Contains("threshold"));
  CHECK_THROWS_WITH(plugin.analyzer("boilerplate", {{"reasons", docpipe::Array{"menus"}}}),
                    Catch::Contains("low-content"));
}

TEST_CASE("shared corpus: no sentence, heading or title of the three articles is marked", "[boilerplate][corpus]") {
  // A "References" or "Explore" heading goes with the list it opens.
  const auto opens_list = [](const std::string& kind, const std::string& reason) {
    return kind == "heading" && (reason == "references" || reason == "related-list");
  };
  const std::string corpus = DOCPIPE_SHARED_CORPUS, labels = std::string(DOCPIPE_SHARED_CLAIMS) + "/articles-dev.jsonl";
  if (!std::filesystem::exists(corpus) || !std::filesystem::exists(labels)) {
    WARN("no shared corpus or labels at " << corpus << ": skipped");
    return;
  }
  std::ifstream in(labels);
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> units;  // file -> (kind, text)
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    units[j["file"].get<std::string>()].emplace_back(j["kind"].get<std::string>(), j["text"].get<std::string>());
  }
  for (const char* file : {"small-teams-global.txt", "smb-culture-innovation.txt", "smb-tech-disruption.txt"}) {
    INFO(file);
    std::ifstream f(corpus + "/" + file, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    const Document doc = analyze(read_text(ss.str(), file));
    REQUIRE(units.count(file) == 1);
    std::size_t from = 0, body = 0;
    for (const auto& [kind, text] : units[file]) {
      const auto at = doc.text.find(text, from);
      REQUIRE(at != std::string::npos);
      from = at;
      if (kind != "sentence" && kind != "heading" && kind != "title") continue;
      ++body;
      const docpipe::Span span{at, at + text.size()};
      for (const auto* a : doc.annotations_of("boilerplate")) {
        // Glossary pop-ups inside a sentence are cut out of it; the sentence itself stays.
        if (!a->span.overlaps(span) || (a->features.contains("inline") && span.size() > a->span.size()) ||
            opens_list(kind, a->features.find("reason")->as_string()))
          continue;
        FAIL_CHECK(kind << " marked " << a->features.find("reason")->as_string() << ": " << text);
      }
    }
    CHECK(body > 40);
  }
}
