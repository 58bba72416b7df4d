// A Logger for unit tests: keeps every message so tests can assert on what a component logged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "docpipe/logger.hpp"

namespace docpipe::test {

/// Records messages instead of printing them; every level is enabled.
class TestLogger : public Logger {
 public:
  /// One logged message.
  struct Entry {
    LogLevel level;
    std::string message;
  };

  void log(LogLevel level, std::string_view message) override { entries.push_back({level, std::string(message)}); }
  bool enabled(LogLevel) const override { return true; }

  /// How many messages were logged at level or above.
  std::size_t count_at_least(LogLevel level) const {
    std::size_t n = 0;
    for (const Entry& e : entries) n += e.level >= level;
    return n;
  }

  std::vector<Entry> entries;
};

}  // namespace docpipe::test
