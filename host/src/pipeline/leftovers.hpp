// Temporaries left behind by runs that died (kill -9, a crash, a power cut): every AtomicFile
// temporary is named "<file>.tmp-<pid>-<n>" (sdk atomic_file.cpp), so a later run can tell
// whose it was and remove those of processes that no longer run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace docpipe::host {

/// The PID in an AtomicFile temporary's name "<file>.tmp-<pid>-<n>"; nullopt for other names.
std::optional<long> temporary_pid(std::string_view name);

/// What remove_dead_temporaries removed.
struct Leftovers {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
};

/// Removes, below dir (recursively, not following symbolic links), the AtomicFile temporaries
/// whose PID names no running process. Those of running processes stay. Never throws.
Leftovers remove_dead_temporaries(const std::string& dir);

}  // namespace docpipe::host
