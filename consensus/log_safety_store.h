// LogSafetyStore: the durable SafetyStore the node uses — one append-only log file,
// <dir>/safety.log (mode 0600), in the format of consensus/safety_log.h.
//
// Every write appends one record and fdatasyncs the file once: StoreVote puts the voted blocks
// and the new safety state in the same record, so a vote costs one sync (the earlier
// FileSafetyStore paid temp file + fsync + rename + directory fsync for the block and again for
// the state). The directory is fsynced only when the log file is created or replaced.
// PruneBlocks appends a prune record without a sync (it need not be durable) and, once the log
// is larger than Options::compact_bytes and more than twice what it holds, compacts: the state
// and the unpruned blocks are written to safety.log.tmp, fsynced and renamed over the log, and
// the directory is fsynced — a crash leaves the old log or the new one, both complete.
//
// Open reads the log back. A torn last record (a crash during an append, whose vote never left
// because the sync had not returned) is cut off and the truncation synced; any other damage is
// DataLoss and the node refuses to start. A home in the earlier layout (safety_state and
// safety_state.blocks/, FileSafetyStore) is migrated once: read, written as a new log, and the
// old files removed only after the log is durable.
//
// After a failed sync the store refuses every later write (IoError): what the kernel did with
// the failed pages is unknown, so only a restart, which re-reads the file, may vouch for it.
// The design and its crash cases: docs/adr/0008-one-append-only-safety-log.md.
// Thread safety: one thread at a time (the replica's).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "consensus/safety_log.h"
#include "consensus/safety_store.h"
#include "core/unique_fd.h"

namespace credchain::consensus {

class LogSafetyStore final : public SafetyStore {
 public:
  struct Options {
    uint64_t compact_bytes = uint64_t{64} << 20;  // compact once the log is larger than this
  };
  static constexpr const char* kLogFileName = "safety.log";
  // The earlier layout's file and directory names, migrated by Open.
  static constexpr const char* kLegacyStateFileName = "safety_state";

  // Opens (creating, or migrating from the earlier layout) the log in `dir`, which must exist.
  // DataLoss if the log or the files being migrated are damaged; IoError if they cannot be read
  // or written.
  static core::Result<std::unique_ptr<LogSafetyStore>> Open(const std::string& dir,
                                                            Options options);
  static core::Result<std::unique_ptr<LogSafetyStore>> Open(const std::string& dir) {
    return Open(dir, Options{});
  }

  core::Result<SafetyState> Load() override;  // NotFound if no state was ever stored
  core::Status Store(const SafetyState& state) override;
  core::Status StoreBlock(StoredBlockRef block) override;
  core::Result<std::vector<StoredBlock>> LoadBlocks() override;
  core::Status PruneBlocks(uint64_t up_to_height) override;
  // One record with the blocks and the state, one fdatasync.
  using SafetyStore::StoreVote;
  core::Status StoreVote(std::span<const StoredBlockRef> blocks, const SafetyState& state) override;

  const std::string& path() const { return path_; }
  uint64_t log_bytes() const { return end_; }
  uint64_t syncs() const { return syncs_; }              // fdatasyncs of appended records
  uint64_t compactions() const { return compactions_; }  // log files replaced

 private:
  LogSafetyStore(std::string dir, Options options);

  // Creates the log from `contents_` (temp file, fsync, rename, directory fsync) and opens it.
  core::Status Rewrite();
  // Appends one framed record at end_; `sync` makes it durable before returning.
  core::Status Append(core::ByteView record, bool sync);
  core::Status AppendUpdate(std::span<const StoredBlockRef> blocks, const SafetyState* state);
  core::Status OpenExisting(core::Bytes file);
  core::Status Migrate();
  uint64_t LiveBytes() const;

  std::string dir_;
  std::string path_;
  Options options_;
  std::optional<core::UniqueFd> fd_;  // the log, open for appending
  uint64_t end_ = 0;                  // where the next record goes
  SafetyLogContents contents_;
  std::optional<core::Bytes> encoded_state_;
  bool broken_ = false;  // a sync failed: refuse to write until restarted
  uint64_t syncs_ = 0;
  uint64_t compactions_ = 0;
};

}  // namespace credchain::consensus
