// Test plugin: claims an SDK API version the host does not speak. Its registration function must
// never be called.
#include <cstdlib>

#include "docpipe/plugin.hpp"

namespace {
void register_components(docpipe::Registrar&) { std::abort(); }
}  // namespace

extern "C" __attribute__((visibility("default"))) const docpipe_manifest* docpipe_plugin_manifest() {
  static const docpipe_manifest manifest = {sizeof(docpipe_manifest), 999, "9.9.9", DOCPIPE_COMPILER, DOCPIPE_STDLIB,
                                            DOCPIPE_GXX_ABI, DOCPIPE_CXX11_ABI, DOCPIPE_STDLIB_DEBUG,
                                            DOCPIPE_BUILD_TYPE, "test-wrong-api", register_components};
  return &manifest;
}
