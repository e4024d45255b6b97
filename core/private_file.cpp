#include "core/private_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

#include "core/directory_sync.h"
#include "core/unique_fd.h"

namespace credchain::core {
namespace {

namespace fs = std::filesystem;

Status Errno(std::string_view call, const fs::path& path) {
  return Status::IoError(std::string(call) + " " + path.string() + ": " + std::strerror(errno));
}

Status WriteAll(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("write", path);
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

fs::path TempPathFor(const fs::path& path) {
  static std::atomic<uint64_t> counter{0};
  return path.string() + ".tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter.fetch_add(1));
}

Status WriteTemp(const fs::path& tmp, std::string_view content) {
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return Errno("create", tmp);
  RETURN_IF_ERROR(WriteAll(fd.get(), content, tmp));
  if (::fsync(fd.get()) != 0) return Errno("fsync", tmp);
  if (!fd.Close()) return Errno("close", tmp);
  return Status::Ok();
}

}  // namespace

Status WritePrivateFileAtomically(const fs::path& path, std::string_view content,
                                  Overwrite overwrite) {
  struct stat st;
  if (overwrite == Overwrite::kNo && ::lstat(path.c_str(), &st) == 0) {
    return Status::AlreadyExists(path.string() + " exists; refusing to overwrite it");
  }
  const fs::path tmp = TempPathFor(path);
  Status status = WriteTemp(tmp, content);
  // rename(2) replaces atomically; with kNo, link(2) would also refuse a racing creator, but
  // the lstat above is enough for a CLI and a node writing their own home directory.
  if (status.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) status = Errno("rename", tmp);
  if (!status.ok()) {
    ::unlink(tmp.c_str());
    return status;
  }
  return SyncDirectory(path.has_parent_path() ? path.parent_path() : fs::path("."));
}

Status CheckPrivateFile(const fs::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound(path.string() + " does not exist");
    return Errno("stat", path);
  }
  if (!S_ISREG(st.st_mode))
    return Status::PermissionDenied(path.string() + " is not a regular file");
  if (st.st_uid != ::geteuid()) {
    return Status::PermissionDenied(path.string() + " is owned by another user");
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::PermissionDenied(path.string() +
                                    " is readable or writable by group or others (mode " + mode +
                                    "); run: chmod 600 " + path.string());
  }
  return Status::Ok();
}

Result<std::string> ReadFileLimited(const fs::path& path, size_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return Status::NotFound(path.string() + " does not exist");
    return Errno("open", path);
  }
  std::string out;
  char buf[16384];
  while (true) {
    const ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("read", path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      return Status::InvalidArgument(path.string() + " is larger than " +
                                     std::to_string(max_bytes) + " bytes");
    }
  }
  return out;
}

}  // namespace credchain::core
