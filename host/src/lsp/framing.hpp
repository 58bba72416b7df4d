// JSON-RPC messages over a byte stream, as LSP frames them: "Content-Length: N\r\n" (other
// headers ignored), an empty line, then N bytes of JSON.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace docpipe::host::lsp {

/// One frame taken from the stream: its JSON, or why it is not one (a ParseError to answer).
struct Frame {
  std::optional<nlohmann::json> message;
  std::string error;  ///< set when message is not: a malformed header or invalid JSON
};

/// Collects bytes as they arrive and cuts them into frames.
class FrameReader {
 public:
  /// Appends bytes read from the stream.
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  /// The next complete frame, or nullopt until more bytes arrive.
  std::optional<Frame> next();

 private:
  std::string buffer_;
  std::size_t at_ = 0;  // consumed bytes at the front of buffer_
};

/// The frame of one message: header and body.
std::string frame(const nlohmann::json& message);

}  // namespace docpipe::host::lsp
