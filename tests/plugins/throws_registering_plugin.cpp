// Test plugin: throws from its registration function.
#include "docpipe/plugin.hpp"

namespace {
void register_components(docpipe::Registrar&) { throw docpipe::Error("registration exploded on purpose"); }
}  // namespace

DOCPIPE_PLUGIN("test-throws-registering", register_components)
