#include "pipeline/leftovers.hpp"

#include <signal.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <vector>

namespace docpipe::host {

namespace fs = std::filesystem;

namespace {
bool digits(std::string_view s) {
  return !s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool process_gone(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }
}  // namespace

std::optional<long> temporary_pid(std::string_view name) {
  const auto at = name.rfind(".tmp-");
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  const std::string_view rest = name.substr(at + 5);
  const auto dash = rest.find('-');
  if (dash == std::string_view::npos || !digits(rest.substr(0, dash)) || !digits(rest.substr(dash + 1)))
    return std::nullopt;
  return std::stol(std::string(rest.substr(0, dash)));
}

Leftovers remove_dead_temporaries(const std::string& dir) {
  Leftovers removed;
  std::error_code ec;
  std::vector<fs::path> dead;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec) || it->is_symlink(type_ec)) continue;
    const auto pid = temporary_pid(it->path().filename().string());
    if (pid && process_gone(*pid)) dead.push_back(it->path());
  }
  for (const auto& p : dead) {
    std::error_code size_ec, remove_ec;
    const auto size = fs::file_size(p, size_ec);
    if (fs::remove(p, remove_ec)) {
      ++removed.files;
      if (!size_ec) removed.bytes += size;
    }
  }
  return removed;
}

}  // namespace docpipe::host
