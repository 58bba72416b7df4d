// SDK version and the build fingerprint a plugin carries in its manifest.
#pragma once

/// Bumped on any change that breaks the binary interface between host and plugins
/// (a virtual function added or reordered, a type's layout changed). See docs/sdk.md.
#define DOCPIPE_SDK_API_VERSION 2
/// Semantic version of the SDK release.
#define DOCPIPE_SDK_VERSION "0.1.0"

// The fingerprint: everything that changes the layout of std:: types crossing the boundary.
#if defined(_LIBCPP_VERSION)
#define DOCPIPE_STDLIB "libc++"
#define DOCPIPE_CXX11_ABI 1
#elif defined(__GLIBCXX__)
#define DOCPIPE_STDLIB "libstdc++"
#define DOCPIPE_CXX11_ABI _GLIBCXX_USE_CXX11_ABI
#else
#define DOCPIPE_STDLIB "unknown"
#define DOCPIPE_CXX11_ABI 0
#endif

#if defined(__GXX_ABI_VERSION)
#define DOCPIPE_GXX_ABI __GXX_ABI_VERSION
#else
#define DOCPIPE_GXX_ABI 0
#endif

// _GLIBCXX_DEBUG changes container layouts; NDEBUG does not, so only the former is checked.
#if defined(_GLIBCXX_DEBUG)
#define DOCPIPE_STDLIB_DEBUG 1
#else
#define DOCPIPE_STDLIB_DEBUG 0
#endif

#if defined(NDEBUG)
#define DOCPIPE_BUILD_TYPE "release"
#else
#define DOCPIPE_BUILD_TYPE "debug"
#endif

#define DOCPIPE_STR2(x) #x
#define DOCPIPE_STR(x) DOCPIPE_STR2(x)
#if defined(__clang__)
#define DOCPIPE_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define DOCPIPE_COMPILER "gcc " DOCPIPE_STR(__GNUC__) "." DOCPIPE_STR(__GNUC_MINOR__) "." DOCPIPE_STR(__GNUC_PATCHLEVEL__)
#else
#define DOCPIPE_COMPILER "unknown"
#endif
