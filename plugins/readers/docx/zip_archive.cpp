#include "zip_archive.hpp"

#include <zip.h>

#include <memory>

#include "docpipe/error.hpp"

namespace docpipe::plugins {
namespace {

struct ErrorGuard {
  zip_error_t error;
  ErrorGuard() { zip_error_init(&error); }
  ~ErrorGuard() { zip_error_fini(&error); }
};

}  // namespace

ZipArchive::ZipArchive(std::string_view bytes, ZipLimits limits) : limits_(limits) {
  ErrorGuard err;
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err.error);
  if (!source) throw Error(std::string("cannot read the zip container: ") + zip_error_strerror(&err.error));
  // ZIP_CHECKCONS compares the central directory with the local headers: truncated and spliced
  // archives fail here instead of half-way through an entry.
  zip_ = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &err.error);
  if (!zip_) {
    zip_source_free(source);
    throw Error(std::string("not a valid zip container (truncated or corrupt?): ") + zip_error_strerror(&err.error));
  }
  const zip_int64_t entries = zip_get_num_entries(zip_, 0);
  if (entries < 0 || static_cast<std::uint64_t>(entries) > limits_.max_entries) {
    zip_discard(zip_);
    throw Error(std::string("the zip container has ") + std::to_string(entries) + " entries, more than the limit of " +
                std::to_string(limits_.max_entries) + " (max_entries)");
  }
  // Declared sizes first: a bomb is refused before a single byte is inflated.
  std::uint64_t declared = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) continue;
    declared += st.size;
    if (declared > limits_.max_uncompressed_bytes) {
      zip_discard(zip_);
      throw Error(std::string("the zip container expands to more than ") + std::to_string(limits_.max_uncompressed_bytes) +
                  " bytes (max_uncompressed_bytes); refusing a possible zip bomb");
    }
  }
}

ZipArchive::~ZipArchive() {
  if (zip_) zip_discard(zip_);
}

std::optional<std::string> ZipArchive::read(std::string_view name) {
  const zip_int64_t index = zip_name_locate(zip_, std::string(name).c_str(), 0);
  if (index < 0) return std::nullopt;
  zip_stat_t st;
  if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    throw Error(std::string("cannot read the size of ") + std::string(name));
  const std::uint64_t budget = limits_.max_uncompressed_bytes - inflated_;
  if (st.size > budget)
    throw Error(std::string(name) + " expands past the max_uncompressed_bytes limit of " +
                std::to_string(limits_.max_uncompressed_bytes) + " bytes");
  const std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0),
                                                             zip_fclose);
  if (!file)
    throw Error(std::string("cannot open ") + std::string(name) + " in the zip container: " + zip_strerror(zip_) +
                (zip_error_code_zip(zip_get_error(zip_)) == ZIP_ER_NOPASSWD ? " (the document is encrypted)" : ""));
  // Never trust the declared size while inflating: read at most one byte more than it says.
  std::string out;
  out.resize(static_cast<std::size_t>(st.size) + 1);
  std::uint64_t got = 0;
  while (got < out.size()) {
    const zip_int64_t n = zip_fread(file.get(), out.data() + got, out.size() - got);
    if (n < 0)
      throw Error(std::string(name) + " is corrupt: " + zip_error_strerror(zip_file_get_error(file.get())));
    if (n == 0) break;
    got += static_cast<std::uint64_t>(n);
  }
  if (got != st.size)
    throw Error(std::string(name) + " inflates to " + (got > st.size ? "more" : "fewer") +
                " bytes than its declared " + std::to_string(st.size) + "; the container is corrupt");
  out.resize(got);
  inflated_ += got;
  return out;
}

}  // namespace docpipe::plugins
