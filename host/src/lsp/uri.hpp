// file:// URIs and paths, both ways (RFC 3986 percent-encoding).
#pragma once

#include <filesystem>
#include <string>

namespace docpipe::host::lsp {

/// The path of a file:// URI; "" for any other scheme.
std::filesystem::path path_of_uri(const std::string& uri);
/// The file:// URI of an absolute path.
std::string uri_of_path(const std::filesystem::path& path);

}  // namespace docpipe::host::lsp
