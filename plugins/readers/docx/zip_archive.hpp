// A read-only view of a zip archive in memory that refuses zip bombs: it caps the entry count and
// the total uncompressed size, checking the declared sizes before inflating and the real ones while
// reading.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace docpipe::plugins {

/// Limits on what an archive may expand to.
struct ZipLimits {
  std::uint64_t max_entries = 10000;
  std::uint64_t max_uncompressed_bytes = 256ULL * 1024 * 1024;
};

/// An open archive over a caller-owned buffer (it must outlive the archive).
class ZipArchive {
 public:
  /// Opens bytes; throws docpipe::Error when they are not a readable zip archive or when its
  /// declared contents exceed limits.
  ZipArchive(std::string_view bytes, ZipLimits limits);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  /// The inflated entry, or nothing when the archive has no such entry. Throws docpipe::Error when
  /// it cannot be read or would take the total read past the uncompressed-size cap.
  std::optional<std::string> read(std::string_view name);

 private:
  ::zip* zip_ = nullptr;
  ZipLimits limits_;
  std::uint64_t inflated_ = 0;  // bytes handed out so far
};

}  // namespace docpipe::plugins
