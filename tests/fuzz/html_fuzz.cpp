#include "html_reader.hpp"
#include "fuzz_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return docpipe::fuzz::read_input<docpipe::plugins::html::HtmlReader>(data, size);
}
