#include "fuzz_reader.hpp"

// The text reader with its defaults: encoding = "auto", so invalid UTF-8 goes through uchardet and
// ICU, and NUL patterns through the UTF-16 decoder.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return docpipe::fuzz::read_input("text", data, size);
}
