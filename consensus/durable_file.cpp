#include "consensus/durable_file.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "core/unique_fd.h"

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

core::Status SyncDirectory(const std::string& dir) {
  core::UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0) return ErrnoStatus("open directory", dir);
  if (::fsync(dir_fd.get()) != 0) return ErrnoStatus("fsync directory", dir);
  return core::Status::Ok();
}

core::Result<core::Bytes> ReadWholeFile(const std::string& path, size_t max_bytes) {
  core::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return core::Status::NotFound("safety store: no file " + path);
    return ErrnoStatus("open", path);
  }
  core::Bytes data;
  uint8_t buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", path);
    }
    if (n == 0) break;
    data.insert(data.end(), buf, buf + n);
    if (data.size() > max_bytes) return core::Status::DataLoss("safety store: too large " + path);
  }
  return data;
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace credchain::consensus
