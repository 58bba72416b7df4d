// Write-then-rename output files, so an interrupted run leaves the previous output intact.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace docpipe {
inline namespace v2 {

/// Opens "<path>.tmp-<pid>-<n>" beside path; commit() flushes, fsyncs and renames it over path.
/// Destroyed without commit(), it removes the temporary file. Throws docpipe::Error with the path
/// on any I/O failure.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Appends bytes.
  void write(std::string_view bytes);
  /// Publishes the file under its final name.
  void commit();
  /// The final path.
  const std::string& path() const { return path_; }
  /// The temporary path being written.
  const std::string& temp_path() const { return temp_; }

 private:
  std::string path_;
  std::string temp_;
  std::FILE* file_ = nullptr;
};

/// Joins an output directory and a file name ("" directory means the current one).
std::string join_path(std::string_view dir, std::string_view file);

}  // namespace v2
}  // namespace docpipe
