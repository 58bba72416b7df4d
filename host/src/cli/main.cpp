// docpipe's command line: run, validate, plugins.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/input_listing.hpp"
#include "cli/pipeline_loading.hpp"
#include "cli/scaffold.hpp"
#include "config/discovery.hpp"
#include "config/pipeline_config.hpp"
#include "config/rules.hpp"
#include "host_config.hpp"
#include "log/stage_logger.hpp"
#include "lsp/server.hpp"
#include "pipeline/baseline.hpp"
#include "pipeline/runner.hpp"
#include "pipeline/document_codec.hpp"
#include "pipeline/leftovers.hpp"
#include "pipeline/output_lock.hpp"
#include "pipeline/output_marker.hpp"
#include "pipeline/shard.hpp"

using namespace docpipe;
using namespace docpipe::host;
namespace fs = std::filesystem;

namespace {

struct InputFlags {
  bool list = false;       ///< --list-inputs: print what would be read, read nothing
  bool no_ignore = false;  ///< --no-ignore: ignore files do not apply
};

std::string count(std::uint64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

int report_config_error(const ConfigError& e) {
  for (const auto& line : e.errors()) std::fprintf(stderr, "%s\n", line.c_str());
  std::fprintf(stderr, "docpipe: %zu configuration error%s; nothing was read\n", e.errors().size(),
               e.errors().size() == 1 ? "" : "s");
  return exit_config_error;
}

/// The run's inputs, walked after the output folder is known so the walk can leave it out.
InputList run_inputs(const PipelineConfig& config, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& output_dirs, bool no_ignore) {
  // Inputs on the command line replace the file's; they are relative to the cwd.
  return expand_inputs(inputs.empty() ? config.inputs : inputs, walk_options(config, output_dirs, no_ignore));
}

/// What `run` and `baseline` were given on the command line.
struct RunArgs {
  std::string pipeline;
  std::vector<std::string> inputs;
  std::string output;
  int jobs = 0;
  Overrides overrides;
  std::string shard;
  InputFlags input_flags;
  std::string baseline_in;   ///< run --baseline FILE
  std::string baseline_out;  ///< the baseline command's file; non-empty for that command
  std::string format;        ///< --format: console, json or sarif instead of the file's exporters
  bool wait = false;         ///< --wait: wait for another run holding the output folder
  std::string isolation;     ///< --isolation, --isolate (process), --no-isolate (none)
  bool isolate = false, no_isolate = false;
  double timeout = -1;       ///< --timeout; < 0: the file's
  std::string max_memory;    ///< --max-memory
};

/// Process isolation unless the command line or the file says "none".
void set_isolation(const RunArgs& a, const PipelineConfig& config, RunOptions& options) {
  std::string mode = !a.isolation.empty() ? a.isolation
                     : a.isolate          ? "process"
                     : a.no_isolate       ? "none"
                     : !config.isolation.empty() ? config.isolation : "process";
  options.isolation = mode == "none" ? Isolation::none : Isolation::process;
  options.timeout = a.timeout >= 0 ? a.timeout : config.timeout;
  options.max_memory = config.max_memory;
  if (!a.max_memory.empty()) {
    const auto m = parse_size(a.max_memory);
    if (!m) throw ConfigError({"command line: --max-memory must be a size such as 512M or 2G, got '" + a.max_memory + "'"});
    options.max_memory = *m;
  }
}

/// --format json|sarif: the exporter writes into a private folder and the file is copied to
/// stdout once it is complete, so a pipe gets the whole document or, on failure, nothing.
struct StdoutFormat {
  fs::path dir;
  std::string file;
  explicit StdoutFormat(const std::string& format) {
    std::string tmpl = (fs::temp_directory_path() / "docpipe-stdout-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw Error("cannot create a temporary folder for --format " + format);
    dir = tmpl;
    file = "stdout." + format;
  }
  ~StdoutFormat() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void copy_to_stdout() const {
    std::ifstream in(dir / file, std::ios::binary);
    std::cout << in.rdbuf();
    std::cout.flush();
  }
};

int cmd_run(const GlobalOptions& g, const RunArgs& a) {
  const ShardSpec shard = a.shard.empty() ? ShardSpec{} : parse_shard(a.shard);
  const bool writing_baseline = !a.baseline_out.empty();
  std::optional<StdoutFormat> to_stdout;
  Overrides overrides = a.overrides;
  if (!a.format.empty()) {
    overrides.exporters = {a.format};
    if (a.format != "console") {
      to_stdout.emplace(a.format);
      overrides.sets.push_back(a.format + ".file=" + to_stdout->file);
    }
  }
  // `docpipe run FILE.md [MORE...]`, as `vale FILE.md`: the first argument is an input, and the
  // pipeline is the discovered one.
  std::string pipeline = a.pipeline;
  std::vector<std::string> inputs = a.inputs;
  if (!pipeline.empty()) {
    switch (classify_first_argument(pipeline)) {
      case FirstArgument::pipeline:
        break;
      case FirstArgument::input:
        inputs.insert(inputs.begin(), pipeline);
        pipeline.clear();
        break;
      case FirstArgument::neither:
        throw ConfigError({pipeline + ": no such file or folder; `docpipe " + std::string(writing_baseline ? "baseline" : "run") +
                           "` takes a pipeline file (.toml) or the documents, folders or glob patterns to check with "
                           "the docpipe.toml of this folder or a parent (else the built-in default pipeline)"});
    }
  }
  PluginRegistry registry;
  PipelineConfig config = load_pipeline(pipeline, overrides, g, registry, writing_baseline);
  std::optional<Baseline> baseline;
  if (!a.baseline_in.empty()) baseline = Baseline::load(a.baseline_in);
  RunOptions options;
  const std::string base_output = to_stdout ? to_stdout->dir.string()
                                  : !a.output.empty() ? a.output
                                  : !config.output.empty() ? config.output : "out";
  options.output_dir = base_output;
  if (shard.active()) options.output_dir = (fs::path(base_output) / shard.dir_name()).string();
  InputList list = run_inputs(config, inputs, {base_output, options.output_dir}, a.input_flags.no_ignore);
  if (a.input_flags.list) {
    print_input_list(config, list, g.verbosity >= 1, std::cout);
    log_skipped(list, 0);
    if (!g.quiet) {
      const std::string skipped = skipped_summary(list);
      std::fprintf(stderr, "docpipe: %zu input%s%s%s\n", list.items.size(), list.items.size() == 1 ? "" : "s",
                   skipped.empty() ? "" : "; ", skipped.c_str());
    }
    return exit_ok;
  }
  log_skipped(list, g.verbosity);
  std::vector<InputItem>& items = list.items;
  if (shard.active())
    std::erase_if(items, [&](const InputItem& i) { return shard_hash(i.id) % shard.count != shard.index; });
  if (items.empty() && !shard.active()) {
    const std::string skipped = skipped_summary(list);
    std::fprintf(stderr, "docpipe: no inputs%s%s: give INPUT arguments or inputs = [...] in %s\n",
                 skipped.empty() ? "" : " (", skipped.empty() ? "" : (skipped + "; -v lists them)").c_str(),
                 config.file.c_str());
    return exit_config_error;
  }
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.jobs = a.jobs > 0 ? a.jobs : config.jobs > 0 ? config.jobs : hw;
  set_isolation(a, config, options);
  options.quiet = g.quiet;
  options.progress = !g.quiet && ::isatty(STDERR_FILENO);
  std::error_code ec;
  // The built-in pipeline only prints, and a baseline run exports nothing: no out/ left behind.
  const bool no_output_dir =
      config.file.filename() == builtin_pipeline_name || writing_baseline || !a.format.empty();
  if (!no_output_dir) fs::create_directories(options.output_dir, ec);
  if (ec) {
    std::fprintf(stderr, "docpipe: cannot create output directory %s: %s\n", options.output_dir.c_str(),
                 ec.message().c_str());
    return exit_internal_error;
  }
  // One run at a time per output folder (two at once would leave a mix of both outputs).
  std::optional<OutputLock> lock;
  if (!no_output_dir) {
    std::string command = "docpipe run " + config.file.string();
    for (char& c : command)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    OutputLock::Holder holder;
    lock = OutputLock::acquire(options.output_dir, a.wait, g.quiet, &holder, command);
    if (!lock) {
      std::fprintf(stderr, "docpipe: %s is in use by another run: %s; give --wait to wait for it to finish\n",
                   options.output_dir.c_str(), holder.describe().c_str());
      return exit_internal_error;
    }
    if (!lock->taken_over().empty() && !g.quiet)
      std::fprintf(stderr, "docpipe: took over the lock on %s from a run that no longer runs (%s)\n",
                   options.output_dir.c_str(), lock->taken_over().c_str());
    // Temporaries of runs killed before they could remove them (kill -9, a crash).
    const Leftovers left = remove_dead_temporaries(options.output_dir);
    if (left.files > 0 && !g.quiet)
      std::fprintf(stderr, "docpipe: removed %s (%.1f MB) left in %s by runs that no longer run\n",
                   count(left.files, "temporary file").c_str(), left.bytes / 1e6, options.output_dir.c_str());
  }
  // Marked before anything is written, so even an interrupted run's folder is never read back.
  if (!no_output_dir) {
    write_output_marker(options.output_dir, pipeline_hash(config));
    if (shard.active()) write_output_marker(base_output, pipeline_hash(config));
  }
  std::unique_ptr<ShardWriter> shard_writer;
  if (shard.active()) {
    shard_writer = std::make_unique<ShardWriter>(shard, options.output_dir, config);
    options.shard = shard_writer.get();
  }
  std::vector<BaselineKey> recorded;
  if (writing_baseline) options.record = &recorded;
  if (baseline) options.baseline = &*baseline;
  const RunResult r = run_pipeline(config, registry, items, options);
  if (writing_baseline && r.exit_code != exit_interrupted) save_baseline(a.baseline_out, recorded);
  if (to_stdout && (r.exit_code == exit_ok || r.exit_code == exit_documents_failed || r.exit_code == exit_findings_gate))
    to_stdout->copy_to_stdout();
  if (!g.quiet) {
    const std::string skipped = skipped_summary(list);
    std::string extra;
    if (r.suppressed > 0) extra += ", " + count(r.suppressed, "finding") + " suppressed by comments";
    std::fprintf(stderr, "docpipe: %s, %llu failed%s, %.2f MB in %.2f s (%.1f MB/s, %d jobs)%s%s%s\n",
                 count(r.documents, "document").c_str(), static_cast<unsigned long long>(r.failed), extra.c_str(),
                 r.bytes / 1e6, r.seconds, r.seconds > 0 ? r.bytes / 1e6 / r.seconds : 0.0, options.jobs,
                 skipped.empty() ? "" : ", ", skipped.c_str(),
                 no_output_dir ? "" : ("; output in " + options.output_dir).c_str());
    if (baseline) {
      const std::size_t gone = baseline->unmatched();
      std::fprintf(stderr, "docpipe: baseline %s: %s baselined, %s no longer occur\n", a.baseline_in.c_str(),
                   count(r.baselined, "finding").c_str(),
                   (gone == 1 ? std::string("1 entry") : std::to_string(gone) + " entries").c_str());
    }
    if (writing_baseline)
      std::fprintf(stderr, "docpipe: wrote a baseline of %s to %s\n", count(recorded.size(), "finding").c_str(),
                   a.baseline_out.c_str());
  }
  return r.exit_code == exit_findings_gate && writing_baseline ? exit_ok : r.exit_code;
}

int cmd_validate(const GlobalOptions& g, const std::string& pipeline, const Overrides& overrides,
                 const InputFlags& flags) {
  PluginRegistry registry;
  PipelineConfig config = load_pipeline(pipeline, overrides, g, registry);
  print_resolved_pipeline(config, std::cout);
  const std::string output = config.output.empty() ? "out" : config.output;
  const InputList list = run_inputs(config, {}, {output}, flags.no_ignore);
  const std::string skipped = skipped_summary(list);
  std::cout << "inputs:   " << list.items.size() << " file" << (list.items.size() == 1 ? "" : "s") << " would be read"
            << (skipped.empty() ? "" : "; " + skipped) << " (run --list-inputs lists them)\n";
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  // A closed stdout (`docpipe run ... | head -1`) is an EPIPE the console exporter and the copy of
  // --format output handle, not a signal that kills the run before the other exporters finish.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"docpipe: plugin-based document processing.\nReaders turn files into documents, analyzers add "
               "annotations, metrics and findings, exporters write results."};
  app.set_version_flag("--version", std::string("docpipe ") + DOCPIPE_VERSION_STRING + " (SDK API " +
                                        std::to_string(DOCPIPE_SDK_API_VERSION) + ")");
  app.fallthrough();
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 some documents failed, 2 usage or configuration error, 3 internal or output "
             "error, 4 findings reached a fail_on threshold, 130 interrupted.");
  GlobalOptions g;
  app.add_option("--plugin-path", g.plugin_paths, "Directory to search for plugins first (repeatable)")
      ->type_name("DIR");
  app.add_flag("-v,--verbose", g.verbosity, "More log output (-vv for debug)");
  app.add_flag("-q,--quiet", g.quiet, "Only errors; no progress or summary");

  RunArgs ra;
  std::string& pipeline = ra.pipeline;
  auto& sets = ra.overrides.sets;
  auto& exporters = ra.overrides.exporters;
  const std::string rule_help = "Switch a rule off or set its severity: STAGE/category=off|info|warning|error (repeatable)";
  const std::string pipeline_help =
      "Pipeline file (TOML); default: docpipe.toml or .docpipe.toml in this folder or the nearest parent, else the "
      "built-in default pipeline. A document, folder, glob pattern or - here is the first INPUT instead "
      "(`docpipe run FILE.md` checks FILE.md with that default)";
  auto* run = app.add_subcommand("run", "Run a pipeline over inputs");
  auto* base = app.add_subcommand("baseline", "Record today's findings so that `run --baseline FILE` reports only new ones");
  for (auto* cmd : {run, base}) {
    cmd->add_option("pipeline", ra.pipeline, pipeline_help)->type_name("PIPELINE.toml");
    cmd->add_option("inputs", ra.inputs, "Files, directories, glob patterns or - for stdin (replace the file's inputs)")
        ->type_name("INPUT");
    cmd->add_option("-j,--jobs", ra.jobs, "Worker threads (default: the file's jobs, else hardware threads)")
        ->check(CLI::Range(1, 1024));
    cmd->add_option("--set", sets, "Override a stage option: STAGE.OPTION=VALUE (repeatable)")
        ->type_name("STAGE.OPTION=VALUE");
    cmd->add_option("--rule", ra.overrides.rules, rule_help)->type_name("ID=LEVEL");
    cmd->add_option("--isolation", ra.isolation,
                    "process (default): readers and analyzers run in worker processes, so a plugin that crashes, "
                    "exits or hangs fails only its document; none: threads of this process, faster and unprotected")
        ->check(CLI::IsMember({"process", "none"}))
        ->type_name("MODE");
    auto* iso = cmd->add_flag("--isolate", ra.isolate, "Same as --isolation=process");
    cmd->add_flag("--no-isolate", ra.no_isolate, "Same as --isolation=none")->excludes(iso);
    cmd->add_option("--timeout", ra.timeout, "Seconds one document may take in a worker process (default: the file's "
                                             "timeout, else 60; 0 = none)")
        ->check(CLI::Range(0.0, 1e6))
        ->type_name("SECONDS");
    cmd->add_option("--max-memory", ra.max_memory,
                    "Memory one worker process may use, e.g. 512M or 2G (default: the file's max_memory, else none)")
        ->type_name("SIZE");
  }
  run->add_option("-o,--output", ra.output, "Output directory (overrides the file's output)")->type_name("DIR");
  run->add_option("--shard", ra.shard, "Run only shard K of N (documents whose id hash mod N is K) into part-K-of-N/")
      ->type_name("K/N");
  run->add_option("--exporter", exporters,
                  "Replace the file's exporters with this one for this run (repeatable; options via --set NAME.option=...)")
      ->type_name("NAME");
  run->add_flag("--list-inputs", ra.input_flags.list,
                "Print each file that would be read and its reader (with -v, each file or folder skipped and why); "
                "read nothing");
  run->add_flag("--no-ignore", ra.input_flags.no_ignore, "Do not apply .gitignore, .ignore or .docpipeignore files");
  run->add_option("--format", ra.format,
                  "Replace the file's exporters: console, or json / sarif written to standard output")
      ->check(CLI::IsMember({"console", "json", "sarif"}))
      ->type_name("FORMAT");
  run->add_flag("--wait", ra.wait,
                "When another run is writing into the same output folder, wait for it to finish instead of exiting 3");
  run->add_option("--baseline", ra.baseline_in, "Report only findings not in this baseline file (see `docpipe baseline`)")
      ->type_name("FILE");
  ra.baseline_out = "docpipe-baseline.json";
  base->add_option("-o,--output", ra.baseline_out, "Baseline file to write (default: docpipe-baseline.json)")
      ->type_name("FILE");

  auto* validate = app.add_subcommand("validate", "Check a pipeline file and print its resolved stages");
  validate->add_option("pipeline", pipeline, "Pipeline file (TOML); default: as for run")->type_name("PIPELINE.toml");
  validate->add_option("--set", sets, "Override a stage option: STAGE.OPTION=VALUE")->type_name("STAGE.OPTION=VALUE");
  validate->add_option("--exporter", exporters, "Replace the file's exporters (repeatable)")->type_name("NAME");
  validate->add_flag("--no-ignore", ra.input_flags.no_ignore, "Count inputs without applying ignore files");
  validate->add_option("--rule", ra.overrides.rules, rule_help)->type_name("ID=LEVEL");

  std::string merge_dir, merge_output;
  auto* merge = app.add_subcommand("merge", "Merge the part-K-of-N outputs of a sharded run into the unsharded outputs");
  merge->add_option("dir", merge_dir, "The --output directory the shards wrote into")->required()->type_name("DIR");
  merge->add_option("-o,--output", merge_output, "Where to write the merged outputs (default: DIR)")->type_name("DIR");

  bool all = false, as_json = false;
  std::string plugin_name;
  auto* plugins = app.add_subcommand("plugins", "List the plugins found on the search path");
  plugins->add_flag("--all", all, "Also list files that were skipped, and why");
  auto* info = plugins->add_subcommand("info", "Describe one component: options, annotation types");
  info->add_option("name", plugin_name, "Component name")->required();
  info->add_flag("--json", as_json, "Print the options as JSON Schema");

  std::string new_kind, new_name, new_dir;
  auto* scaffold = app.add_subcommand("new", "Scaffold a standalone plugin project (analyzer, reader or exporter)");
  scaffold->add_option("kind", new_kind, "analyzer, reader or exporter")
      ->required()
      ->check(CLI::IsMember({"analyzer", "reader", "exporter"}));
  scaffold->add_option("name", new_name, "Plugin name: lower-case letters, digits and '-'")->required();
  scaffold->add_option("--dir", new_dir, "Directory to create (default: ./NAME)")->type_name("DIR");

  lsp::ServerOptions lsp_options;
  auto* lsp = app.add_subcommand("lsp", "Run a language server on stdin/stdout: findings as diagnostics in an editor");
  bool stdio = true;
  lsp->add_flag("--stdio", stdio, "Talk over stdin and stdout (the only transport; accepted for editors that pass it)");
  lsp->add_option("--debounce", lsp_options.debounce_ms,
                  "Milliseconds after the last edit before a file runs again (default 250)")
      ->check(CLI::Range(0, 60000))
      ->type_name("MS");

  std::string help_topic;
  auto* help = app.add_subcommand("help", "Show this help, or a command's: docpipe help run");
  help->add_option("command", help_topic, "Command to describe")->type_name("COMMAND");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_config_error;
  }
  init_logging(g.quiet ? -1 : g.verbosity);
  if (*help) {
    CLI::App* topic = nullptr;
    for (CLI::App* sub : app.get_subcommands({}))
      if (sub->get_name() == help_topic) topic = sub;
    if (!help_topic.empty() && topic == nullptr) {
      std::fprintf(stderr, "docpipe: no command '%s'; see `docpipe help`\n", help_topic.c_str());
      return exit_config_error;
    }
    // App::help() describes the subcommand that was parsed (help itself): ask the formatter.
    const CLI::App* shown = topic ? topic : &app;
    std::cout << shown->get_formatter()->make_help(shown, shown->get_name(), CLI::AppFormatMode::Normal);
    return exit_ok;
  }

  try {
    if (*run) {
      ra.baseline_out.clear();
      return cmd_run(g, ra);
    }
    if (*base) return cmd_run(g, ra);
    if (*lsp) {
      lsp_options.global = g;
      return lsp::serve_stdio(lsp_options);
    }
    if (*merge) {
      PluginRegistry registry;
      discover_all(registry, plugin_search_path(g.plugin_paths, {}));
      return merge_shards(merge_dir, merge_output.empty() ? merge_dir : merge_output, registry, g.quiet);
    }
    if (*validate) return cmd_validate(g, pipeline, ra.overrides, ra.input_flags);
    if (*scaffold) {
      std::printf("%s\n", scaffold_plugin(new_kind, new_name, new_dir.empty() ? new_name : new_dir).c_str());
      return exit_ok;
    }
    if (*plugins) {
      PluginRegistry registry;
      discover_all(registry, plugin_search_path(g.plugin_paths, {}));
      if (*info) return print_component_info(registry, plugin_name, as_json, std::cout);
      print_plugin_table(registry, all, std::cout);
      return exit_ok;
    }
  } catch (const ConfigError& e) {
    return report_config_error(e);
  } catch (const Error& e) {
    std::fprintf(stderr, "docpipe: %s\n", e.what());
    return exit_config_error;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "docpipe: internal error: %s\n", e.what());
    return exit_internal_error;
  }
  return exit_ok;
}
