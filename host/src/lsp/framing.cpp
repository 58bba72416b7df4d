#include "lsp/framing.hpp"

#include <cctype>
#include <charconv>

namespace docpipe::host::lsp {

namespace {
// A header block that never ends is garbage, not a frame still arriving.
constexpr std::size_t max_header_bytes = 8192;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

std::optional<Frame> FrameReader::next() {
  if (at_ > 0 && at_ * 2 > buffer_.size()) {
    buffer_.erase(0, at_);
    at_ = 0;
  }
  const std::string_view rest = std::string_view(buffer_).substr(at_);
  const std::size_t end = rest.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (rest.size() <= max_header_bytes) return std::nullopt;
    buffer_.clear();
    at_ = 0;
    return Frame{std::nullopt, "Parse error: no end of header in " + std::to_string(max_header_bytes) + " bytes"};
  }
  std::optional<std::size_t> length;
  std::string error;
  std::string_view headers = rest.substr(0, end);
  while (!headers.empty()) {
    const std::size_t nl = headers.find("\r\n");
    const std::string_view line = headers.substr(0, nl);
    headers = nl == std::string_view::npos ? std::string_view() : headers.substr(nl + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      error = "Parse error: malformed header line";
      continue;
    }
    if (!iequals(trim(line.substr(0, colon)), "Content-Length")) continue;
    const std::string_view value = trim(line.substr(colon + 1));
    std::size_t n = 0;
    const auto r = std::from_chars(value.data(), value.data() + value.size(), n);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size() || value.empty())
      error = "Parse error: invalid Content-Length";
    else
      length = n;
  }
  if (!length && error.empty()) error = "Parse error: no Content-Length header";
  if (!error.empty()) {
    at_ += end + 4;  // the body, if any, cannot be found: skip to what follows the header
    return Frame{std::nullopt, error};
  }
  if (rest.size() - end - 4 < *length) return std::nullopt;
  const std::string_view body = rest.substr(end + 4, *length);
  at_ += end + 4 + *length;
  Frame f;
  try {
    f.message = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    f.error = "Parse error: invalid JSON";
  }
  return f;
}

std::string frame(const nlohmann::json& message) {
  const std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace docpipe::host::lsp
