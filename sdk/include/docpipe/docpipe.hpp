// Convenience header: everything a plugin needs.
#pragma once

#include "docpipe/atomic_file.hpp"
#include "docpipe/document.hpp"
#include "docpipe/error.hpp"
#include "docpipe/logger.hpp"
#include "docpipe/options.hpp"
#include "docpipe/plugin.hpp"
#include "docpipe/text.hpp"
#include "docpipe/value.hpp"
#include "docpipe/version.hpp"
