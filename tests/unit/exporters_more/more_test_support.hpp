// Documents with tricky text and real source positions, golden-file comparison and a way to run
// external checkers (python3's csv module, the sqlite3 CLI, Chromium) from the exporter tests.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "exporter_test_support.hpp"

namespace docpipe::test {

/// A document whose source map maps text offsets 1:1 to the original file, so findings get
/// line:column positions.
inline Document located_document(const std::string& id, const std::string& text) {
  Document doc;
  doc.id = id;
  doc.source_uri = "corpus/" + id;
  doc.media_type = "text/plain";
  doc.text = text;
  doc.source_map.add(0, 0, text.size());
  doc.source_map.set_source_lines(text);
  return doc;
}

/// Adds a finding over the first occurrence of needle.
inline Finding& add_finding(Document& doc, const std::string& needle, std::string stage, std::string category,
                            Severity severity, std::string message, double score = 1.0) {
  const auto at = doc.text.find(needle);
  if (at == std::string::npos) throw std::runtime_error("needle not in text: " + needle);
  doc.findings.push_back(Finding{.stage = std::move(stage),
                                 .category = std::move(category),
                                 .severity = severity,
                                 .message = std::move(message),
                                 .span = {at, at + needle.size()},
                                 .score = score,
                                 .data = Object{{"evidence", needle}}});
  return doc.findings.back();
}

/// The small corpus the golden files describe: positions, quoting hazards, non-ASCII, a failure.
inline std::vector<Document> golden_corpus() {
  std::vector<Document> docs;
  Document a = located_document("alpha.txt", "Alpha report\n\nSales rose 40% last year, \"clearly\".\nIt may, perhaps, rain | or not.\n");
  a.metadata.set("title", "Alpha, \"quoted\" report");
  a.stage_metrics("stats").set("words", 14);
  a.stage_metrics("stats").set("average_word_length", 4.25);
  a.stage_metrics("readability").set("document", Object{{"flesch_kincaid_grade", 7.5}, {"sentences", 2}});
  a.stage_metrics("claims").set("claims_per_1000_words", 71.4);
  a.stage_metrics("claims").set("kinds", Array{"statistical", "causal"});
  add_finding(a, "Sales rose 40%", "claims", "statistical", Severity::warning, "statistic without a source", 0.8);
  add_finding(a, "perhaps", "hedges", "hedge", Severity::info, "hedge word", 0.3);
  add_finding(a, "\"clearly\"", "style", "weasel", Severity::error, "unsupported \"clearly\"", 0.9);
  docs.push_back(std::move(a));

  Document b = located_document("b\u00e9ta.md", "# Caf\u00e9 na\u00efve\n\n\u00c9t\u00e9 chaud,\nline two.\n");
  b.media_type = "text/markdown";
  b.metadata.set("title", "Caf\u00e9 na\u00efve");
  b.stage_metrics("stats").set("words", 6);
  b.stage_metrics("stats").set("average_word_length", 4.0);
  add_finding(b, "chaud,\nline", "style", "line-break", Severity::warning, "sentence spans\nlines", 0.5);
  docs.push_back(std::move(b));

  Document c;
  c.id = "gamma.txt";
  c.source_uri = "corpus/gamma.txt";
  c.failed = true;
  c.diagnostics.push_back({Severity::error, "text", "binary file refused"});
  docs.push_back(std::move(c));
  return docs;
}

/// Checks content against tests/fixtures/exporters_more/<name>; DOCPIPE_UPDATE_GOLDEN=1 rewrites it.
inline std::string golden(const std::string& name, const std::string& content) {
  const fs::path path = fs::path(DOCPIPE_GOLDEN_DIR) / name;
  if (std::getenv("DOCPIPE_UPDATE_GOLDEN") != nullptr) write_file(path, content);
  return read_file(path);
}

/// Runs a shell command; returns its exit status and puts its stdout in out.
inline int run_command(const std::string& command, std::string& out) {
  out.clear();
  std::FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("cannot run " + command);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Single-quotes s for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Runs the exporter over docs: begin, write each, finish.
template <class T>
void export_all(T& exporter, const fs::path& dir, const std::vector<Document>& docs) {
  exporter.begin(make_run(dir));
  for (const Document& d : docs) exporter.write(d);
  RunSummary summary;
  summary.documents = docs.size();
  for (const Document& d : docs) summary.failed += d.failed;
  exporter.finish(summary);
}

}  // namespace docpipe::test
