#include "sqlite_exporter.hpp"

#include <sqlite3.h>

#include <cmath>
#include <filesystem>

#include "docpipe/error.hpp"
#include "document_json.hpp"
#include "export_support.hpp"
#include "output_file.hpp"

namespace docpipe::plugins {

namespace {

constexpr std::string_view kDefaultFile = "docpipe.sqlite";

// Kept in step with docs/sqlite.md. Ids are SQLite rowids; documents.doc_id is docpipe's id.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  docpipe_version TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  pipeline_hash TEXT NOT NULL,
  stages TEXT NOT NULL,
  documents INTEGER,
  failed INTEGER,
  bytes INTEGER,
  seconds REAL
);
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  doc_id TEXT NOT NULL,
  source TEXT NOT NULL,
  media_type TEXT NOT NULL,
  title TEXT,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  metadata TEXT NOT NULL,
  UNIQUE (run_id, doc_id)
);
CREATE TABLE IF NOT EXISTS metrics (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  name TEXT NOT NULL,
  value,
  PRIMARY KEY (document_id, stage, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
  message TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  line INTEGER,
  "column" INTEGER,
  page INTEGER,
  score REAL,
  excerpt TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS diagnostics (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  severity TEXT NOT NULL,
  stage TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS annotations (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  features TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_by_doc_id ON documents(doc_id);
CREATE INDEX IF NOT EXISTS metrics_by_name ON metrics(stage, name);
CREATE INDEX IF NOT EXISTS findings_by_document ON findings(document_id);
CREATE INDEX IF NOT EXISTS findings_by_category ON findings(stage, category);
CREATE INDEX IF NOT EXISTS diagnostics_by_document ON diagnostics(document_id);
CREATE INDEX IF NOT EXISTS annotations_by_document ON annotations(document_id, type);
)sql";

std::string json_text(const OrderedJson& j) { return dump_json(j, JsonStyle::compact); }

}  // namespace

// A prepared statement bound by position; reset after each step so it can be reused per row.
class SqliteExporter::Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw Error(std::string("sqlite: cannot prepare statement: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::string_view s) {
    return check(sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
  }
  Statement& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, i, v)); }
  Statement& bind(int i, double v) {
    return check(std::isfinite(v) ? sqlite3_bind_double(stmt_, i, v) : sqlite3_bind_null(stmt_, i));
  }
  Statement& bind_null(int i) { return check(sqlite3_bind_null(stmt_, i)); }
  /// Numbers and booleans stay numeric (so SQL can compare and average them); strings are TEXT;
  /// arrays and objects are JSON TEXT; null is NULL.
  Statement& bind(int i, const Value& v) {
    switch (v.type()) {
      case Value::Type::null:
        return bind_null(i);
      case Value::Type::boolean:
        return bind(i, std::int64_t{v.as_bool() ? 1 : 0});
      case Value::Type::integer:
        return bind(i, v.as_int());
      case Value::Type::number:
        return bind(i, v.as_double());
      case Value::Type::string:
        return bind(i, std::string_view(v.as_string()));
      default:
        return bind(i, std::string_view(json_text(value_to_json(v))));
    }
  }
  /// Runs the statement once; returns the new row's id.
  std::int64_t run() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (rc != SQLITE_DONE) throw Error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return sqlite3_last_insert_rowid(db_);
  }

 private:
  Statement& check(int rc) {
    if (rc != SQLITE_OK) throw Error(std::string("sqlite: cannot bind a value: ") + sqlite3_errmsg(db_));
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::vector<OptionSpec> SqliteExporter::option_specs() {
  return {output_file_option(std::string(kDefaultFile)),
          {.name = "include_annotations",
           .type = OptionType::boolean,
           .default_value = false,
           .required = false,
           .description = "Also store every annotation (type, byte span, features) in the annotations table",
           .choices = {}}};
}

SqliteExporter::SqliteExporter(const StageContext& ctx)
    : file_(output_file_name(ctx.options, kDefaultFile)),
      include_annotations_(bool_option(ctx.options, "include_annotations")) {}

SqliteExporter::~SqliteExporter() { close(); }

void SqliteExporter::close() {
  insert_document_.reset();
  insert_metric_.reset();
  insert_finding_.reset();
  insert_diagnostic_.reset();
  insert_annotation_.reset();
  if (db_ != nullptr) {
    // Rolls back an open transaction; the temporary copy is then removed by out_.
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

void SqliteExporter::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw Error("sqlite " + out_->path() + ": " + why);
  }
}

SqliteExporter::Statement& SqliteExporter::statement(std::unique_ptr<Statement>& slot, const char* sql) {
  if (db_ == nullptr) throw Error("sqlite exporter: write() called before begin() or after finish()");
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  return *slot;
}

namespace {

// How long a run waits for another writer of the same database (another docpipe run, a reader
// holding a lock) before giving up: SQLite's busy handler waits kBusyTimeoutMs per attempt,
// and BEGIN IMMEDIATE is tried kBusyAttempts times.
constexpr int kBusyTimeoutMs = 30'000;
constexpr int kBusyAttempts = 10;

void exec_on(sqlite3* db, const std::string& path, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw Error("sqlite " + path + ": " + why);
  }
}

// Opens path (creating it when asked) with the busy timeout set; throws naming the path.
sqlite3* open_database(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    throw Error("cannot open " + path + ": " + why);
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return db;
}

struct Database {
  sqlite3* db;
  ~Database() { sqlite3_close_v2(db); }
};

// The schema version of an existing database; throws when it is not a database or is newer.
int schema_version(sqlite3* db, const std::string& path) {
  sqlite3_stmt* q = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, nullptr);
  int version = 0;
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) version = sqlite3_column_int(q, 0);
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_ROW) throw Error("cannot read the existing database " + path + ": " + sqlite3_errmsg(db));
  if (version > sqlite_schema_version)
    throw Error(path + " has docpipe sqlite schema " + std::to_string(version) + ", newer than this exporter's " +
                std::to_string(sqlite_schema_version));
  return version;
}

}  // namespace

void SqliteExporter::begin(const RunInfo& run) {
  close();
  out_ = open_output(run, file_);
  // An existing database is checked now, so a run that could not add to it fails before reading.
  if (std::filesystem::exists(out_->path())) {
    Database existing{open_database(out_->path(), SQLITE_OPEN_READONLY)};
    schema_version(existing.db, out_->path());
  }
  // The run's rows go to a private database of their own; finish() adds them to the target in
  // one short transaction, so concurrent runs into one database all land.
  db_ = open_database(out_->temp_path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  // The copy is private and thrown away on failure, so no rollback journal file is needed.
  exec("PRAGMA journal_mode = MEMORY; PRAGMA foreign_keys = ON;");
  exec("BEGIN IMMEDIATE;");
  exec(kSchema);

  OrderedJson stages = run_to_json(run)["stages"];
  Statement insert(db_,
                   "INSERT INTO runs (started_at, docpipe_version, pipeline, pipeline_hash, stages) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
  run_id_ = insert.bind(1, std::string_view(run.started_at))
                .bind(2, std::string_view(run.docpipe_version))
                .bind(3, std::string_view(run.pipeline_path))
                .bind(4, std::string_view(run.pipeline_hash))
                .bind(5, std::string_view(json_text(stages)))
                .run();
}

void SqliteExporter::write(const Document& doc) {
  const std::int64_t document_id =
      statement(insert_document_,
                "INSERT INTO documents (run_id, doc_id, source, media_type, title, status, metadata) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
          .bind(1, run_id_)
          .bind(2, std::string_view(doc.id))
          .bind(3, std::string_view(doc.source_uri))
          .bind(4, std::string_view(doc.media_type))
          .bind(5, std::string_view(document_title(doc)))
          .bind(6, document_status(doc))
          .bind(7, std::string_view(json_text(object_to_json(doc.metadata))))
          .run();
  Statement& metric = statement(insert_metric_,
                                "INSERT OR REPLACE INTO metrics (document_id, stage, name, value) VALUES (?1, ?2, ?3, ?4)");
  for (const FlatMetric& m : flatten_metrics(doc.metrics))
    metric.bind(1, document_id).bind(2, std::string_view(m.stage)).bind(3, std::string_view(m.name)).bind(4, *m.value).run();

  Statement& finding = statement(
      insert_finding_,
      "INSERT INTO findings (document_id, stage, category, severity, message, span_begin, span_end, line, \"column\", "
      "page, score, excerpt, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  for (const Finding& f : doc.findings) {
    finding.bind(1, document_id)
        .bind(2, std::string_view(f.stage))
        .bind(3, std::string_view(f.category))
        .bind(4, to_string(f.severity))
        .bind(5, std::string_view(f.message))
        .bind(6, static_cast<std::int64_t>(f.span.begin))
        .bind(7, static_cast<std::int64_t>(f.span.end));
    const auto pos = locate_finding(doc, f);
    if (pos && pos->line > 0) {
      finding.bind(8, static_cast<std::int64_t>(pos->line)).bind(9, static_cast<std::int64_t>(pos->column));
    } else {
      finding.bind_null(8).bind_null(9);
    }
    if (pos && pos->page > 0)
      finding.bind(10, static_cast<std::int64_t>(pos->page));
    else
      finding.bind_null(10);
    finding.bind(11, f.score)
        .bind(12, std::string_view(excerpt(doc, f.span, 1000)))
        .bind(13, std::string_view(json_text(object_to_json(f.data))))
        .run();
  }
  Statement& diagnostic = statement(
      insert_diagnostic_, "INSERT INTO diagnostics (document_id, severity, stage, message) VALUES (?1, ?2, ?3, ?4)");
  for (const Diagnostic& d : doc.diagnostics)
    diagnostic.bind(1, document_id)
        .bind(2, to_string(d.severity))
        .bind(3, std::string_view(d.stage))
        .bind(4, std::string_view(d.message))
        .run();
  if (include_annotations_) {
    Statement& annotation = statement(
        insert_annotation_,
        "INSERT INTO annotations (document_id, type, span_begin, span_end, features) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const Annotation& a : doc.annotations)
      annotation.bind(1, document_id)
          .bind(2, std::string_view(a.type))
          .bind(3, static_cast<std::int64_t>(a.span.begin))
          .bind(4, static_cast<std::int64_t>(a.span.end))
          .bind(5, std::string_view(json_text(object_to_json(a.features))))
          .run();
  }
}

void SqliteExporter::finish(const RunSummary& summary) {
  if (db_ == nullptr) throw Error("sqlite exporter: finish() called before begin() or after finish()");
  Statement update(db_,
                   "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), documents = ?1, failed = ?2, "
                   "bytes = ?3, seconds = ?4 WHERE id = ?5");
  update.bind(1, static_cast<std::int64_t>(summary.documents))
      .bind(2, static_cast<std::int64_t>(summary.failed))
      .bind(3, static_cast<std::int64_t>(summary.bytes))
      .bind(4, summary.seconds)
      .bind(5, run_id_)
      .run();
  exec("COMMIT;");
  close();
  merge_into_target();
  out_.reset();  // removes the private database
}

void SqliteExporter::merge_into_target() {
  const std::string& path = out_->path();
  Database target{open_database(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)};
  sqlite3* db = target.db;
  exec_on(db, path, "PRAGMA foreign_keys = ON;");
  {
    sqlite3_stmt* attach = nullptr;
    if (sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS run", -1, &attach, nullptr) != SQLITE_OK)
      throw Error("sqlite " + path + ": " + sqlite3_errmsg(db));
    sqlite3_bind_text(attach, 1, out_->temp_path().c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(attach);
    sqlite3_finalize(attach);
    if (rc != SQLITE_DONE) throw Error("sqlite " + path + ": cannot attach " + out_->temp_path() + ": " + sqlite3_errmsg(db));
  }
  // BEGIN IMMEDIATE takes the write lock up front (a deferred transaction could fail on its
  // first write with SQLITE_BUSY and no way to wait); another writer makes it wait, and retry.
  for (int attempt = 1;; ++attempt) {
    const int rc = sqlite3_exec(db, "BEGIN IMMEDIATE;", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) break;
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt == kBusyAttempts)
      throw Error("sqlite " + path + ": cannot start writing: " + sqlite3_errmsg(db) + " (after " +
                  std::to_string(attempt) + " attempt(s) of " + std::to_string(kBusyTimeoutMs / 1000) + " s)");
  }
  try {
    schema_version(db, path);
    exec_on(db, path, kSchema);
    exec_on(db, path, ("PRAGMA main.user_version = " + std::to_string(sqlite_schema_version) + ";").c_str());
    // The private database holds one run (id 1) and documents numbered from 1: the run gets the
    // next id here and the documents keep their order after the last one present.
    exec_on(db, path,
            "INSERT INTO main.runs (started_at, finished_at, docpipe_version, pipeline, pipeline_hash, stages, "
            "documents, failed, bytes, seconds) SELECT started_at, finished_at, docpipe_version, pipeline, "
            "pipeline_hash, stages, documents, failed, bytes, seconds FROM run.runs;"
            "CREATE TEMP TABLE docpipe_merge AS SELECT last_insert_rowid() AS run_id, "
            "(SELECT coalesce(max(id), 0) FROM main.documents) AS doc_offset;"
            "INSERT INTO main.documents (id, run_id, doc_id, source, media_type, title, status, metadata) "
            "SELECT d.id + m.doc_offset, m.run_id, doc_id, source, media_type, title, status, metadata "
            "FROM run.documents d, docpipe_merge m ORDER BY d.id;"
            "INSERT INTO main.metrics (document_id, stage, name, value) "
            "SELECT document_id + m.doc_offset, stage, name, value FROM run.metrics, docpipe_merge m;"
            "INSERT INTO main.findings (document_id, stage, category, severity, message, span_begin, span_end, "
            "line, \"column\", page, score, excerpt, data) SELECT document_id + m.doc_offset, stage, category, severity, "
            "message, span_begin, span_end, line, \"column\", page, score, excerpt, data "
            "FROM run.findings, docpipe_merge m ORDER BY run.findings.id;"
            "INSERT INTO main.diagnostics (document_id, severity, stage, message) "
            "SELECT document_id + m.doc_offset, severity, stage, message FROM run.diagnostics, docpipe_merge m "
            "ORDER BY run.diagnostics.id;"
            "INSERT INTO main.annotations (document_id, type, span_begin, span_end, features) "
            "SELECT document_id + m.doc_offset, type, span_begin, span_end, features FROM run.annotations, docpipe_merge m "
            "ORDER BY run.annotations.id;"
            "DROP TABLE docpipe_merge;");
    exec_on(db, path, "COMMIT;");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK;", nullptr, nullptr, nullptr);
    throw;
  }
  exec_on(db, path, "DETACH DATABASE run;");
}

}  // namespace docpipe::plugins
