#include "consensus/durable_file.h"

#include <errno.h>
#include <unistd.h>

#include <cstring>

#include "core/private_file.h"

namespace credchain::consensus {

core::Status ErrnoStatus(const std::string& what, const std::string& path) {
  return core::Status::IoError("safety store: " + what + " " + path + ": " + std::strerror(errno));
}

core::Status WriteAllAt(int fd, core::ByteView data, uint64_t offset, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n =
        ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path);
    }
    done += static_cast<size_t>(n);
  }
  return core::Status::Ok();
}

core::Result<core::Bytes> ReadWholeFile(const std::string& path, size_t max_bytes) {
  core::Result<std::string> text = core::ReadFileLimited(path, max_bytes);
  if (!text.ok()) {
    const core::Status& status = text.status();
    // ReadFileLimited's only InvalidArgument is "larger than max_bytes": a safety file that
    // grew past its bound was not written by this store.
    if (status.code() == core::StatusCode::kInvalidArgument) {
      return core::Status::DataLoss("safety store: " + status.message());
    }
    return status.WithContext("safety store");
  }
  return core::Bytes(text->begin(), text->end());
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace credchain::consensus
