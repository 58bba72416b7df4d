// Exporter appending each run to one SQLite database: runs, documents, metrics, findings,
// diagnostics and (optionally) annotations. Schema: docs/sqlite.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "docpipe/atomic_file.hpp"
#include "docpipe/plugin.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace docpipe::plugins {

/// Schema version stored in PRAGMA user_version; bumped when a table or column changes meaning.
inline constexpr int sqlite_schema_version = 1;

/// Each run is a new row in `runs` plus its documents. The rows go to SQLite as documents arrive
/// (memory stays bounded), into a private database beside the target; finish() adds them to the
/// target in one transaction, begun with BEGIN IMMEDIATE under a busy timeout (and retried), so
/// two runs writing one database at once both land. An aborted run leaves the target untouched.
class SqliteExporter : public Exporter {
 public:
  /// The options the exporter declares: file, include_annotations.
  static std::vector<OptionSpec> option_specs();

  /// Reads the options; throws docpipe::Error when `file` is empty.
  explicit SqliteExporter(const StageContext& ctx);
  ~SqliteExporter() override;

  /// Checks the existing database (if any), starts the run's private database, inserts the run.
  void begin(const RunInfo& run) override;
  /// Inserts the document with its metrics, findings, diagnostics and annotations.
  void write(const Document& doc) override;
  /// Records the summary and adds the run to the target database.
  void finish(const RunSummary& summary) override;

 private:
  class Statement;
  void exec(const char* sql);
  void close();
  void merge_into_target();
  Statement& statement(std::unique_ptr<Statement>& slot, const char* sql);

  std::string file_;
  bool include_annotations_;
  std::unique_ptr<AtomicFile> out_;  // owns the temporary database's name; removes it when aborted
  sqlite3* db_ = nullptr;            // declared after out_, closed before it (see close())
  std::int64_t run_id_ = 0;
  std::unique_ptr<Statement> insert_document_, insert_metric_, insert_finding_, insert_diagnostic_,
      insert_annotation_;
};

}  // namespace docpipe::plugins
