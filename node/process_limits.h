// Process limits the daemon sets for itself at start.
// Thread safety: call before starting threads that open files.
#pragma once

#include <cstdint>

#include "core/result.h"

namespace credchain::node {

// Descriptors a node wants: LevelDB keeps up to max_open_files (1,000) table files open, each
// with a descriptor (ADR 0015), besides the node's sockets and logs.
inline constexpr uint64_t kWantedOpenFiles = 8192;

// Raises the soft RLIMIT_NOFILE to `want`, or to the hard limit if that is lower; never lowers
// it. Returns the soft limit in force afterwards. Errors: internal when getrlimit/setrlimit fail.
core::Result<uint64_t> RaiseOpenFileLimit(uint64_t want = kWantedOpenFiles);

}  // namespace credchain::node
