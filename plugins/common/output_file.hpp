// Where exporters put their files: a file option resolved against the run's output directory,
// opened as an AtomicFile so an interrupted run leaves the previous output in place.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "docpipe/atomic_file.hpp"
#include "docpipe/options.hpp"
#include "docpipe/plugin.hpp"

namespace docpipe::plugins {

/// The `file` option an exporter declares, with its default file name.
OptionSpec output_file_option(std::string default_name);
/// The `file` option's value (default_name when absent); throws docpipe::Error when it is empty.
std::string output_file_name(const Options& options, std::string_view default_name);
/// file under run.output_dir; an absolute file is used as it is.
std::string output_path(const RunInfo& run, std::string_view file);
/// Creates the file's directory when missing and opens the file for atomic replacement.
/// Throws docpipe::Error naming the path when either fails.
std::unique_ptr<AtomicFile> open_output(const RunInfo& run, std::string_view file);

}  // namespace docpipe::plugins
