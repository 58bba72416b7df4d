// Keeps exporters' files inside the run's output directory and apart from each other.
#pragma once

#include <string>
#include <vector>

#include "config/pipeline_config.hpp"

namespace docpipe::host {

/// Appends an error for every exporter file option (StringCheck::output_file) that is absolute or
/// climbs out with "..", unless allow_outside_output, and for every file two exporters would write.
void check_output_files(const PipelineConfig& config, std::vector<std::string>& errors);

}  // namespace docpipe::host
