// Test plugin: a library whose static initializer crashes as soon as it is loaded, before any
// docpipe code in it runs. `plugins` must report it by file; run and validate must not load it.
#include <signal.h>

#include "docpipe/plugin.hpp"

namespace {

const int crash_on_load = [] {
  ::signal(SIGSEGV, SIG_DFL);  // past a sanitizer's handler, whose report would take seconds
  ::raise(SIGSEGV);
  return 0;
}();

void register_components(docpipe::Registrar&) {}

}  // namespace

DOCPIPE_PLUGIN("test-crash-init", register_components)
