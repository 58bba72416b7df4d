#include "pipeline/ignore_rules.hpp"

#include <fnmatch.h>

#include <fstream>
#include <mutex>
#include <sstream>

#include <git2.h>

namespace docpipe::host {
namespace fs = std::filesystem;

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

/// Trailing spaces are dropped unless escaped with a backslash (gitignore(5)).
std::string_view trim_trailing_spaces(std::string_view line) {
  while (!line.empty() && line.back() == ' ') {
    std::size_t backslashes = 0;
    for (std::size_t i = line.size() - 1; i > 0 && line[i - 1] == '\\'; --i) ++backslashes;
    if (backslashes % 2 == 1) break;
    line.remove_suffix(1);
  }
  return line;
}

bool segment_matches(const std::string& pattern, std::string_view name) {
  return ::fnmatch(pattern.c_str(), std::string(name).c_str(), 0) == 0;
}

/// Matches segments[i..] against parts[j..]; "**" takes zero or more parts, or one or more at the end.
bool match_from(const std::vector<std::string>& segments, std::size_t i, const std::vector<std::string_view>& parts,
                std::size_t j) {
  for (; i < segments.size(); ++i, ++j) {
    if (segments[i] == "**") {
      if (i + 1 == segments.size()) return j < parts.size();
      for (std::size_t k = j; k <= parts.size(); ++k)
        if (match_from(segments, i + 1, parts, k)) return true;
      return false;
    }
    if (j >= parts.size() || !segment_matches(segments[i], parts[j])) return false;
  }
  return j == parts.size();
}

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "/" + b;
}

}  // namespace

IgnoreFile::IgnoreFile(std::string source, std::string_view text) : source_(std::move(source)) {
  std::size_t number = 0;
  std::istringstream in{std::string(text)};
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string_view line = trim_trailing_spaces(raw);
    if (line.empty() || line.front() == '#') continue;
    Pattern p;
    p.line = number;
    p.text = std::string(line);
    if (line.front() == '!') {
      p.negated = true;
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      p.directory_only = true;
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    p.anchored = line.find('/') != std::string_view::npos;
    if (line.front() == '/') line.remove_prefix(1);
    for (auto part : split(line)) p.segments.emplace_back(part);
    patterns_.push_back(std::move(p));
  }
}

std::optional<IgnoreFile> IgnoreFile::load(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return IgnoreFile(path.string(), text.str());
}

bool IgnoreFile::matches(const Pattern& p, const std::vector<std::string_view>& parts) {
  if (!p.anchored) return !parts.empty() && p.segments.size() == 1 && segment_matches(p.segments[0], parts.back());
  return match_from(p.segments, 0, parts, 0);
}

std::optional<IgnoreFile::Match> IgnoreFile::match(std::string_view rel, bool directory) const {
  const auto parts = split(rel);
  for (auto p = patterns_.rbegin(); p != patterns_.rend(); ++p) {
    if (p->directory_only && !directory) continue;
    if (matches(*p, parts)) return Match{!p->negated, p->line, p->text};
  }
  return std::nullopt;
}

struct IgnoreRules::Repo {
  git_repository* repo = nullptr;
  ~Repo() {
    if (repo != nullptr) git_repository_free(repo);
    git_libgit2_shutdown();
  }
};

IgnoreRules::IgnoreRules(const fs::path& root) {
  std::error_code ec;
  const fs::path real_root = fs::canonical(root, ec);
  top_ = ec ? fs::absolute(root).lexically_normal() : real_root;
  auto repo = std::make_unique<Repo>();
  git_libgit2_init();
  const char* workdir = nullptr;
  if (!ec && git_repository_open_ext(&repo->repo, real_root.c_str(), 0, nullptr) == 0)
    workdir = git_repository_workdir(repo->repo);  // null for a bare repository
  if (workdir != nullptr) {
    const fs::path top = fs::canonical(workdir, ec);
    const fs::path rel = real_root.lexically_relative(top);
    if (!ec && !rel.empty() && *rel.begin() != "..") {
      top_ = top;
      root_ = rel == "." ? std::string() : rel.generic_string();
      repo_ = std::move(repo);
    }
  }
  // The folders above root, from the top of the work tree down; root itself is entered by the walk.
  std::string base;
  for (const auto& part : fs::path(root_)) {
    push(base);
    base = join(base, part.string());
  }
  // A folder named as an input is read even when the ignore files above it exclude it (a corpus
  // generated under build/, which .gitignore lists): as ripgrep does with the paths it is given,
  // the rules outside the named folder do not apply to it; the ignore files inside it still do.
  if (!root_.empty()) {
    const std::string self = root_;
    root_.clear();  // ignored("") below asks about the root itself, from the top
    const bool excluded = ignored(self, true).has_value();
    root_ = self;
    if (excluded) {
      levels_.clear();
      repo_.reset();
      root_.clear();
      top_ = real_root;
    }
  }
}

IgnoreRules::~IgnoreRules() = default;

void IgnoreRules::push(const std::string& base) {
  const fs::path dir = base.empty() ? top_ : top_ / base;
  Level level{base, IgnoreFile::load(dir / ".docpipeignore"), IgnoreFile::load(dir / ".ignore"), std::nullopt};
  if (repo_) level.gitignore = IgnoreFile::load(dir / ".gitignore");
  levels_.push_back(std::move(level));
}

void IgnoreRules::enter(const std::string& rel) { push(from_top(rel)); }

void IgnoreRules::leave() { levels_.pop_back(); }

std::string IgnoreRules::from_top(const std::string& rel) const { return join(root_, rel); }

std::optional<std::string> IgnoreRules::decide(std::optional<IgnoreFile> Level::*file, const std::string& path,
                                               bool directory, bool& decided) const {
  // The deepest file with a matching pattern decides, as nested .gitignore files do in git.
  for (auto level = levels_.rbegin(); level != levels_.rend(); ++level) {
    const auto& f = (*level).*file;
    if (!f) continue;
    const std::string rel = level->base.empty() ? path : path.substr(level->base.size() + 1);
    if (auto m = f->match(rel, directory)) {
      decided = true;
      if (!m->ignored) return std::nullopt;
      return f->source() + ":" + std::to_string(m->line) + ": " + m->pattern;
    }
  }
  return std::nullopt;
}

std::optional<std::string> IgnoreRules::ignored(const std::string& rel, bool directory) const {
  const std::string path = from_top(rel);
  // .docpipeignore overrides .ignore, which overrides git's rules (as ripgrep orders .rgignore,
  // .ignore and .gitignore), so a project can re-include what git leaves out.
  for (auto file : {&Level::docpipeignore, &Level::ignore}) {
    bool decided = false;
    auto why = decide(file, path, directory, decided);
    if (decided) return why;
  }
  if (!repo_) return std::nullopt;
  int is_ignored = 0;
  if (git_ignore_path_is_ignored(&is_ignored, repo_->repo, path.c_str()) != 0 || is_ignored == 0) return std::nullopt;
  // libgit2 decides; the matching line is looked up only to say which one it was.
  bool decided = false;
  if (auto why = decide(&Level::gitignore, path, directory, decided)) return why;
  return std::string("git's exclude rules (.git/info/exclude or core.excludesFile)");
}

}  // namespace docpipe::host
