// The file every run leaves in its output folder, so later runs recognise the folder by what it
// holds, whatever it is called, and never read docpipe's outputs as documents.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe::host {

/// The marker's file name.
inline constexpr std::string_view output_marker_name = ".docpipe-output";

/// Writes (atomically) the marker into dir, which must exist; throws docpipe::Error on failure.
void write_output_marker(const std::string& dir, const std::string& pipeline_hash);

/// Which of a folder's entries shows it holds docpipe outputs: the marker, or a shard manifest
/// from a run that predates the marker. "" when none does. Entries are file names in dir.
std::string output_evidence(const std::string& dir, const std::vector<std::string>& entries);

}  // namespace docpipe::host
