// Checks of option values against what their spec declares beyond the type: ranges, string checks
// and the component's own validator. Kept apart from the parser so each check reads on its own.
#pragma once

#include <string>
#include <vector>

#include "docpipe/options.hpp"

namespace docpipe::host {

/// Appends "WHERE must ..." errors for a value of the right type that the spec still refuses.
/// where is "origin: option 'NAME' of stage 'ID' ". Output-file containment is checked by
/// check_output_files, which knows the pipeline's allow_outside_output.
void check_option_value(const OptionSpec& spec, const Value& value, const std::string& where,
                        std::vector<std::string>& errors);

/// The range an integer or number option accepts, as written in messages ("from 1 to 1024").
std::string describe_range(const OptionSpec& spec);

}  // namespace docpipe::host
