// Test library: uses the SDK but exports no docpipe_plugin_manifest.
#include "docpipe/document.hpp"

__attribute__((visibility("default"))) int docpipe_test_no_entry_count(const docpipe::Document& d) {
  return static_cast<int>(d.annotations.size());
}
