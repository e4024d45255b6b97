// POSIX file calls the durable stores share (FileSafetyStore, LogSafetyStore): every failure
// becomes an IoError naming the call, the path and errno's text; nothing throws.
// Thread safety: free functions; callers serialise access to their own files.
#pragma once

#include <string>

#include "core/bytes.h"
#include "core/result.h"

namespace credchain::consensus {

// IoError "safety store: <what> <path>: <strerror(errno)>" (reads errno).
core::Status ErrnoStatus(const std::string& what, const std::string& path);
// Writes all of `data` at `offset` (pwrite, retried on EINTR and short writes).
core::Status WriteAllAt(int fd, core::ByteView data, uint64_t offset, const std::string& path);
// The whole file (core::ReadFileLimited); NotFound if it does not exist; DataLoss if larger than
// `max_bytes`. (Directory fsync: core::SyncDirectory, core/directory_sync.h.)
core::Result<core::Bytes> ReadWholeFile(const std::string& path, size_t max_bytes);
// The directory part of `path` ("." if none).
std::string DirectoryOf(const std::string& path);

}  // namespace credchain::consensus
