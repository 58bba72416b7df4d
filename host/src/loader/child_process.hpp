// Small POSIX helpers shared by the library probe and the worker pool.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>

namespace docpipe::host {

/// "killed by signal SIGSEGV (Segmentation fault)" or "exited with status 0", from a waitpid status.
std::string describe_wait_status(int status);

/// Writes all of data to fd (retrying on EINTR and short writes); false on error.
bool write_all(int fd, const void* data, std::size_t size);
/// Reads exactly size bytes; false on EOF or error.
bool read_all(int fd, void* data, std::size_t size);

/// Sets the close-on-exec flag and optionally O_NONBLOCK on fd.
void set_fd_flags(int fd, bool nonblocking);

}  // namespace docpipe::host
