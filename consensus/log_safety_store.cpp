#include "consensus/log_safety_store.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "consensus/durable_file.h"
#include "consensus/file_safety_store.h"
#include "core/codec.h"
#include "core/directory_sync.h"

namespace credchain::consensus {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxLogBytes = size_t{1} << 32;

std::string LegacyStatePath(const std::string& dir) {
  return dir + "/" + LogSafetyStore::kLegacyStateFileName;
}

bool LegacyLayoutExists(const std::string& dir) {
  std::error_code ec;
  const std::string state = LegacyStatePath(dir);
  return fs::exists(state, ec) || fs::exists(state + ".blocks", ec);
}

// Removes the earlier layout's files once the log holds what they held. Need not be durable:
// files that come back after a crash are removed again, the log taking precedence.
core::Status RemoveLegacyLayout(const std::string& dir) {
  const std::string state = LegacyStatePath(dir);
  std::error_code ec;
  for (const std::string& file : {state, state + ".tmp"}) {
    fs::remove(file, ec);
    if (ec) return core::Status::IoError("safety store: remove " + file + ": " + ec.message());
  }
  fs::remove_all(state + ".blocks", ec);
  if (ec)
    return core::Status::IoError("safety store: remove " + state + ".blocks: " + ec.message());
  return core::Status::Ok();
}

}  // namespace

LogSafetyStore::LogSafetyStore(std::string dir, Options options)
    : dir_(std::move(dir)), path_(dir_ + "/" + kLogFileName), options_(options) {}

core::Result<std::unique_ptr<LogSafetyStore>> LogSafetyStore::Open(const std::string& dir,
                                                                   Options options) {
  std::unique_ptr<LogSafetyStore> store(new LogSafetyStore(dir, options));
  // A temp file is a compaction or creation that never reached its rename: the log (or the
  // files being migrated) still hold everything.
  const std::string tmp = store->path_ + ".tmp";
  if (::unlink(tmp.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("unlink", tmp);
  auto file = ReadWholeFile(store->path_, kMaxLogBytes);
  if (file.ok()) {
    RETURN_IF_ERROR(store->OpenExisting(std::move(file).value()));
  } else if (file.status().code() == core::StatusCode::kNotFound) {
    RETURN_IF_ERROR(store->Migrate());
  } else {
    return file.status();
  }
  RETURN_IF_ERROR(RemoveLegacyLayout(dir));
  if (store->end_ > store->options_.compact_bytes && store->end_ > 2 * store->LiveBytes()) {
    RETURN_IF_ERROR(store->Rewrite());
  }
  return store;
}

core::Status LogSafetyStore::OpenExisting(core::Bytes file) {
  ASSIGN_OR_RETURN(contents_, ScanSafetyLog(file));
  fd_.emplace(::open(path_.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd_->valid()) return ErrnoStatus("open", path_);
  if (contents_.intact_bytes < file.size()) {
    // The torn tail was never acknowledged; cut it off durably so that the next record
    // follows the last intact one.
    if (::ftruncate(fd_->get(), static_cast<off_t>(contents_.intact_bytes)) != 0) {
      return ErrnoStatus("truncate", path_);
    }
    if (::fdatasync(fd_->get()) != 0) return ErrnoStatus("fdatasync", path_);
  }
  end_ = contents_.intact_bytes;
  if (contents_.state) encoded_state_ = core::EncodeToBytes(*contents_.state);
  return core::Status::Ok();
}

core::Status LogSafetyStore::Migrate() {
  if (LegacyLayoutExists(dir_)) {
    FileSafetyStore legacy(LegacyStatePath(dir_));
    auto state = legacy.Load();
    if (state.ok()) {
      contents_.state = std::move(state).value();
      encoded_state_ = core::EncodeToBytes(*contents_.state);
    } else if (state.status().code() != core::StatusCode::kNotFound) {
      return state.status();
    }
    ASSIGN_OR_RETURN(std::vector<StoredBlock> blocks, legacy.LoadBlocks());
    for (const StoredBlock& block : blocks) {
      contents_.blocks[ledger::BlockId(block.block.header)] =
          SafetyLogBlock{block.block.header.height, core::EncodeToBytes(block)};
    }
  }
  return Rewrite();
}

core::Status LogSafetyStore::Rewrite() {
  if (broken_) return core::Status::IoError("safety store: " + path_ + " failed a sync earlier");
  core::Bytes file;
  core::Append(file, kSafetyLogMagic);
  size_t records = 0;
  for (const auto& [id, block] : contents_.blocks) {
    const core::ByteView encoded = block.encoded;
    core::Append(file, FrameSafetyLogUpdate({&encoded, 1}, nullptr));
    ++records;
  }
  if (encoded_state_) {
    core::Append(file, FrameSafetyLogUpdate({}, &*encoded_state_));
    ++records;
  }
  const std::string tmp = path_ + ".tmp";
  {
    core::UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd.valid()) return ErrnoStatus("open", tmp);
    RETURN_IF_ERROR(WriteAllAt(fd.get(), file, 0, tmp));
    if (::fsync(fd.get()) != 0) return ErrnoStatus("fsync", tmp);
    if (!fd.Close()) return ErrnoStatus("close", tmp);
  }
  if (::rename(tmp.c_str(), path_.c_str()) != 0) return ErrnoStatus("rename to", path_);
  // From here the old descriptor names the replaced file: appending to it would be lost.
  fd_.reset();
  broken_ = true;
  RETURN_IF_ERROR(core::SyncDirectory(dir_).WithContext("safety store"));
  fd_.emplace(::open(path_.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd_->valid()) return ErrnoStatus("open", path_);
  broken_ = false;
  end_ = file.size();
  contents_.intact_bytes = file.size();
  contents_.records = records;
  return core::Status::Ok();
}

core::Status LogSafetyStore::Append(core::ByteView record, bool sync) {
  if (broken_ || !fd_ || !fd_->valid()) {
    return core::Status::IoError("safety store: " + path_ + " failed a sync earlier");
  }
  const core::Status written = WriteAllAt(fd_->get(), record, end_, path_);
  if (!written.ok()) {
    // A partial record must not stay in front of the next one.
    if (::ftruncate(fd_->get(), static_cast<off_t>(end_)) != 0) broken_ = true;
    return written;
  }
  if (sync) {
    if (::fdatasync(fd_->get()) != 0) {
      broken_ = true;
      return ErrnoStatus("fdatasync", path_);
    }
    ++syncs_;
  }
  end_ += record.size();
  ++contents_.records;
  contents_.intact_bytes = end_;
  return core::Status::Ok();
}

core::Status LogSafetyStore::AppendUpdate(std::span<const StoredBlockRef> blocks,
                                          const SafetyState* state) {
  std::vector<core::Bytes> encoded_blocks;
  std::vector<core::ByteView> views;
  encoded_blocks.reserve(blocks.size());
  for (const StoredBlockRef& block : blocks) {
    encoded_blocks.push_back(core::EncodeToBytes(block));
    views.push_back(encoded_blocks.back());
  }
  std::optional<core::Bytes> encoded_state;
  if (state != nullptr) encoded_state = core::EncodeToBytes(*state);
  const core::Bytes record = FrameSafetyLogUpdate(views, encoded_state ? &*encoded_state : nullptr);
  RETURN_IF_ERROR(Append(record, /*sync=*/true));
  for (size_t i = 0; i < blocks.size(); ++i) {
    const ledger::BlockHeader& h = blocks[i].block->header;
    contents_.blocks[ledger::BlockId(h)] = SafetyLogBlock{h.height, std::move(encoded_blocks[i])};
  }
  if (state != nullptr) {
    contents_.state = *state;
    encoded_state_ = std::move(encoded_state);
  }
  return core::Status::Ok();
}

core::Result<SafetyState> LogSafetyStore::Load() {
  if (!contents_.state) return core::Status::NotFound("safety store: no state in " + path_);
  return *contents_.state;
}

core::Status LogSafetyStore::Store(const SafetyState& state) { return AppendUpdate({}, &state); }

core::Status LogSafetyStore::StoreBlock(StoredBlockRef block) {
  return AppendUpdate({&block, 1}, nullptr);
}

core::Status LogSafetyStore::StoreVote(std::span<const StoredBlockRef> blocks,
                                       const SafetyState& state) {
  return AppendUpdate(blocks, &state);
}

core::Result<std::vector<StoredBlock>> LogSafetyStore::LoadBlocks() {
  std::vector<StoredBlock> blocks;
  for (const auto& [id, entry] : contents_.blocks) {
    auto block = core::DecodeExact<StoredBlock>(entry.encoded);
    if (!block.ok()) return core::Status::DataLoss("stored block: " + block.status().message());
    blocks.push_back(std::move(block).value());
  }
  return blocks;
}

core::Status LogSafetyStore::PruneBlocks(uint64_t up_to_height) {
  const size_t erased = std::erase_if(
      contents_.blocks, [&](const auto& entry) { return entry.second.height <= up_to_height; });
  if (erased == 0) return core::Status::Ok();
  // Not synced: a pruned block that comes back after a crash is below the restart point.
  RETURN_IF_ERROR(
      Append(FrameSafetyLogRecord(SafetyLogRecordType::kPrune, EncodeSafetyLogPrune(up_to_height)),
             /*sync=*/false));
  if (end_ <= options_.compact_bytes || end_ <= 2 * LiveBytes()) return core::Status::Ok();
  RETURN_IF_ERROR(Rewrite());
  ++compactions_;
  return core::Status::Ok();
}

uint64_t LogSafetyStore::LiveBytes() const {
  constexpr uint64_t kFraming =
      kSafetyLogRecordHeaderBytes + kSafetyLogRecordDigestBytes + 4 + 1;  // count, has_state
  uint64_t bytes = kSafetyLogMagic.size();
  for (const auto& [id, block] : contents_.blocks) bytes += block.encoded.size() + kFraming;
  if (encoded_state_) bytes += encoded_state_->size() + kFraming;
  return bytes;
}

}  // namespace credchain::consensus
