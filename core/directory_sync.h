// Making a directory's entries durable: after a file is created, renamed or removed, fsync(2) of
// the directory itself is what makes the new name survive a crash or power loss. The stores that
// rename files into place (core/private_file.h, consensus/ safety stores) share this one call.
// Thread safety: a free function over the file system.
#pragma once

#include <filesystem>

#include "core/status.h"

namespace credchain::core {

// fsyncs the directory `dir`.
// Returns: Ok; IoError "open <dir>: <strerror>" or "fsync <dir>: <strerror>".
Status SyncDirectory(const std::filesystem::path& dir);

}  // namespace credchain::core
