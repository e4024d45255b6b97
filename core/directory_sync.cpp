#include "core/directory_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/unique_fd.h"

namespace credchain::core {

Status SyncDirectory(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return Status::IoError("open " + dir.string() + ": " + std::strerror(errno));
  if (::fsync(fd.get()) != 0) {
    return Status::IoError("fsync " + dir.string() + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace credchain::core
