#include "lsp_client.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

namespace docpipe::test {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

LspClient::LspClient(const std::string& program, const std::vector<std::string>& args,
                     const std::filesystem::path& stderr_file) {
  ::signal(SIGPIPE, SIG_IGN);
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> argv_s{program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork");
  if (pid_ == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    const int err = stderr_file.empty() ? ::open("/dev/null", O_WRONLY)
                                        : ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err >= 0) ::dup2(err, 2);
    ::unsetenv("DOCPIPE_PLUGIN_PATH");
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  in_ = in[1];
  out_ = out[0];
}

LspClient::~LspClient() {
  close_stdin();
  if (!wait(std::chrono::milliseconds(2000))) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::milliseconds(2000));
  }
  if (out_ >= 0) ::close(out_);
}

bool LspClient::send_raw(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(in_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool LspClient::send(const json& message) {
  const std::string body = message.dump();
  return send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

void LspClient::notify(const std::string& method, const json& params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

std::optional<json> LspClient::read_message(Clock::time_point deadline) {
  for (;;) {
    const std::size_t end = buffer_.find("\r\n\r\n");
    if (end != std::string::npos) {
      const std::size_t at = buffer_.find("Content-Length:");
      const std::size_t length = std::stoul(buffer_.substr(at + 15, end - at - 15));
      if (buffer_.size() >= end + 4 + length) {
        json j = json::parse(buffer_.substr(end + 4, length));
        buffer_.erase(0, end + 4 + length);
        return j;
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return std::nullopt;
    pollfd pfd{out_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left)) <= 0) continue;
    char buf[65536];
    const ssize_t n = ::read(out_, buf, sizeof buf);
    if (n <= 0) return std::nullopt;
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
}

std::optional<json> LspClient::next(std::chrono::milliseconds timeout) {
  if (!kept_.empty()) {
    json j = std::move(kept_.front());
    kept_.pop_front();
    return j;
  }
  return read_message(Clock::now() + timeout);
}

json LspClient::request(const std::string& method, const json& params, std::chrono::milliseconds timeout) {
  const int id = next_id_++;
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto m = read_message(deadline);
    if (!m) throw std::runtime_error("no response to " + method);
    if (m->contains("id") && (*m)["id"] == id && !m->contains("method")) return *m;
    kept_.push_back(std::move(*m));
  }
}

std::optional<json> LspClient::diagnostics(const std::string& uri, std::optional<std::int64_t> version,
                                           std::chrono::milliseconds timeout) {
  auto matches = [&](const json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
           (!version || m["params"].value("version", std::int64_t{-1}) == *version);
  };
  for (auto it = kept_.begin(); it != kept_.end(); ++it)
    if (matches(*it)) {
      json j = std::move(*it);
      kept_.erase(it);
      return j["params"];
    }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto m = read_message(deadline);
    if (!m) return std::nullopt;
    if (matches(*m)) return (*m)["params"];
    kept_.push_back(std::move(*m));
  }
}

json LspClient::initialize(const json& params) {
  json p = {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", json::object()}};
  p.merge_patch(params);
  json r = request("initialize", p);
  notify("initialized", json::object());
  return r;
}

void LspClient::close_stdin() {
  if (in_ >= 0) ::close(in_);
  in_ = -1;
}

std::optional<int> LspClient::wait(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int st = 0;
    const pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      return status_;
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string file_uri(const std::filesystem::path& p) { return "file://" + std::filesystem::absolute(p).string(); }

}  // namespace docpipe::test
