// The ignore files the input walk honours: .gitignore inside a git work tree (decided by libgit2,
// so git's own rules, .git/info/exclude and core.excludesFile apply exactly as git applies them),
// and .ignore and .docpipeignore anywhere (matched here with git's pattern syntax, since libgit2
// only applies patterns inside a repository). docs/inputs.md explains the order.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::host {

/// The patterns of one ignore file, in gitignore syntax.
class IgnoreFile {
 public:
  struct Match {
    bool ignored = false;  ///< false when the last matching pattern is a negation
    std::size_t line = 0;
    std::string pattern;
  };

  /// Parses text; source names the file in matches.
  IgnoreFile(std::string source, std::string_view text);
  /// The file at path, or nullopt when there is none.
  static std::optional<IgnoreFile> load(const std::filesystem::path& path);

  /// The last pattern matching rel ('/'-separated, relative to the file's folder), if any.
  std::optional<Match> match(std::string_view rel, bool directory) const;
  const std::string& source() const { return source_; }

 private:
  struct Pattern {
    std::vector<std::string> segments;  ///< split at '/'; "**" segments match any number of folders
    bool negated = false;
    bool anchored = false;  ///< has a '/' before its end: matched from the file's folder, else by name
    bool directory_only = false;
    std::size_t line = 0;
    std::string text;
  };
  static bool matches(const Pattern& p, const std::vector<std::string_view>& parts);

  std::string source_;
  std::vector<Pattern> patterns_;
};

/// The ignore files that apply inside one walked folder tree, kept as a stack while walking.
class IgnoreRules {
 public:
  /// Finds the git work tree around root, if any, and loads the ignore files of the folders above
  /// root up to the top of that work tree.
  explicit IgnoreRules(const std::filesystem::path& root);
  ~IgnoreRules();
  IgnoreRules(const IgnoreRules&) = delete;
  IgnoreRules& operator=(const IgnoreRules&) = delete;

  /// Loads the ignore files of a folder (rel: '/'-separated from root, "" for root itself).
  void enter(const std::string& rel);
  void leave();

  /// Why rel (in the folder entered last) is ignored: "<ignore file>:<line>: <pattern>"; nullopt
  /// when it is not.
  std::optional<std::string> ignored(const std::string& rel, bool directory) const;

 private:
  struct Level {
    std::string base;  ///< the folder, relative to top_
    std::optional<IgnoreFile> docpipeignore, ignore, gitignore;
  };
  void push(const std::string& base);
  std::string from_top(const std::string& rel) const;
  std::optional<std::string> decide(std::optional<IgnoreFile> Level::*file, const std::string& path, bool directory,
                                    bool& decided) const;

  struct Repo;
  std::unique_ptr<Repo> repo_;
  std::filesystem::path top_;  ///< the work tree's top, else root
  std::string root_;           ///< root relative to top_
  std::vector<Level> levels_;
};

}  // namespace docpipe::host
