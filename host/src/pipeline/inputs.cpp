#include "pipeline/inputs.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <system_error>

#include "docpipe/error.hpp"

namespace docpipe::host {
namespace fs = std::filesystem;

namespace {

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

void walk(const fs::path& root, const std::string& prefix, std::vector<InputItem>& out) {
  std::error_code ec;
  std::vector<fs::path> files;
  auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.push_back({prefix, root.string(), "cannot list directory: " + ec.message()});
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (hidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    out.push_back({prefix + "/" + f.lexically_relative(root).generic_string(), f.string(), {}});
}

std::string dir_name(const fs::path& dir) {
  fs::path p = dir.lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::error_code ec;
    name = fs::weakly_canonical(p, ec).filename().string();
  }
  return name.empty() ? "input" : name;
}

}  // namespace

std::vector<InputItem> expand_inputs(const std::vector<std::string>& specs, const std::vector<std::string>& excludes) {
  std::vector<InputItem> out;
  for (const auto& spec : specs) {
    if (spec == "-") {
      out.push_back({"-", "-", {}});
      continue;
    }
    std::error_code ec;
    const bool wildcard = spec.find_first_of("*?[") != std::string::npos;
    if (!wildcard) {
      if (fs::is_directory(spec, ec)) {
        walk(spec, dir_name(spec), out);
      } else if (fs::exists(spec, ec)) {
        out.push_back({fs::path(spec).filename().string(), spec, {}});
      } else {
        out.push_back({fs::path(spec).filename().string(), spec, "no such file or directory"});
      }
      continue;
    }
    glob_t g{};
    const int rc = ::glob(spec.c_str(), GLOB_MARK, nullptr, &g);
    if (rc != 0) {
      out.push_back({spec, spec, "pattern matched no files"});
      globfree(&g);
      continue;
    }
    // Ids are relative to the pattern's fixed directory part, so they do not depend on the cwd.
    const std::string fixed = spec.substr(0, spec.find_first_of("*?["));
    const fs::path base = fs::path(fixed).has_filename() ? fs::path(fixed).parent_path() : fs::path(fixed);
    const std::string prefix = base.empty() ? std::string() : dir_name(base) + "/";
    const fs::path rel_base = base.empty() ? fs::path(".") : base;
    for (std::size_t i = 0; i < g.gl_pathc; ++i) {
      std::string match = g.gl_pathv[i];
      const bool is_dir = !match.empty() && match.back() == '/';  // GLOB_MARK
      if (is_dir) match.pop_back();
      const std::string id = prefix + fs::path(match).lexically_relative(rel_base).generic_string();
      if (is_dir)
        walk(match, id, out);
      else
        out.push_back({id, match, {}});
    }
    globfree(&g);
  }
  if (!excludes.empty()) {
    std::erase_if(out, [&](const InputItem& item) {
      return std::any_of(excludes.begin(), excludes.end(),
                         [&](const std::string& pattern) { return ::fnmatch(pattern.c_str(), item.id.c_str(), 0) == 0; });
    });
  }
  std::map<std::string, int> seen;
  for (auto& item : out)
    if (int n = ++seen[item.id]; n > 1) item.id += "#" + std::to_string(n);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].index = i;
  return out;
}

std::string read_input(const std::string& path, std::uint64_t max_bytes) {
  if (path == "-") {
    std::string data;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
      data.append(buf, n);
      if (data.size() > max_bytes)
        throw Error("-: standard input is larger than max_bytes (" + std::to_string(max_bytes) + " bytes)");
    }
    return data;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path + ": not a regular file");
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    throw Error(path + ": file is " + std::to_string(st.st_size) + " bytes, over max_bytes (" +
                std::to_string(max_bytes) + "); raise max_bytes in the pipeline file to read it");
  }
  std::string data(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::read(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      throw Error(path + ": read failed: " + std::strerror(saved));
    }
    if (n == 0) break;  // the file shrank while we read it
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  data.resize(done);
  return data;
}

std::string extension_of(std::string_view path) {
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::string sniff_media_type(std::string_view path, std::string_view bytes) {
  (void)path;
  auto starts = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  if (starts("%PDF-")) return "application/pdf";
  if (starts("PK\x03\x04")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  std::string head(bytes.substr(0, 1024));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  if (head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos)
    return "text/html";
  return "text/plain";
}

}  // namespace docpipe::host
