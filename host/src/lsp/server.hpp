// `docpipe lsp`: a language server over stdio (LSP 3.17) that publishes the findings `docpipe
// run` would report for each open file as diagnostics, with hover, quick fixes and checks of
// docpipe.toml itself. docs/lsp.md describes what it does and how editors are set up.
#pragma once

#include "cli/pipeline_loading.hpp"

namespace docpipe::host::lsp {

struct ServerOptions {
  GlobalOptions global;
  /// Milliseconds from the last didChange to the run; initializationOptions.debounce overrides.
  int debounce_ms = 250;
};

/// Serves the protocol on in_fd/out_fd until `exit` or the end of input; returns the process's
/// exit code (0 after shutdown, 1 otherwise, as the protocol says).
int serve(int in_fd, int out_fd, const ServerOptions& options);

/// serve() on the process's stdin and stdout. Those are moved to private descriptors first and
/// replaced by /dev/null and stderr, so that nothing a plugin prints or reads, in this process or
/// a worker, can mix with the protocol.
int serve_stdio(const ServerOptions& options);

}  // namespace docpipe::host::lsp
