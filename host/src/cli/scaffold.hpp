// `docpipe new KIND NAME`: a standalone plugin project that builds against the installed SDK.
#pragma once

#include <filesystem>
#include <string>

namespace docpipe::host {

/// Writes a plugin project for kind ("analyzer", "reader" or "exporter") named name into dir
/// (created; must not exist or be empty). Returns a message for the user; throws docpipe::Error.
std::string scaffold_plugin(const std::string& kind, const std::string& name, const std::filesystem::path& dir);

}  // namespace docpipe::host
