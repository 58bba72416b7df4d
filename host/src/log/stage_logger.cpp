#include "log/stage_logger.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace docpipe::host {

namespace {
spdlog::sink_ptr& shared_sink() {
  static spdlog::sink_ptr sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  return sink;
}
// The message with control characters escaped (\n, \t, \r, \xHH): a file name holding a
// newline must not start a line of its own that reads like docpipe's (a forged summary).
class EscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    static constexpr char hex[] = "0123456789abcdef";
    for (const char c : msg.payload) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x20 && u != 0x7f) {
        dest.push_back(c);
        continue;
      }
      dest.push_back('\\');
      switch (c) {
        case '\n': dest.push_back('n'); break;
        case '\t': dest.push_back('t'); break;
        case '\r': dest.push_back('r'); break;
        default:
          dest.push_back('x');
          dest.push_back(hex[u >> 4]);
          dest.push_back(hex[u & 15]);
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<EscapedMessage>(); }
};

void set_format(spdlog::logger& logger) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<EscapedMessage>('*').set_pattern("%n: %^%l%$: %*");
  logger.set_formatter(std::move(formatter));
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
  set_format(*logger);
  logger->set_level(level);
  spdlog::set_default_logger(logger);
  spdlog::set_level(level);
}

StageLogger::StageLogger(const std::string& name)
    : logger_(std::make_shared<spdlog::logger>(name, shared_sink())) {
  set_format(*logger_);
  logger_->set_level(spdlog::default_logger()->level());
}

void StageLogger::log(LogLevel level, std::string_view message) {
  logger_->log(to_spdlog(level), "{}", message);
}

bool StageLogger::enabled(LogLevel level) const { return logger_->should_log(to_spdlog(level)); }

}  // namespace docpipe::host
