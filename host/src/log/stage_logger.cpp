#include "log/stage_logger.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace docpipe::host {

namespace {
spdlog::sink_ptr& shared_sink() {
  static spdlog::sink_ptr sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  return sink;
}
spdlog::level::level_enum to_spdlog(LogLevel l) {
  switch (l) {
    case LogLevel::trace: return spdlog::level::trace;
    case LogLevel::debug: return spdlog::level::debug;
    case LogLevel::info: return spdlog::level::info;
    case LogLevel::warn: return spdlog::level::warn;
    case LogLevel::error: return spdlog::level::err;
  }
  return spdlog::level::info;
}
}  // namespace

void init_logging(int verbosity) {
  const auto level = verbosity < 0    ? spdlog::level::err
                     : verbosity == 0 ? spdlog::level::warn
                     : verbosity == 1 ? spdlog::level::info
                                      : spdlog::level::debug;
  auto logger = std::make_shared<spdlog::logger>("docpipe", shared_sink());
  logger->set_pattern("%n: %^%l%$: %v");
  logger->set_level(level);
  spdlog::set_default_logger(logger);
  spdlog::set_level(level);
}

StageLogger::StageLogger(const std::string& name)
    : logger_(std::make_shared<spdlog::logger>(name, shared_sink())) {
  logger_->set_pattern("%n: %^%l%$: %v");
  logger_->set_level(spdlog::default_logger()->level());
}

void StageLogger::log(LogLevel level, std::string_view message) {
  logger_->log(to_spdlog(level), "{}", message);
}

bool StageLogger::enabled(LogLevel level) const { return logger_->should_log(to_spdlog(level)); }

}  // namespace docpipe::host
