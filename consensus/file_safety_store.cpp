#include "consensus/file_safety_store.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>

#include "core/hex.h"
#include "core/unique_fd.h"
#include "crypto/hash.h"

namespace credchain::consensus {
namespace {

constexpr size_t kDigestBytes = 32;
constexpr size_t kMaxStateFileBytes = 1 << 20;
constexpr size_t kMaxBlockFileBytes = size_t{1} << 29;  // 5,000 txs of at most 64 KiB, and more
constexpr size_t kHeightDigits = 20;

core::Status Errno(const std::string& what, const std::string& path) {
  return core::Status::IoError("safety store: " + what + " " + path + ": " + std::strerror(errno));
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

// Writes `body` followed by its SHA-256 to `path` atomically and durably: temp file, fsync,
// rename, directory fsync.
core::Status WriteChecked(const std::string& path, core::Bytes body) {
  const core::Bytes32 digest = crypto::Sha256(body);
  core::Append(body, digest);
  const std::string tmp = path + ".tmp";
  {
    core::UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) return Errno("open", tmp);
    RETURN_IF_ERROR(WriteAll(fd.get(), body, tmp));
    if (::fsync(fd.get()) != 0) return Errno("fsync", tmp);
    if (!fd.Close()) return Errno("close", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno("rename to", path);
  const std::string dir = DirectoryOf(path);
  core::UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0) return Errno("open directory", dir);
  if (::fsync(dir_fd.get()) != 0) return Errno("fsync directory", dir);
  return core::Status::Ok();
}

// Reads a file written by WriteChecked and returns the body once its checksum matches.
// NotFound if it does not exist; DataLoss if it is too large, truncated or altered.
core::Result<core::Bytes> ReadChecked(const std::string& path, size_t max_bytes) {
  core::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return core::Status::NotFound("safety store: no file " + path);
    return Errno("open", path);
  }
  core::Bytes data;
  uint8_t buf[4096];
  while (true) {
    const ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("read", path);
    }
    if (n == 0) break;
    data.insert(data.end(), buf, buf + n);
    if (data.size() > max_bytes) return core::Status::DataLoss("safety store: too large " + path);
  }
  if (data.size() < kDigestBytes) return core::Status::DataLoss("safety store: truncated " + path);
  const core::ByteView body(data.data(), data.size() - kDigestBytes);
  const core::Bytes32 digest = crypto::Sha256(body);
  if (!std::equal(digest.begin(), digest.end(), data.end() - kDigestBytes)) {
    return core::Status::DataLoss("safety store: checksum mismatch in " + path);
  }
  data.resize(data.size() - kDigestBytes);
  return data;
}

// "<height, 20 digits>-<block id hex>": pruning by height needs no file to be read.
std::string BlockFileName(uint64_t height, const core::Bytes32& id) {
  char digits[kHeightDigits + 1];
  std::snprintf(digits, sizeof(digits), "%020" PRIu64, height);
  return std::string(digits) + "-" + core::HexEncode(id);
}

// The height in a block file name, or nullopt for any other file (e.g. a leftover .tmp).
std::optional<uint64_t> HeightOfBlockFile(const std::string& name) {
  if (name.size() != kHeightDigits + 1 + 64 || name[kHeightDigits] != '-') return std::nullopt;
  uint64_t height = 0;
  for (size_t i = 0; i < kHeightDigits; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    if (height > (UINT64_MAX - 9) / 10) return std::nullopt;
    height = height * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  return height;
}

}  // namespace

FileSafetyStore::FileSafetyStore(std::string path)
    : path_(std::move(path)), blocks_dir_(path_ + ".blocks") {}

core::Result<SafetyState> FileSafetyStore::Load() {
  auto body = ReadChecked(path_, kMaxStateFileBytes);
  if (!body.ok()) return body.status();
  auto state = core::DecodeExact<SafetyState>(*body);
  if (!state.ok()) return core::Status::DataLoss("safety state: " + state.status().message());
  return state;
}

core::Status FileSafetyStore::Store(const SafetyState& state) {
  return WriteChecked(path_, core::EncodeToBytes(state));
}

core::Status FileSafetyStore::StoreBlock(const StoredBlock& block) {
  if (!blocks_dir_ready_) {
    if (::mkdir(blocks_dir_.c_str(), 0700) != 0 && errno != EEXIST) {
      return Errno("mkdir", blocks_dir_);
    }
    // The new directory entry must be durable too.
    const std::string parent = DirectoryOf(blocks_dir_);
    core::UniqueFd dir_fd(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() < 0) return Errno("open directory", parent);
    if (::fsync(dir_fd.get()) != 0) return Errno("fsync directory", parent);
    blocks_dir_ready_ = true;
  }
  const ledger::BlockHeader& h = block.block.header;
  const std::string name = BlockFileName(h.height, ledger::BlockId(h));
  return WriteChecked(blocks_dir_ + "/" + name, core::EncodeToBytes(block));
}

core::Result<std::vector<StoredBlock>> FileSafetyStore::LoadBlocks() {
  std::vector<StoredBlock> blocks;
  std::error_code ec;
  std::filesystem::directory_iterator it(blocks_dir_, ec);
  if (ec == std::errc::no_such_file_or_directory) return blocks;
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::optional<uint64_t> height = HeightOfBlockFile(name);
    if (!height) continue;
    ASSIGN_OR_RETURN(core::Bytes body, ReadChecked(it->path().string(), kMaxBlockFileBytes));
    auto block = core::DecodeExact<StoredBlock>(body);
    if (!block.ok())
      return core::Status::DataLoss("stored block " + name + ": " + block.status().message());
    const ledger::BlockHeader& h = block->block.header;
    if (BlockFileName(h.height, ledger::BlockId(h)) != name) {
      return core::Status::DataLoss("stored block " + name + ": holds another block");
    }
    blocks.push_back(std::move(block).value());
  }
  if (ec) return core::Status::IoError("safety store: list " + blocks_dir_ + ": " + ec.message());
  return blocks;
}

core::Status FileSafetyStore::PruneBlocks(uint64_t up_to_height) {
  std::error_code ec;
  std::filesystem::directory_iterator it(blocks_dir_, ec);
  if (ec == std::errc::no_such_file_or_directory) return core::Status::Ok();
  std::vector<std::string> doomed;
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::optional<uint64_t> height = HeightOfBlockFile(name);
    if (height && *height <= up_to_height) doomed.push_back(it->path().string());
  }
  if (ec) return core::Status::IoError("safety store: list " + blocks_dir_ + ": " + ec.message());
  for (const std::string& path : doomed) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Errno("unlink", path);
  }
  return core::Status::Ok();
}

}  // namespace credchain::consensus
