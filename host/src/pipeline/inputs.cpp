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
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <system_error>

#include "docpipe/error.hpp"
#include "pipeline/ignore_rules.hpp"
#include "pipeline/leftovers.hpp"
#include "pipeline/output_marker.hpp"

namespace docpipe::host {
namespace fs = std::filesystem;

namespace {

bool hidden(const std::string& name) { return name.size() > 1 && name[0] == '.' && name != ".."; }

/// "<name>.tmp-<pid>-<n>", the name AtomicFile writes before it renames (sdk atomic_file.cpp).
bool temporary(const std::string& name) { return temporary_pid(name).has_value(); }

struct FileId {
  dev_t dev;
  ino_t ino;
  bool operator==(const FileId&) const = default;
};

std::optional<FileId> file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

/// One directory entry as the walk sees it: symbolic links are followed for files, not folders.
struct Entry {
  std::string name;
  bool directory = false;
  bool regular = false;
  std::uint64_t size = 0;
};

class Walker {
 public:
  Walker(const WalkOptions& options, InputList& out) : options_(options), out_(out) {
    for (const auto& dir : options.output_dirs)
      if (auto id = file_id(dir)) own_outputs_.push_back(*id);
    for (const auto& file : options.config_files)
      if (auto id = file_id(file)) config_files_.push_back(*id);
  }

  /// Walks a folder given as an input (or matched by a glob): prefix is its id.
  void root(const fs::path& dir, const std::string& prefix) {
    if (options_.ignore_files) rules_ = std::make_unique<IgnoreRules>(dir);
    walk(dir, prefix, "");
    rules_.reset();
  }

  /// A file matched by a glob: kept unless docpipe wrote it or no reader takes it.
  void globbed(const std::string& path, const std::string& id) {
    const std::string name = fs::path(path).filename().string();
    struct stat st {};
    const bool known = ::stat(path.c_str(), &st) == 0;
    if (temporary(name)) return skip(path, false, SkipReason::temporary, "an unfinished output file");
    file({name, false, known && S_ISREG(st.st_mode), known ? static_cast<std::uint64_t>(st.st_size) : 0}, path, id);
  }

 private:
  /// Why dir holds docpipe outputs ("" when it does not).
  std::string output_folder(const std::string& dir, const std::vector<std::string>& names) const {
    if (auto id = file_id(dir); id && std::find(own_outputs_.begin(), own_outputs_.end(), *id) != own_outputs_.end())
      return "this run's output folder";
    const std::string evidence = output_evidence(dir, names);
    return evidence.empty() ? std::string() : "holds docpipe outputs (" + evidence + ")";
  }

  void skip(const std::string& path, bool directory, SkipReason reason, std::string detail) {
    out_.skipped.push_back({path, directory, reason, std::move(detail)});
  }

  /// Lists dir sorted by name, or reports it unreadable.
  std::optional<std::vector<Entry>> list(const fs::path& dir) {
    std::error_code ec;
    std::vector<Entry> entries;
    auto it = fs::directory_iterator(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      Entry e{it->path().filename().string()};
      std::error_code sec;
      const fs::file_status link = it->symlink_status(sec);
      const fs::file_status target = it->status(sec);
      e.directory = fs::is_directory(target) && !fs::is_symlink(link);
      e.regular = fs::is_regular_file(target);
      if (e.regular) e.size = it->file_size(sec);
      entries.push_back(std::move(e));
    }
    if (ec) {
      skip(dir.string(), true, SkipReason::unreadable, "cannot list: " + ec.message());
      return std::nullopt;
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return entries;
  }

  /// rel: dir relative to the walk's root, '/'-separated.
  void walk(const fs::path& dir, const std::string& prefix, const std::string& rel) {
    auto entries = list(dir);
    if (!entries) return;
    std::vector<std::string> names;
    for (const Entry& e : *entries) names.push_back(e.name);
    if (const std::string why = output_folder(dir.string(), names); !why.empty())
      return skip(dir.string(), true, SkipReason::output_folder, why);
    if (rules_) rules_->enter(rel);
    for (const Entry& e : *entries) {
      const fs::path path = dir / e.name;
      const std::string id = prefix + "/" + e.name;
      const std::string entry_rel = rel.empty() ? e.name : rel + "/" + e.name;
      std::optional<std::string> ignored;
      if (hidden(e.name)) {
        skip(path.string(), e.directory, SkipReason::hidden, "its name starts with '.'");
      } else if (temporary(e.name)) {
        skip(path.string(), e.directory, SkipReason::temporary, "an unfinished output file");
      } else if (rules_ && (ignored = rules_->ignored(entry_rel, e.directory))) {
        skip(path.string(), e.directory, SkipReason::ignored, *ignored);
      } else if (e.directory) {
        walk(path, id, entry_rel);
      } else if (e.regular) {
        file(e, path.string(), id);
      }
    }
    if (rules_) rules_->leave();
  }

  bool is_config_file(const std::string& path) const {
    if (config_files_.empty()) return false;
    const auto id = file_id(path);
    return id && std::find(config_files_.begin(), config_files_.end(), *id) != config_files_.end();
  }

  void file(const Entry& e, const std::string& path, const std::string& id) {
    if (!e.regular) return out_.items.push_back({id, path, {}});  // a glob's FIFO or device: read_input says why
    if (is_config_file(path))
      return skip(path, false, SkipReason::pipeline_file, "the pipeline this run uses");
    if (e.size > options_.max_bytes)
      return skip(path, false, SkipReason::too_large,
                  std::to_string(e.size) + " bytes, over max_bytes (" + std::to_string(options_.max_bytes) + ")");
    if (::access(path.c_str(), R_OK) != 0) return skip(path, false, SkipReason::unreadable, std::strerror(errno));
    std::string reader;
    if (options_.claim) {
      reader = options_.claim(path);
      if (reader.empty()) return skip(path, false, SkipReason::no_reader, "no reader takes this kind of file");
    }
    out_.items.push_back({id, path, {}, 0, std::move(reader)});
  }

  const WalkOptions& options_;
  InputList& out_;
  std::vector<FileId> own_outputs_;
  std::vector<FileId> config_files_;
  std::unique_ptr<IgnoreRules> rules_;  ///< of the root being walked, when ignore files apply
};

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

void drop_excluded(InputList& list, const std::vector<std::string>& excludes) {
  std::erase_if(list.items, [&](const InputItem& item) {
    for (const auto& pattern : excludes)
      if (::fnmatch(pattern.c_str(), item.id.c_str(), 0) == 0) {
        list.skipped.push_back({item.path, false, SkipReason::excluded, "exclude pattern \"" + pattern + "\""});
        return true;
      }
    return false;
  });
}

}  // namespace

std::string_view to_string(SkipReason reason) {
  switch (reason) {
    case SkipReason::output_folder: return "output folder";
    case SkipReason::temporary: return "temporary file";
    case SkipReason::pipeline_file: return "pipeline file";
    case SkipReason::ignored: return "ignore file";
    case SkipReason::hidden: return "hidden";
    case SkipReason::excluded: return "excluded";
    case SkipReason::no_reader: return "no reader";
    case SkipReason::too_large: return "too large";
    case SkipReason::unreadable: return "unreadable";
  }
  return "skipped";
}

InputList expand_inputs(const std::vector<std::string>& specs, const WalkOptions& options) {
  InputList list;
  Walker walker(options, list);
  auto& out = list.items;
  for (const auto& spec : specs) {
    if (spec == "-") {
      out.push_back({"-", "-", {}});
      continue;
    }
    std::error_code ec;
    const bool wildcard = spec.find_first_of("*?[") != std::string::npos;
    if (!wildcard) {
      if (fs::is_directory(spec, ec)) {
        walker.root(spec, dir_name(spec));
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
        walker.root(match, id);
      else
        walker.globbed(match, id);
    }
    globfree(&g);
  }
  drop_excluded(list, options.excludes);
  std::map<std::string, int> seen;
  for (auto& item : out)
    if (int n = ++seen[item.id]; n > 1) item.id.append(1, '#').append(std::to_string(n));
  for (std::size_t i = 0; i < out.size(); ++i) out[i].index = i;
  return list;
}

std::string read_head(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string head(max_bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(max_bytes));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return head;
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
