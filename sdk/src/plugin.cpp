#include "docpipe/plugin.hpp"

namespace docpipe {
inline namespace v2 {

std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::reader: return "reader";
    case Kind::analyzer: return "analyzer";
    case Kind::exporter: return "exporter";
  }
  return "unknown";
}

}  // namespace v2
}  // namespace docpipe
