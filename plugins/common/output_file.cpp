#include "output_file.hpp"

#include <filesystem>
#include <system_error>

#include "docpipe/error.hpp"

namespace docpipe::plugins {

namespace fs = std::filesystem;

OptionSpec output_file_option(std::string default_name) {
  return {.name = "file",
          .type = OptionType::string,
          .default_value = std::move(default_name),
          .required = false,
          .description = "Output file, relative to the run's output directory",
          .choices = {},
          .check = StringCheck::output_file};
}

std::string output_file_name(const Options& options, std::string_view default_name) {
  std::string file = options.has("file") ? options.get_string("file") : std::string(default_name);
  if (file.empty()) throw Error("option 'file' must not be empty");
  return file;
}

std::string output_path(const RunInfo& run, std::string_view file) {
  if (!file.empty() && file.front() == '/') return std::string(file);
  return join_path(run.output_dir, file);
}

std::unique_ptr<AtomicFile> open_output(const RunInfo& run, std::string_view file) {
  const std::string path = output_path(run, file);
  const fs::path dir = fs::path(path).parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error("cannot create output directory " + dir.string() + " for " + path + ": " + ec.message());
  }
  return std::make_unique<AtomicFile>(path);
}

}  // namespace docpipe::plugins
