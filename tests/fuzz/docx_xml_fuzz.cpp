// Fuzzes the docx reader's XML handling: random bytes rarely survive a zip container's checksums,
// so this target packs the input into a valid container. Parts are separated by "\n#PART#\n" and
// become, in order, document.xml, styles.xml, numbering.xml and footnotes.xml.
#include <zip.h>

#include <array>
#include <string>
#include <string_view>

#include "fuzz_reader.hpp"

namespace {

std::string pack(std::string_view input) {
  static constexpr std::array<const char*, 4> kNames = {"word/document.xml", "word/styles.xml", "word/numbering.xml",
                                                         "word/footnotes.xml"};
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  for (std::size_t i = 0; i < kNames.size() && !input.empty(); ++i) {
    const auto sep = input.find("\n#PART#\n");
    const std::string_view part = input.substr(0, sep);
    zip_source_t* s = zip_source_buffer(za, part.data(), part.size(), 0);
    const zip_int64_t index = zip_file_add(za, kNames[i], s, ZIP_FL_OVERWRITE);
    zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    input = sep == std::string_view::npos ? std::string_view() : input.substr(sep + 8);
  }
  // An archive without entries is not written at all: the reader then sees no bytes.
  std::string out;
  if (zip_close(za) == 0 && zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    if (size > 0) {
      out.resize(static_cast<std::size_t>(size));
      if (zip_source_read(src, out.data(), out.size()) != size) out.clear();
    }
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string zip = pack(std::string_view(reinterpret_cast<const char*>(data), size));
  return docpipe::fuzz::read_input("docx", reinterpret_cast<const std::uint8_t*>(zip.data()), zip.size());
}
