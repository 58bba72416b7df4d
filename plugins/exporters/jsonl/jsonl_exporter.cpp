#include "jsonl_exporter.hpp"

#include "docpipe/error.hpp"
#include "output_file.hpp"

namespace docpipe::plugins {

namespace {
constexpr std::string_view kDefaultFile = "docpipe.jsonl";
}  // namespace

std::vector<OptionSpec> JsonlExporter::option_specs() {
  std::vector<OptionSpec> specs{output_file_option(std::string(kDefaultFile))};
  for (OptionSpec& spec : document_json_option_specs()) specs.push_back(std::move(spec));
  return specs;
}

JsonlExporter::JsonlExporter(const StageContext& ctx)
    : file_(output_file_name(ctx.options, kDefaultFile)), document_options_(document_json_options(ctx.options)) {}

AtomicFile& JsonlExporter::output(const char* call) {
  if (!out_) throw Error(std::string("jsonl exporter: ") + call + " called before begin() or after finish()");
  return *out_;
}

// "record" comes first so a reader can dispatch on the line's start; it is spliced into the dumped
// text rather than copied into a new object, which would duplicate a large document's text.
void JsonlExporter::write_record(const char* call, std::string_view record, const OrderedJson& fields) {
  AtomicFile& out = output(call);
  const std::string body = dump_json(fields, JsonStyle::compact);
  out.write("{\"record\":" + dump_json(OrderedJson(record), JsonStyle::compact) + (body.size() > 2 ? "," : ""));
  out.write(std::string_view(body).substr(body.size() > 2 ? 1 : body.size() - 1));
  out.write("\n");
}

void JsonlExporter::begin(const RunInfo& run) {
  out_.reset();
  out_ = open_output(run, file_);
  write_record("begin()", "run", {{"schema_version", output_schema_version}, {"run", run_to_json(run)}});
}

// Written straight from the document: building a JSON tree first cost more than the analysis of
// some stages, and this runs on the host's single exporting thread.
void JsonlExporter::write(const Document& doc) {
  AtomicFile& out = output("write()");
  line_.assign("{\"record\":\"document\"");
  const std::size_t body = line_.size();
  append_document_json(line_, doc, document_options_);
  line_[body] = ',';  // the document's own '{' continues the record's object
  line_.push_back('\n');
  out.write(line_);
}

void JsonlExporter::finish(const RunSummary& summary) {
  write_record("finish()", "summary", summary_to_json(summary));
  out_->commit();
  out_.reset();
}

}  // namespace docpipe::plugins
