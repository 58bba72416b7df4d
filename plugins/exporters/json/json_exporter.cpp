#include "json_exporter.hpp"

#include "docpipe/error.hpp"
#include "output_file.hpp"

namespace docpipe::plugins {

namespace {
constexpr std::string_view kDefaultFile = "docpipe.json";
}  // namespace

std::vector<OptionSpec> JsonExporter::option_specs() {
  std::vector<OptionSpec> specs{output_file_option(std::string(kDefaultFile))};
  for (OptionSpec& spec : document_json_option_specs()) specs.push_back(std::move(spec));
  specs.push_back({.name = "pretty",
                   .type = OptionType::boolean,
                   .default_value = true,
                   .required = false,
                   .description = "Indent the file for reading; false writes it on one line",
                   .choices = {}});
  return specs;
}

JsonExporter::JsonExporter(const StageContext& ctx)
    : file_(output_file_name(ctx.options, kDefaultFile)),
      document_options_(document_json_options(ctx.options)),
      style_(!ctx.options.has("pretty") || ctx.options.get_bool("pretty") ? JsonStyle::pretty : JsonStyle::compact) {}

AtomicFile& JsonExporter::output(const char* call) {
  if (!out_) throw Error(std::string("json exporter: ") + call + " called before begin() or after finish()");
  return *out_;
}

// The file is written as the pieces of one object whose "documents" array stays open until
// finish(); the separators reproduce exactly what dumping the whole object would give.
void JsonExporter::begin(const RunInfo& run) {
  out_.reset();
  written_ = 0;
  out_ = open_output(run, file_);
  const OrderedJson version = std::string(output_schema_version);
  if (style_ == JsonStyle::pretty) {
    out_->write("{\n  \"schema_version\": " + dump_json(version, style_) +
                ",\n  \"run\": " + dump_json(run_to_json(run), style_, 2) + ",\n  \"documents\": ");
  } else {
    out_->write("{\"schema_version\":" + dump_json(version, style_) +
                ",\"run\":" + dump_json(run_to_json(run), style_) + ",\"documents\":");
  }
}

void JsonExporter::write(const Document& doc) {
  AtomicFile& out = output("write()");
  const bool pretty = style_ == JsonStyle::pretty;
  out.write(written_ == 0 ? (pretty ? "[\n    " : "[") : (pretty ? ",\n    " : ","));
  out.write(dump_json(document_to_json(doc, document_options_), style_, 4));
  ++written_;
}

void JsonExporter::finish(const RunSummary& summary) {
  AtomicFile& out = output("finish()");
  const bool pretty = style_ == JsonStyle::pretty;
  std::string tail = written_ == 0 ? "[]" : (pretty ? "\n  ]" : "]");
  tail += pretty ? ",\n  \"summary\": " : ",\"summary\":";
  tail += dump_json(summary_to_json(summary), style_, 2);
  tail += pretty ? "\n}\n" : "}\n";
  out.write(tail);
  out.commit();
  out_.reset();
}

}  // namespace docpipe::plugins
