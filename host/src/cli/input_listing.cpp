#include "cli/input_listing.hpp"

#include <map>

#include <spdlog/spdlog.h>

#include "pipeline/runner.hpp"

namespace docpipe::host {

namespace {
std::string shown(const SkippedInput& s) { return s.directory ? s.path + "/" : s.path; }

std::string why(const SkippedInput& s) {
  return std::string(to_string(s.reason)) + (s.detail.empty() ? "" : ": " + s.detail);
}
}  // namespace

WalkOptions walk_options(const PipelineConfig& config, std::vector<std::string> output_dirs, bool no_ignore) {
  WalkOptions w;
  w.excludes = config.exclude;
  w.output_dirs = std::move(output_dirs);
  if (!config.file.empty()) w.config_files.push_back(config.file.string());
  w.ignore_files = !no_ignore;
  w.max_bytes = config.max_bytes;
  w.claim = [&config](const std::string& path) { return reader_claiming(config, path); };
  return w;
}

void log_skipped(const InputList& list, int verbosity) {
  for (const auto& s : list.skipped) {
    if (s.reason == SkipReason::unreadable)
      spdlog::warn("{}: not read: {}", shown(s), why(s));
    else if (verbosity >= 1)
      spdlog::info("{}: skipped: {}", shown(s), why(s));
  }
}

std::string skipped_summary(const InputList& list) {
  if (list.skipped.empty()) return {};
  std::map<std::string_view, std::size_t> counts;
  for (const auto& s : list.skipped) ++counts[to_string(s.reason)];
  std::string text = "skipped " + std::to_string(list.skipped.size()) + " (";
  bool first = true;
  for (const auto& [reason, n] : counts) {
    text += (first ? "" : ", ") + std::to_string(n) + " " + std::string(reason);
    first = false;
  }
  return text + ")";
}

void print_input_list(const PipelineConfig& config, const InputList& list, bool verbose, std::ostream& out) {
  for (const auto& item : list.items) {
    if (!item.error.empty()) {
      out << item.path << "\terror: " << item.error << "\n";
      continue;
    }
    // Files named on the command line were not claimed by the walk; stdin is sniffed when read.
    std::string reader = item.reader;
    if (reader.empty() && item.path != "-") reader = reader_claiming(config, item.path);
    out << item.path << "\t" << (reader.empty() ? "no reader (fails when run)" : reader) << "\n";
  }
  if (verbose)
    for (const auto& s : list.skipped) out << shown(s) << "\tskipped: " << why(s) << "\n";
}

}  // namespace docpipe::host
