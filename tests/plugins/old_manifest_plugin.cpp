// Test plugin: a manifest as plugins built before the rule list wrote it (struct_size stops before
// `rules`), to prove such a plugin still loads and its rule ids are accepted unchecked.
#include <cstddef>

#include "docpipe/plugin.hpp"

namespace {

class Legacy final : public docpipe::Analyzer {
 public:
  explicit Legacy(const docpipe::StageContext&) {}
  void analyze(docpipe::Document& doc) override {
    doc.findings.push_back({.category = "old-style", .message = "a finding from an old plugin",
                            .span = {0, doc.text.size()}});
  }
};

void register_components(docpipe::Registrar& r) {
  r.add<Legacy>({.name = "legacy-findings", .version = "0.0.1", .description = "test: an old manifest"});
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const docpipe_manifest* docpipe_plugin_manifest() {
  static const docpipe_manifest manifest = {
      offsetof(docpipe_manifest, rules), DOCPIPE_SDK_API_VERSION, DOCPIPE_SDK_VERSION, DOCPIPE_COMPILER,
      DOCPIPE_STDLIB, DOCPIPE_GXX_ABI, DOCPIPE_CXX11_ABI, DOCPIPE_STDLIB_DEBUG, DOCPIPE_BUILD_TYPE, "test-old-manifest",
      register_components, reinterpret_cast<const docpipe_rule*>(0x1)};  // past struct_size: never read
  return &manifest;
}
