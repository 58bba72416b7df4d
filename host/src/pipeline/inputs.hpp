// Turns the inputs of a run (files, directories, globs, "-") into an ordered list of documents to
// read, and says what it left out and why. docs/inputs.md describes the rules.
#pragma once

#include <cstdint>
#include <functional>
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
  std::string reader;       ///< stage id of the reader that claims it, when the walk asked
  /// The bytes to read instead of the file at path (an editor's unsaved buffer); not owned.
  const std::string* text = nullptr;
};

/// Why a file or folder was left out of a run.
enum class SkipReason {
  output_folder, temporary, pipeline_file, ignored, hidden, excluded, no_reader, too_large, unreadable
};

/// "output folder", "ignore file", ...: how reasons are named in listings and summaries.
std::string_view to_string(SkipReason reason);

/// A file or folder the walk left out.
struct SkippedInput {
  std::string path;
  bool directory = false;
  SkipReason reason = SkipReason::hidden;
  std::string detail;  ///< e.g. the ignore file, line and pattern
};

struct InputList {
  std::vector<InputItem> items;
  std::vector<SkippedInput> skipped;
};

/// What the walk leaves out besides hidden entries, docpipe outputs and temporaries.
struct WalkOptions {
  std::vector<std::string> excludes;     ///< fnmatch patterns over ids ('*' crosses '/')
  std::vector<std::string> output_dirs;  ///< this run's own output folders, wherever they are
  std::vector<std::string> config_files; ///< the pipeline file: configuration, not a document
  bool ignore_files = true;              ///< honour .gitignore (in a git work tree), .ignore, .docpipeignore
  std::uint64_t max_bytes = UINT64_MAX;  ///< walked files larger than this are skipped
  /// The reader stage that would read a walked or globbed file ("" for none); unset: all claimed.
  std::function<std::string(const std::string& path)> claim;
};

/// Expands inputs in the order given; directories are walked recursively in sorted order. Files
/// named explicitly are always kept (bar exclude); walked and globbed ones pass the rules above.
/// Ids that would collide get "#2", "#3", ... appended.
InputList expand_inputs(const std::vector<std::string>& specs, const WalkOptions& options = {});

/// Reads a whole file (or stdin for "-"); throws docpipe::Error naming the path. Refuses files
/// larger than max_bytes before reading them.
std::string read_input(const std::string& path, std::uint64_t max_bytes);

/// Up to max_bytes from the start of a file ("" when it cannot be read).
std::string read_head(const std::string& path, std::size_t max_bytes);

/// The media type guessed from the extension, else from the first bytes.
std::string sniff_media_type(std::string_view path, std::string_view bytes);

/// Lower-case extension without the dot ("" when none).
std::string extension_of(std::string_view path);

}  // namespace docpipe::host
