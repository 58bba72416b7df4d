#include "config/discovery.hpp"

#include <system_error>

namespace docpipe::host {
namespace fs = std::filesystem;

std::optional<fs::path> find_project_file(const fs::path& from) {
  std::error_code ec;
  fs::path dir = fs::absolute(from, ec);
  if (ec) return std::nullopt;
  for (;;) {
    for (std::string_view name : project_file_names) {
      const fs::path candidate = dir / name;
      if (fs::is_regular_file(candidate, ec)) return candidate;
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

// Kept in step with configs/default.toml's analyzers; the console exporter so that a first run
// in any folder shows findings without writing files.
const std::string_view builtin_pipeline = R"(inputs = ["."]
exclude = ["out/*", "*/out/*"]

[[analyzers]]
plugin = "boilerplate"

[[analyzers]]
plugin = "segment"

[[analyzers]]
plugin = "readability"

[[analyzers]]
plugin = "claims"

[[exporters]]
plugin = "console"
)";

}  // namespace docpipe::host
