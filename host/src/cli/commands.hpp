// What `docpipe plugins`, `plugins info` and `validate` print.
#pragma once

#include <ostream>
#include <string>

#include "config/pipeline_config.hpp"
#include "loader/plugin_registry.hpp"

namespace docpipe::host {

/// A table of components (name, kind, version, file, description); with all, skipped files too.
void print_plugin_table(const PluginRegistry& registry, bool all, std::ostream& out);

/// Options, annotation types and handled formats of one component; as JSON Schema with json.
/// Returns the exit code (2 when no such component).
int print_component_info(const PluginRegistry& registry, const std::string& name, bool json, std::ostream& out);

/// The JSON Schema (draft 2020-12) of a component's options.
std::string options_json_schema(const ComponentInfo& info);

/// Every rule the pipeline can emit with its effective level and where that was set.
void print_rules(const PipelineConfig& config, std::ostream& out);

/// The resolved stages in order with what each requires and provides.
void print_resolved_pipeline(const PipelineConfig& config, std::ostream& out);

}  // namespace docpipe::host
