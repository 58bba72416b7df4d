// Turns the inputs of a run (files, directories, globs, "-") into an ordered list of documents to read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::host {

/// One file to read, or an input that could not be expanded (error set).
struct InputItem {
  std::string id;    ///< stable, machine-independent: "<dir name>/<relative path>" or the file name
  std::string path;  ///< path to open; "-" for stdin
  std::string error; ///< non-empty when the input does not exist or matched nothing
  std::uint64_t index = 0;  ///< position in the whole run's input list (kept when sharding)
};

/// Expands inputs in the order given; directories are walked recursively in sorted order, hidden
/// entries skipped, and files whose id matches an exclude pattern (fnmatch, '*' crosses '/') dropped.
/// Ids that would collide get "#2", "#3", ... appended.
std::vector<InputItem> expand_inputs(const std::vector<std::string>& specs,
                                     const std::vector<std::string>& excludes = {});

/// Reads a whole file (or stdin for "-"); throws docpipe::Error naming the path. Refuses files
/// larger than max_bytes before reading them.
std::string read_input(const std::string& path, std::uint64_t max_bytes);

/// The media type guessed from the extension, else from the first bytes.
std::string sniff_media_type(std::string_view path, std::string_view bytes);

/// Lower-case extension without the dot ("" when none).
std::string extension_of(std::string_view path);

}  // namespace docpipe::host
