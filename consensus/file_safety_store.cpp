#include "consensus/file_safety_store.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <sys/stat.h>

#include "core/unique_fd.h"
#include "crypto/hash.h"

namespace credchain::consensus {
namespace {

constexpr size_t kDigestBytes = 32;
constexpr size_t kMaxFileBytes = 1 << 20;

core::Status Errno(const std::string& what, const std::string& path) {
  return core::Status::IoError("safety state: " + what + " " + path + ": " + std::strerror(errno));
}

core::Status WriteAll(int fd, const core::Bytes& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("write", path);
    }
    done += static_cast<size_t>(n);
  }
  return core::Status::Ok();
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

core::Result<SafetyState> FileSafetyStore::Load() {
  core::UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return core::Status::NotFound("safety state: no file " + path_);
    return Errno("open", path_);
  }
  core::Bytes data;
  uint8_t buf[4096];
  while (true) {
    const ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("read", path_);
    }
    if (n == 0) break;
    data.insert(data.end(), buf, buf + n);
    if (data.size() > kMaxFileBytes) return core::Status::DataLoss("safety state: file too large");
  }
  if (data.size() < kDigestBytes) return core::Status::DataLoss("safety state: file truncated");
  const core::ByteView body(data.data(), data.size() - kDigestBytes);
  const core::Bytes32 digest = crypto::Sha256(body);
  if (!std::equal(digest.begin(), digest.end(), data.end() - kDigestBytes)) {
    return core::Status::DataLoss("safety state: checksum mismatch in " + path_);
  }
  auto state = core::DecodeExact<SafetyState>(body);
  if (!state.ok()) return core::Status::DataLoss("safety state: " + state.status().message());
  return state;
}

core::Status FileSafetyStore::Store(const SafetyState& state) {
  core::Bytes data = core::EncodeToBytes(state);
  const core::Bytes32 digest = crypto::Sha256(data);
  core::Append(data, digest);

  const std::string tmp = path_ + ".tmp";
  {
    core::UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) return Errno("open", tmp);
    RETURN_IF_ERROR(WriteAll(fd.get(), data, tmp));
    if (::fsync(fd.get()) != 0) return Errno("fsync", tmp);
    if (!fd.Close()) return Errno("close", tmp);
  }
  if (::rename(tmp.c_str(), path_.c_str()) != 0) return Errno("rename to", path_);
  const std::string dir = DirectoryOf(path_);
  core::UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0) return Errno("open directory", dir);
  if (::fsync(dir_fd.get()) != 0) return Errno("fsync directory", dir);
  return core::Status::Ok();
}

}  // namespace credchain::consensus
