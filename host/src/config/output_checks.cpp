#include "config/output_checks.hpp"

#include <filesystem>
#include <map>

namespace docpipe::host {
namespace fs = std::filesystem;

namespace {

bool escapes(const fs::path& p) {
  if (p.is_absolute()) return true;
  for (const auto& part : p)
    if (part == "..") return true;
  return false;
}

Origin origin_of(const StageConfig& stage, const std::string& option) {
  auto it = stage.raw_options.find(option);
  if (it != stage.raw_options.end() && !it->second.origin.file.empty()) return it->second.origin;
  if (it != stage.raw_options.end() || stage.origin.file.empty()) return Origin{};
  return stage.origin;
}

}  // namespace

void check_output_files(const PipelineConfig& config, std::vector<std::string>& errors) {
  std::map<std::string, std::string> writers;  // normalized file -> "stage.option"
  for (const auto& stage : config.exporters) {
    if (stage.component == nullptr) continue;
    for (const auto& spec : stage.component->info.options) {
      if (spec.check != StringCheck::output_file || !stage.options.has(spec.name)) continue;
      const Value& v = stage.options.get(spec.name);
      if (!v.is_string() || v.as_string().empty()) continue;
      const fs::path file(v.as_string());
      const std::string where = origin_of(stage, spec.name).str() + ": option '" + spec.name + "' of stage '" +
                                stage.id + "' ";
      if (escapes(file) && !config.allow_outside_output) {
        errors.push_back(where + "must be a path inside the output directory, got \"" + v.as_string() +
                         "\" (absolute paths and \"..\" are refused; set allow_outside_output = true to allow them)");
        continue;
      }
      const std::string key = file.lexically_normal().string();
      const std::string name = stage.id + "." + spec.name;
      auto [it, fresh] = writers.emplace(key, name);
      if (!fresh)
        errors.push_back(where + "writes \"" + key + "\", which " + it->second +
                         " writes too; give one of them another file");
    }
  }
}

}  // namespace docpipe::host
