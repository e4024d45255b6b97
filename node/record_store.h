// RecordStore: the content of the records a department publishes, kept only on that
// department's node, encrypted at rest, and erasable by destroying its key (DESIGN.md §2.1,
// §2.5: no raw record content on the ledger; erasure is crypto-shredding).
//
// Layout under `dir` (normally <home>/data/records, mode 0700):
//   content/          LevelDB: "c" ‖ record id -> u16 1 ‖ 24-byte nonce ‖ ciphertext ‖ tag
//                              "m" ‖ record id -> u16 1 ‖ anchor tx id (32) ‖
//                                                 u64 anchor expires_at_height ‖ u64 stored_at_ms
//   keys/<id hex>.key the record's 32-byte XChaCha20-Poly1305 key, mode 0600
// Each record has its own random key; the content is sealed with a random nonce and the
// associated data "credchain/record/v1" ‖ record id, so a ciphertext cannot be moved to
// another record. Keys live outside LevelDB on purpose: a LevelDB delete leaves old values in
// log and table files until compaction, while a key file is removed by unlink + directory
// fsync, after which the ciphertext that may linger in LevelDB files is unreadable.
// (Storage below the file system — SSD remapping, snapshots, backups — is out of scope; back
// up keys/ never, or encrypt backups with a key that is rotated.)
//
// Put writes the key file (fsynced) before the content batch (synced): after a crash a record
// is either absent, complete, or a key without content that Sweep-style callers remove with
// Shred. Shred removes the key first, then the content.
// Thread safety: all methods are thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "ledger/kv_store.h"

namespace credchain::node {

struct StoredRecord {
  core::Bytes32 record_id{};
  core::Bytes32 anchor_tx_id{};  // the record.publish transaction that anchors its digest
  uint64_t anchor_expires_at_height = 0;
  uint64_t stored_at_ms = 0;
};

class RecordStore {
 public:
  // Opens or creates the store in `dir`. Errors: IoError, FailedPrecondition (LevelDB locked by
  // another process), DataLoss.
  static core::Result<std::unique_ptr<RecordStore>> Open(const std::filesystem::path& dir);
  ~RecordStore();
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;

  // Stores `content` for `record.record_id` under a fresh key. AlreadyExists if the id is held.
  core::Status Put(const StoredRecord& record, std::string_view content);
  // The content, or nullopt when the record is not held (never stored, or shredded).
  // DataLoss if the ciphertext does not open under its key (corruption).
  core::Result<std::optional<std::string>> Get(const core::Bytes32& record_id) const;
  // Destroys the record's key, then its content. Ok if it was not held.
  core::Status Shred(const core::Bytes32& record_id);
  // Every held record, in id order.
  core::Result<std::vector<StoredRecord>> List() const;

  // Where the key of `record_id` lives (for operators and the shredding tests).
  std::filesystem::path KeyFilePath(const core::Bytes32& record_id) const;

 private:
  RecordStore(std::filesystem::path dir, std::unique_ptr<ledger::KvStore> kv);
  core::Result<std::optional<core::Bytes>> ReadKey(const core::Bytes32& record_id) const;

  const std::filesystem::path dir_;
  std::unique_ptr<ledger::KvStore> kv_;
  std::mutex write_mu_;  // Put and Shred of one id never interleave
};

}  // namespace credchain::node
