#include "node/home.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/file.h>
#include <sys/stat.h>

#include "core/hex.h"
#include "crypto/random.h"

namespace credchain::node {

namespace fs = std::filesystem;

namespace {

core::Status Errno(const std::string& what, const fs::path& path) {
  return core::Status::IoError(what + " " + path.string() + ": " + std::strerror(errno));
}

core::Status MakeDir(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0) return core::Status::Ok();
  if (errno != EEXIST) return Errno("mkdir", dir);
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) return Errno("stat", dir);
  if (!S_ISDIR(st.st_mode)) return core::Status::IoError(dir.string() + " is not a directory");
  return core::Status::Ok();
}

core::Status FsyncDir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("fsync", dir);
  return core::Status::Ok();
}

core::Status WriteAll(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("write", path);
    }
    content.remove_prefix(size_t(n));
  }
  return core::Status::Ok();
}

}  // namespace

HomeLayout HomeLayout::For(const fs::path& root) {
  HomeLayout h;
  h.root = root;
  h.config_dir = root / "config";
  h.node_config = h.config_dir / "node.json";
  h.genesis = h.config_dir / "genesis.json";
  h.node_key = h.config_dir / "node_key.json";
  h.data_dir = root / "data";
  h.safety_dir = h.data_dir / "safety";
  h.lock_file = h.data_dir / "LOCK";
  return h;
}

fs::path DefaultHome() {
  if (const char* env = std::getenv("CREDCHAIN_HOME"); env != nullptr && *env != '\0') {
    return fs::path(env);
  }
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr && *home != '\0' ? home : ".") / ".credchain";
}

core::Status CreateHomeDirs(const HomeLayout& layout) {
  std::error_code ec;
  if (!layout.root.parent_path().empty()) fs::create_directories(layout.root.parent_path(), ec);
  RETURN_IF_ERROR(MakeDir(layout.root));
  RETURN_IF_ERROR(MakeDir(layout.config_dir));
  RETURN_IF_ERROR(MakeDir(layout.data_dir));
  return MakeDir(layout.safety_dir);
}

core::Status WritePrivateFile(const fs::path& path, std::string_view content, Overwrite overwrite) {
  struct stat st;
  if (overwrite == Overwrite::kNo && ::lstat(path.c_str(), &st) == 0) {
    return core::Status::AlreadyExists(path.string() + " exists; refusing to overwrite it");
  }
  const fs::path tmp = path.string() + ".tmp-" + core::HexEncode(crypto::RandomFixed<6>());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("create", tmp);
  core::Status status = WriteAll(fd, content, tmp);
  if (status.ok() && ::fsync(fd) != 0) status = Errno("fsync", tmp);
  if (::close(fd) != 0 && status.ok()) status = Errno("close", tmp);
  if (status.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) status = Errno("rename", tmp);
  if (!status.ok()) {
    ::unlink(tmp.c_str());
    return status;
  }
  return FsyncDir(path.parent_path().empty() ? fs::path(".") : path.parent_path());
}

core::Result<std::string> ReadSmallFile(const fs::path& path, size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return core::Status::NotFound(path.string() + " does not exist");
    return Errno("open", path);
  }
  std::string out;
  char buf[16384];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      core::Status s = Errno("read", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    out.append(buf, size_t(n));
    if (out.size() > max_bytes) {
      ::close(fd);
      return core::Status::InvalidArgument(path.string() + " is larger than " +
                                           std::to_string(max_bytes) + " bytes");
    }
  }
  ::close(fd);
  return out;
}

core::Status CheckPrivateFile(const fs::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return core::Status::NotFound(path.string() + " does not exist");
    return Errno("stat", path);
  }
  if (!S_ISREG(st.st_mode)) {
    return core::Status::PermissionDenied(path.string() + " is not a regular file");
  }
  if (st.st_uid != ::geteuid()) {
    return core::Status::PermissionDenied(path.string() + " is owned by another user");
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", unsigned(st.st_mode & 07777));
    return core::Status::PermissionDenied(path.string() +
                                          " is accessible by group or others (mode " + mode +
                                          "); run: chmod 600 " + path.string());
  }
  return core::Status::Ok();
}

core::Result<std::unique_ptr<DataDirLock>> DataDirLock::Acquire(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("open", file);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return core::Status::FailedPrecondition(
          file.string() + " is locked: another credchaind process uses this data directory");
    }
    errno = err;
    return Errno("flock", file);
  }
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

}  // namespace credchain::node
