// One run at a time per output folder: a lock file in the folder, locked with flock(2), which
// the kernel releases when the holder dies, so a lock left by a crashed or killed run is taken
// over by the next one. The file says who holds it (PID, host, start time, command).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace docpipe::host {

/// The current time as ISO 8601 in UTC ("2026-12-04T03:00:00Z"), as run records and locks give it.
std::string utc_now();

/// The lock file's name. Hidden, in a folder the input walk skips (it holds .docpipe-output),
/// so it is never read as an input.
inline constexpr std::string_view output_lock_name = ".docpipe-lock";

/// Holds the lock on an output folder; releasing it removes the file.
class OutputLock {
 public:
  /// Who holds a folder, as its lock file says.
  struct Holder {
    std::string pid, host, started, command;
    /// "PID 123 on host h, started 2026-12-04T01:02:03Z (docpipe run ...)".
    std::string describe() const;
  };

  /// Takes the lock on dir (which must exist). When another process holds it: with wait, says so
  /// on stderr (unless quiet) and blocks until it is free; without, returns nullopt and sets
  /// *holder to what the lock file says. Throws docpipe::Error when the file cannot be used.
  static std::optional<OutputLock> acquire(const std::string& dir, bool wait, bool quiet, Holder* holder,
                                           const std::string& command);
  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&& other) noexcept;
  OutputLock(const OutputLock&) = delete;
  ~OutputLock();

  /// The lock file's path.
  const std::string& path() const { return path_; }
  /// What the lock file said when it was taken over from a process that no longer runs ("" if
  /// the folder was free).
  const std::string& taken_over() const { return taken_over_; }

 private:
  OutputLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  void release();
  std::string path_;
  int fd_ = -1;
  std::string taken_over_;
};

}  // namespace docpipe::host
