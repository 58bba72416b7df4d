#include <catch2/catch.hpp>

#include "loader/plugin_registry.hpp"

using namespace docpipe::host;
using Catch::Matchers::Contains;

namespace {
void noop(docpipe::Registrar&) {}
docpipe_manifest good() {
  return {sizeof(docpipe_manifest), DOCPIPE_SDK_API_VERSION, DOCPIPE_SDK_VERSION, DOCPIPE_COMPILER, DOCPIPE_STDLIB,
          DOCPIPE_GXX_ABI, DOCPIPE_CXX11_ABI, DOCPIPE_STDLIB_DEBUG, DOCPIPE_BUILD_TYPE, "t", noop};
}
}  // namespace

TEST_CASE("a manifest from the same toolchain is accepted, whatever its build type") {
  auto m = good();
  CHECK(check_manifest(m).empty());
  m.build_type = "debug";
  CHECK(check_manifest(m).empty());
}

TEST_CASE("each fingerprint mismatch is refused with both sides named") {
  auto m = good();
  m.api_version = 3;
  m.sdk_version = "2.0.0";
  CHECK_THAT(check_manifest(m), Contains("built against SDK API version 3 (SDK 2.0.0)") &&
                                    Contains("speaks SDK API version 2") && Contains("rebuild the plugin"));
  m = good();
  m.stdlib = "libc++";
  CHECK_THAT(check_manifest(m), Contains("built with C++ standard library libc++, but the host uses libstdc++"));
  m = good();
  m.cxx11_abi = 1 - m.cxx11_abi;
  CHECK_THAT(check_manifest(m), Contains("_GLIBCXX_USE_CXX11_ABI"));
  m = good();
  m.gxx_abi = 1;
  CHECK_THAT(check_manifest(m), Contains("C++ ABI version 1"));
  m = good();
  m.stdlib_debug = 1;
  CHECK_THAT(check_manifest(m), Contains("_GLIBCXX_DEBUG on"));
  m = good();
  m.struct_size = 8;
  CHECK_THAT(check_manifest(m), Contains("truncated"));
  m = good();
  m.register_components = nullptr;
  CHECK_THAT(check_manifest(m), Contains("no registration function"));
}
