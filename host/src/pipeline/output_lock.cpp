#include "pipeline/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sstream>
#include <thread>

#include "docpipe/atomic_file.hpp"
#include "docpipe/error.hpp"

namespace docpipe::host {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

std::string host_name() {
  char host[256] = {};
  return ::gethostname(host, sizeof host - 1) == 0 ? std::string(host) : std::string("?");
}

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    at += n;
    if (out.size() > 65536) break;
  }
  return out;
}

OutputLock::Holder parse_holder(const std::string& text) {
  OutputLock::Holder h;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    if (space == std::string::npos) continue;
    const std::string key = line.substr(0, space), value = line.substr(space + 1);
    if (key == "pid") h.pid = value;
    if (key == "host") h.host = value;
    if (key == "started") h.started = value;
    if (key == "command") h.command = value;
  }
  return h;
}

bool same_file(int fd, const std::string& path) {
  struct stat a {}, b {};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

std::string OutputLock::Holder::describe() const {
  std::string s = "PID " + (pid.empty() ? std::string("?") : pid) + " on host " + (host.empty() ? "?" : host) +
                  ", started " + (started.empty() ? "?" : started);
  if (!command.empty()) s += " (" + command + ")";
  return s;
}

std::optional<OutputLock> OutputLock::acquire(const std::string& dir, bool wait, bool quiet, Holder* holder,
                                              const std::string& command) {
  const std::string path = join_path(dir, output_lock_name);
  bool said = false;
  for (;;) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw Error("cannot open the output lock " + path + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK) {
        const int e = errno;
        ::close(fd);
        throw Error("cannot lock " + path + ": " + std::strerror(e));
      }
      // The holder writes its details right after locking: give it a moment.
      std::string text = read_all(fd);
      for (int i = 0; i < 20 && text.find("started ") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        text = read_all(fd);
      }
      const Holder h = parse_holder(text);
      if (!wait) {
        ::close(fd);
        if (holder) *holder = h;
        return std::nullopt;
      }
      if (!said && !quiet) {
        std::fprintf(stderr, "docpipe: %s is in use by another run (%s); waiting for it to finish\n", dir.c_str(),
                     h.describe().c_str());
        said = true;
      }
      if (::flock(fd, LOCK_EX) != 0) {
        const int e = errno;
        ::close(fd);
        throw Error("cannot lock " + path + ": " + std::strerror(e));
      }
    }
    // A holder removes the file before it unlocks: a lock on a removed file is no lock.
    if (!same_file(fd, path)) {
      ::close(fd);
      continue;
    }
    OutputLock lock(path, fd);
    const std::string previous = read_all(fd);
    if (!previous.empty()) lock.taken_over_ = parse_holder(previous).describe();
    const std::string details = "pid " + std::to_string(::getpid()) + "\nhost " + host_name() + "\nstarted " +
                                utc_now() + "\ncommand " + command + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, details.data(), details.size(), 0) != static_cast<ssize_t>(details.size()))
      throw Error("cannot write the output lock " + path + ": " + std::strerror(errno));
    return lock;
  }
}

OutputLock::OutputLock(OutputLock&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), taken_over_(std::move(other.taken_over_)) {
  other.fd_ = -1;
}

OutputLock& OutputLock::operator=(OutputLock&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    fd_ = other.fd_;
    taken_over_ = std::move(other.taken_over_);
    other.fd_ = -1;
  }
  return *this;
}

OutputLock::~OutputLock() { release(); }

void OutputLock::release() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());  // before unlocking, so a waiter that gets the lock sees the file gone
  ::close(fd_);
  fd_ = -1;
}

}  // namespace docpipe::host
