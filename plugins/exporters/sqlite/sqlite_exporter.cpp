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

void SqliteExporter::begin(const RunInfo& run) {
  close();
  out_ = open_output(run, file_);
  if (sqlite3_open_v2(out_->temp_path().c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    close();
    throw Error("cannot open " + out_->temp_path() + " for " + out_->path() + ": " + why);
  }
  if (std::filesystem::exists(out_->path())) {
    sqlite3* previous = nullptr;
    const bool opened =
        sqlite3_open_v2(out_->path().c_str(), &previous, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK;
    sqlite3_backup* backup = opened ? sqlite3_backup_init(db_, "main", previous, "main") : nullptr;
    const bool copied = backup != nullptr && sqlite3_backup_step(backup, -1) == SQLITE_DONE;
    if (backup != nullptr) sqlite3_backup_finish(backup);
    const std::string why = previous ? sqlite3_errmsg(previous) : "out of memory";
    sqlite3_close_v2(previous);
    if (!copied) throw Error("cannot read the existing database " + out_->path() + ": " + why);
  }
  // The copy is private and thrown away on failure, so no rollback journal file is needed.
  exec("PRAGMA journal_mode = MEMORY; PRAGMA foreign_keys = ON;");
  exec("BEGIN IMMEDIATE;");
  int version = 0;
  {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &q, nullptr);
    if (q != nullptr && sqlite3_step(q) == SQLITE_ROW) version = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
  }
  if (version > sqlite_schema_version)
    throw Error(out_->path() + " has docpipe sqlite schema " + std::to_string(version) + ", newer than this exporter's " +
                std::to_string(sqlite_schema_version));
  exec(kSchema);
  exec(("PRAGMA user_version = " + std::to_string(sqlite_schema_version) + ";").c_str());

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
    const auto pos = doc.locate(f.span.begin);
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
  out_->commit();
  out_.reset();
}

}  // namespace docpipe::plugins
