// A minimal LSP client over pipes to a `docpipe lsp` child: what the protocol tests and the
// latency benchmark (bench/lsp) talk to the server with.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace docpipe::test {

class LspClient {
 public:
  /// Starts program with args, stdin and stdout piped to this object, stderr to stderr_file
  /// (or discarded).
  LspClient(const std::string& program, const std::vector<std::string>& args,
            const std::filesystem::path& stderr_file = {});
  ~LspClient();
  LspClient(const LspClient&) = delete;
  LspClient& operator=(const LspClient&) = delete;

  /// Writes one framed message / raw bytes; false when the server no longer reads.
  bool send(const nlohmann::json& message);
  bool send_raw(const std::string& bytes);
  void notify(const std::string& method, const nlohmann::json& params);

  /// The next message (in arrival order), or nullopt after timeout or at end of output.
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// Sends a request and returns its response; other messages meanwhile are kept for later.
  nlohmann::json request(const std::string& method, const nlohmann::json& params,
                         std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// The next publishDiagnostics for uri (optionally of that version); nullopt after timeout.
  std::optional<nlohmann::json> diagnostics(const std::string& uri, std::optional<std::int64_t> version = {},
                                            std::chrono::milliseconds timeout = std::chrono::seconds(30));
  /// initialize (with these params merged in) and initialized; returns the initialize result.
  nlohmann::json initialize(const nlohmann::json& params = nlohmann::json::object());

  void close_stdin();
  /// The exit code (128 + signal when killed), or nullopt if it has not exited by timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  pid_t pid() const { return pid_; }

 private:
  std::optional<nlohmann::json> read_message(std::chrono::steady_clock::time_point deadline);

  pid_t pid_ = -1;
  int in_ = -1;   // the server's stdin
  int out_ = -1;  // the server's stdout
  std::string buffer_;
  std::deque<nlohmann::json> kept_;
  int next_id_ = 1;
  std::optional<int> status_;
};

/// A file:// URI for a path.
std::string file_uri(const std::filesystem::path& p);

}  // namespace docpipe::test
