// Completion and hover inside docpipe.toml: table headers, stage kinds, plugin names, option
// names and values from the plugins' option schemas, rule ids and levels under [rules].
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "docpipe/plugin.hpp"
#include "lsp/text_document.hpp"

namespace docpipe::host::lsp {

struct Catalogue {
  struct Rule {
    std::string id;
    std::string summary;
  };
  std::vector<const ComponentInfo*> components;  ///< every plugin component found
  std::vector<Rule> rules;                       ///< of the pipeline as last loaded
};

/// CompletionItem[] for the position in a docpipe.toml buffer.
nlohmann::json pipeline_completion(const TextDocument& doc, Position at, PositionEncoding e, const Catalogue& c);

/// Markdown about the name under the position ("" when it names nothing known).
std::string pipeline_hover(const TextDocument& doc, Position at, PositionEncoding e, const Catalogue& c);

}  // namespace docpipe::host::lsp
