#include "consensus/file_safety_store.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>

#include "consensus/durable_file.h"
#include "core/directory_sync.h"
#include "core/hex.h"
#include "core/unique_fd.h"
#include "crypto/hash.h"

namespace credchain::consensus {
namespace {

constexpr size_t kDigestBytes = 32;
constexpr size_t kMaxStateFileBytes = 1 << 20;
constexpr size_t kMaxBlockFileBytes = size_t{1} << 29;  // 5,000 txs of at most 64 KiB, and more
constexpr size_t kHeightDigits = 20;

// Writes `body` followed by its SHA-256 to `path` atomically and durably: temp file, fsync,
// rename, directory fsync.
core::Status WriteChecked(const std::string& path, core::Bytes body) {
  const core::Bytes32 digest = crypto::Sha256(body);
  core::Append(body, digest);
  const std::string tmp = path + ".tmp";
  {
    core::UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) return ErrnoStatus("open", tmp);
    RETURN_IF_ERROR(WriteAllAt(fd.get(), body, 0, tmp));
    if (::fsync(fd.get()) != 0) return ErrnoStatus("fsync", tmp);
    if (!fd.Close()) return ErrnoStatus("close", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return ErrnoStatus("rename to", path);
  return core::SyncDirectory(DirectoryOf(path)).WithContext("safety store");
}

// Reads a file written by WriteChecked and returns the body once its checksum matches.
// NotFound if it does not exist; DataLoss if it is too large, truncated or altered.
core::Result<core::Bytes> ReadChecked(const std::string& path, size_t max_bytes) {
  ASSIGN_OR_RETURN(core::Bytes data, ReadWholeFile(path, max_bytes));
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

core::Status FileSafetyStore::StoreBlock(StoredBlockRef block) {
  if (!blocks_dir_ready_) {
    if (::mkdir(blocks_dir_.c_str(), 0700) != 0 && errno != EEXIST) {
      return ErrnoStatus("mkdir", blocks_dir_);
    }
    // The new directory entry must be durable too.
    RETURN_IF_ERROR(core::SyncDirectory(DirectoryOf(blocks_dir_)).WithContext("safety store"));
    blocks_dir_ready_ = true;
  }
  const ledger::BlockHeader& h = block.block->header;
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
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("unlink", path);
  }
  return core::Status::Ok();
}

}  // namespace credchain::consensus
