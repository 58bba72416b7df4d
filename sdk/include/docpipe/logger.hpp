// The logger the host hands each stage: plugins never print to stdout themselves.
#pragma once

#include <string_view>

namespace docpipe {
inline namespace v2 {

/// Log levels, lowest first.
enum class LogLevel { trace, debug, info, warn, error };

/// Backed by spdlog in the host and named after the stage.
class Logger {
 public:
  virtual ~Logger() = default;
  /// Writes one message at a level.
  virtual void log(LogLevel level, std::string_view message) = 0;
  /// Whether messages at level are written; check before building expensive messages.
  virtual bool enabled(LogLevel level) const = 0;

  void debug(std::string_view m) { log(LogLevel::debug, m); }
  void info(std::string_view m) { log(LogLevel::info, m); }
  void warn(std::string_view m) { log(LogLevel::warn, m); }
  void error(std::string_view m) { log(LogLevel::error, m); }
};

}  // namespace v2
}  // namespace docpipe
