// Which pipeline `docpipe run` uses when none is named: the project's docpipe.toml (or
// .docpipe.toml) in the current folder or the nearest parent, as Vale finds .vale.ini and
// textlint .textlintrc; failing that, the built-in default pipeline.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace docpipe::host {

/// The names looked for in each folder, in order.
inline constexpr std::string_view project_file_names[] = {"docpipe.toml", ".docpipe.toml"};

/// The project file nearest to from (itself or a parent folder), if any.
std::optional<std::filesystem::path> find_project_file(const std::filesystem::path& from);

/// The pipeline used when no project file is found: every prose analyzer, console findings,
/// over the current folder. Paths in it are relative to the current folder.
extern const std::string_view builtin_pipeline;
/// What messages call the built-in pipeline (it has no file).
inline constexpr std::string_view builtin_pipeline_name = "(built-in default pipeline)";

}  // namespace docpipe::host
