// Files that hold secrets (key files, configs with tokens): written atomically with mode 0600,
// and refused on read when another account could read or change them.
//
// The modules that store such files (crypto/ key files, the cli, the node's home directory)
// share these rules so a key is never left half-written after a crash (kill -9 or power loss
// leaves either the old file or the new one) and never used from a file others can read.
//
// Thread safety: functions over the file system; concurrent writers of one path race, but each
// leaves a complete file (the last rename wins).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace credchain::core {

enum class Overwrite : uint8_t { kNo, kYes };

// Writes `content` to `path` atomically with mode 0600: a new temporary file in the same
// directory (O_EXCL), write, fsync, rename over `path`, fsync of the directory.
// Returns: Ok; AlreadyExists if `path` exists and `overwrite` is kNo; IoError naming the
//          failing system call otherwise (the temporary file is removed).
Status WritePrivateFileAtomically(const std::filesystem::path& path, std::string_view content,
                                  Overwrite overwrite);

// Ok iff `path` is a regular file owned by this user that group and others can neither read
// nor write. PermissionDenied with the fix ("chmod 600 <path>") otherwise; NotFound if absent.
Status CheckPrivateFile(const std::filesystem::path& path);

// Reads a whole file of at most `max_bytes`.
// Returns: the content; NotFound; InvalidArgument if larger than max_bytes; IoError.
Result<std::string> ReadFileLimited(const std::filesystem::path& path, size_t max_bytes);

}  // namespace credchain::core
