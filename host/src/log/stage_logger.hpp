// The SDK logger interface, backed by spdlog, one named logger per stage.
#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "docpipe/logger.hpp"

namespace docpipe::host {

/// Sets up the host's stderr logging at a verbosity: -1 quiet, 0 default (warnings), 1 info, 2 debug.
void init_logging(int verbosity);

/// A logger named after a stage, sharing the host's stderr sink.
class StageLogger final : public Logger {
 public:
  explicit StageLogger(const std::string& name);
  void log(LogLevel level, std::string_view message) override;
  bool enabled(LogLevel level) const override;

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace docpipe::host
