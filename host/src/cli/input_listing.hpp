// How `run`, `run --list-inputs` and `validate` gather a run's inputs and say what they left out.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "config/pipeline_config.hpp"
#include "pipeline/inputs.hpp"

namespace docpipe::host {

/// The walk rules of a run: the file's exclude and max_bytes, the run's output folders, the
/// readers' claims, ignore files unless no_ignore.
WalkOptions walk_options(const PipelineConfig& config, std::vector<std::string> output_dirs, bool no_ignore);

/// Logs every unreadable folder or file as a warning and, at verbosity >= 1, every other skip.
void log_skipped(const InputList& list, int verbosity);

/// "skipped 3 (2 output folder, 1 hidden)", or "" when nothing was skipped.
std::string skipped_summary(const InputList& list);

/// `--list-inputs`: each input with the reader that claims it and, when verbose, each skip and why.
void print_input_list(const PipelineConfig& config, const InputList& list, bool verbose, std::ostream& out);

}  // namespace docpipe::host
