#include "docpipe/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "docpipe/error.hpp"

namespace docpipe {
inline namespace v2 {

namespace {
std::string errno_text() { return std::strerror(errno); }
std::atomic<unsigned> temp_counter{0};
}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  temp_ = path_ + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(temp_counter++);
  file_ = std::fopen(temp_.c_str(), "wb");
  if (file_ == nullptr) throw Error("cannot write " + path_ + ": " + errno_text());
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(temp_.c_str());
  }
}

void AtomicFile::write(std::string_view bytes) {
  if (file_ == nullptr) throw Error("write to " + path_ + " after commit");
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
    throw Error("cannot write " + path_ + ": " + errno_text());
}

void AtomicFile::commit() {
  if (file_ == nullptr) return;
  const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  const int saved = errno;
  std::fclose(file_);
  file_ = nullptr;
  if (!flushed) {
    std::remove(temp_.c_str());
    throw Error("cannot write " + path_ + ": " + std::strerror(saved));
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const std::string why = errno_text();
    std::remove(temp_.c_str());
    throw Error("cannot publish " + path_ + ": " + why);
  }
}

std::string join_path(std::string_view dir, std::string_view file) {
  if (dir.empty()) return std::string(file);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += file;
  return out;
}

}  // namespace v2
}  // namespace docpipe
