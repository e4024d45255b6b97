#include "node/home.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/file.h>
#include <sys/stat.h>

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
