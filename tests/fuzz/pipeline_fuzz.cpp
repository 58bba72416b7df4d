// The pipeline parser on arbitrary text: a ConfigError (every mistake with its position) is the
// expected way to refuse a file; any other exception, a crash or a hang is a finding. Paths in
// the text (extends, inputs) are resolved against a folder that does not exist, so nothing on
// disk is read beyond what an absolute `extends` names.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/pipeline_config.hpp"
#include "docpipe/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const docpipe::host::PipelineConfig config =
        docpipe::host::parse_pipeline_text(text, "/nonexistent-docpipe-fuzz/pipeline.toml");
    // What the rest of the host relies on after a successful parse.
    for (const auto* stages : {&config.analyzers, &config.exporters})
      for (const auto& s : *stages)
        if (s.id.empty()) __builtin_trap();
  } catch (const docpipe::host::ConfigError&) {
  } catch (const docpipe::Error&) {
  }
  return 0;
}
