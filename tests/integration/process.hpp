// Runs the docpipe binary the way a user would and captures what it says.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace docpipe::test {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs docpipe with args (each shell-quoted) in cwd, with extra environment assignments.
Result run_docpipe(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
               const std::string& stdin_text = {}, const std::vector<std::string>& env = {});

/// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& p, const std::string& content);
std::string read_file(const std::filesystem::path& p);
/// Parses a JSON file.
nlohmann::json read_json(const std::filesystem::path& p);
/// A 47-word sentence of short words: exactly one readability/long-sentence finding.
inline const std::string long_sentence =
    "The team said that the shop on the hill and the shop by the sea and the shop in the town and the shop "
    "near the old mill all did well in the long hot summer that we had last year when the rain did not come.";

/// The JSON export with timing and machine-specific fields blanked, for comparisons.
nlohmann::json normalized(nlohmann::json j);
/// A JSON Lines export with its timing fields blanked, for comparisons.
std::string normalized_jsonl(const std::filesystem::path& p);

}  // namespace docpipe::test
