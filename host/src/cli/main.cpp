// docpipe's command line: run, validate, plugins.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/input_listing.hpp"
#include "cli/scaffold.hpp"
#include "config/pipeline_config.hpp"
#include "host_config.hpp"
#include "log/stage_logger.hpp"
#include "pipeline/runner.hpp"
#include "pipeline/document_codec.hpp"
#include "pipeline/output_marker.hpp"
#include "pipeline/shard.hpp"

using namespace docpipe;
using namespace docpipe::host;
namespace fs = std::filesystem;

namespace {

struct GlobalOptions {
  std::vector<std::string> plugin_paths;
  int verbosity = 0;
  bool quiet = false;
};

struct InputFlags {
  bool list = false;       ///< --list-inputs: print what would be read, read nothing
  bool no_ignore = false;  ///< --no-ignore: ignore files do not apply
};

/// Parses the pipeline, discovers plugins on the full search path and resolves every stage.
PipelineConfig load_pipeline(const std::string& path, const std::vector<std::string>& sets,
                             const std::vector<std::string>& exporters, const GlobalOptions& g,
                             PluginRegistry& registry) {
  PipelineConfig config = parse_pipeline_file(path);
  registry.discover(plugin_search_path(g.plugin_paths, config.plugin_paths));
  if (!exporters.empty()) replace_exporters(config, exporters);
  for (const auto& s : sets) apply_override(config, s, registry);
  resolve(config, registry);
  return config;
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

int cmd_run(const GlobalOptions& g, const std::string& pipeline, const std::vector<std::string>& inputs,
            const std::string& output, int jobs, const std::vector<std::string>& sets,
            const std::vector<std::string>& exporters, const std::string& shard_text, const InputFlags& flags) {
  const ShardSpec shard = shard_text.empty() ? ShardSpec{} : parse_shard(shard_text);
  PluginRegistry registry;
  PipelineConfig config = load_pipeline(pipeline, sets, exporters, g, registry);
  RunOptions options;
  const std::string base_output = !output.empty() ? output : !config.output.empty() ? config.output : "out";
  options.output_dir = base_output;
  if (shard.active()) options.output_dir = (fs::path(base_output) / shard.dir_name()).string();
  InputList list = run_inputs(config, inputs, {base_output, options.output_dir}, flags.no_ignore);
  if (flags.list) {
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
                 pipeline.c_str());
    return exit_config_error;
  }
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.jobs = jobs > 0 ? jobs : config.jobs > 0 ? config.jobs : hw;
  options.quiet = g.quiet;
  options.progress = !g.quiet && ::isatty(STDERR_FILENO);
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  if (ec) {
    std::fprintf(stderr, "docpipe: cannot create output directory %s: %s\n", options.output_dir.c_str(),
                 ec.message().c_str());
    return exit_internal_error;
  }
  // Marked before anything is written, so even an interrupted run's folder is never read back.
  write_output_marker(options.output_dir, pipeline_hash(config));
  if (shard.active()) write_output_marker(base_output, pipeline_hash(config));
  std::unique_ptr<ShardWriter> shard_writer;
  if (shard.active()) {
    shard_writer = std::make_unique<ShardWriter>(shard, options.output_dir, config);
    options.shard = shard_writer.get();
  }
  const RunResult r = run_pipeline(config, registry, items, options);
  if (!g.quiet) {
    const std::string skipped = skipped_summary(list);
    std::fprintf(stderr,
                 "docpipe: %llu documents, %llu failed, %.2f MB in %.2f s (%.1f MB/s, %d jobs)%s%s; output in %s\n",
                 static_cast<unsigned long long>(r.documents), static_cast<unsigned long long>(r.failed),
                 r.bytes / 1e6, r.seconds, r.seconds > 0 ? r.bytes / 1e6 / r.seconds : 0.0, options.jobs,
                 skipped.empty() ? "" : ", ", skipped.c_str(), options.output_dir.c_str());
  }
  return r.exit_code;
}

int cmd_validate(const GlobalOptions& g, const std::string& pipeline, const std::vector<std::string>& sets,
                 const std::vector<std::string>& exporters, const InputFlags& flags) {
  PluginRegistry registry;
  PipelineConfig config = load_pipeline(pipeline, sets, exporters, g, registry);
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

  std::string pipeline, output, shard;
  std::vector<std::string> inputs, sets, exporters;
  int jobs = 0;
  auto* run = app.add_subcommand("run", "Run a pipeline over inputs");
  run->add_option("pipeline", pipeline, "Pipeline file (TOML)")->required()->type_name("PIPELINE.toml");
  run->add_option("inputs", inputs, "Files, directories, glob patterns or - for stdin (replace the file's inputs)")
      ->type_name("INPUT");
  run->add_option("-o,--output", output, "Output directory (overrides the file's output)")->type_name("DIR");
  run->add_option("-j,--jobs", jobs, "Worker threads (default: the file's jobs, else hardware threads)")
      ->check(CLI::Range(1, 1024));
  run->add_option("--set", sets, "Override a stage option: STAGE.OPTION=VALUE (repeatable)")
      ->type_name("STAGE.OPTION=VALUE");
  run->add_option("--shard", shard, "Run only shard K of N (documents whose id hash mod N is K) into part-K-of-N/")
      ->type_name("K/N");
  run->add_option("--exporter", exporters,
                  "Replace the file's exporters with this one for this run (repeatable; options via --set NAME.option=...)")
      ->type_name("NAME");
  InputFlags input_flags;
  run->add_flag("--list-inputs", input_flags.list,
                "Print each file that would be read and its reader (with -v, each file or folder skipped and why); "
                "read nothing");
  run->add_flag("--no-ignore", input_flags.no_ignore, "Do not apply .gitignore, .ignore or .docpipeignore files");

  auto* validate = app.add_subcommand("validate", "Check a pipeline file and print its resolved stages");
  validate->add_option("pipeline", pipeline, "Pipeline file (TOML)")->required()->type_name("PIPELINE.toml");
  validate->add_option("--set", sets, "Override a stage option: STAGE.OPTION=VALUE")->type_name("STAGE.OPTION=VALUE");
  validate->add_option("--exporter", exporters, "Replace the file's exporters (repeatable)")->type_name("NAME");
  validate->add_flag("--no-ignore", input_flags.no_ignore, "Count inputs without applying ignore files");

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_config_error;
  }
  init_logging(g.quiet ? -1 : g.verbosity);

  try {
    if (*run) return cmd_run(g, pipeline, inputs, output, jobs, sets, exporters, shard, input_flags);
    if (*merge) {
      PluginRegistry registry;
      registry.discover(plugin_search_path(g.plugin_paths, {}));
      return merge_shards(merge_dir, merge_output.empty() ? merge_dir : merge_output, registry, g.quiet);
    }
    if (*validate) return cmd_validate(g, pipeline, sets, exporters, input_flags);
    if (*scaffold) {
      std::printf("%s\n", scaffold_plugin(new_kind, new_name, new_dir.empty() ? new_name : new_dir).c_str());
      return exit_ok;
    }
    if (*plugins) {
      PluginRegistry registry;
      registry.discover(plugin_search_path(g.plugin_paths, {}));
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
