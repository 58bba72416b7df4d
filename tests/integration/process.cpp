#include "process.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace docpipe::test {
namespace fs = std::filesystem;

namespace {
std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("docpipe-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  // Read-only folders made by tests must become writable again to be removed.
  for (auto it = fs::recursive_directory_iterator(path_, ec); it != fs::recursive_directory_iterator(); it.increment(ec))
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << content;
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read_file(p)); }

Result run_docpipe(const std::vector<std::string>& args, const fs::path& cwd, const std::string& stdin_text,
               const std::vector<std::string>& env) {
  TempDir io;
  const fs::path out = io / "stdout", err = io / "stderr", in = io / "stdin";
  write_file(in, stdin_text);
  std::string cmd;
  if (!cwd.empty()) cmd += "cd " + quote(cwd.string()) + " && ";
  cmd += "env -u DOCPIPE_PLUGIN_PATH ";
  for (const auto& e : env) cmd += quote(e) + " ";
  cmd += quote(DOCPIPE_BIN);
  for (const auto& a : args) cmd += " " + quote(a);
  cmd += " <" + quote(in.string()) + " >" + quote(out.string()) + " 2>" + quote(err.string());
  const int status = std::system(cmd.c_str());
  Result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

nlohmann::json normalized(nlohmann::json j) {
  if (j.contains("run")) {
    j["run"]["started_at"] = "";
    j["run"]["pipeline"] = "";
  }
  if (j.contains("summary")) j["summary"]["seconds"] = 0;
  if (j.contains("documents"))
    for (auto& d : j["documents"]) d["source"] = "";
  return j;
}

std::string normalized_jsonl(const fs::path& p) {
  std::string out;
  std::istringstream in(read_file(p));
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["record"] == "run") j["run"]["started_at"] = "";
    if (j["record"] == "summary") j["seconds"] = 0;
    out += j.dump() + "\n";
  }
  return out;
}

}  // namespace docpipe::test
