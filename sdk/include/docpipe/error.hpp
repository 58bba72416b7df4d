// The one exception type plugins throw and the host reports.
#pragma once

#include <stdexcept>
#include <string>

namespace docpipe {
inline namespace v2 {

/// Thrown by plugins for a bad document or option; the host turns it into a diagnostic
/// naming the stage and continues with the next document.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace v2
}  // namespace docpipe
