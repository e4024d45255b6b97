// The key layout of the ledger's KvStore: one keyspace shared by the state tree and the block
// store, so that a block, its receipts, its state-tree nodes and the commit pointer go into one
// WriteBatch (the daemon keeps the tree nodes in a LevelDB of their own behind a SplitKvStore,
// ledger/split_kv_store.h, which writes that batch in ordered steps). Each record kind owns one
// leading byte; integers in keys are big-endian so that numeric order is key order.
// docs/formats/storage.md describes every record. Thread safety: constants and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/bytes.h"

namespace credchain::ledger::storage {

// State tree (ledger/state_tree.h).
inline constexpr uint8_t kTreeNode = 'N';     // N ‖ u64 version ‖ u8 nibbles ‖ packed path
inline constexpr uint8_t kStateValue = 'V';   // V ‖ key(32) ‖ u64 ~version
inline constexpr uint8_t kStale = 'S';        // S ‖ u64 stale_since_version -> stale record keys
inline constexpr uint8_t kStateRoot = 'R';    // R ‖ u64 version -> root hash
inline constexpr uint8_t kNewestValue = 'L';  // L ‖ key(32) -> u64 version of its newest V record
inline constexpr uint8_t kChangedKeys = 'K';  // K ‖ u64 version -> key(32)* (ADR 0020)
// Block store (ledger/block_store.h).
inline constexpr uint8_t kHeader = 'H';         // H ‖ u64 height -> BlockHeader
inline constexpr uint8_t kBlockTx = 'T';        // T ‖ u64 height ‖ u32 index -> SignedTx
inline constexpr uint8_t kQuorumCert = 'C';     // C ‖ u64 height -> QC certifying that block
inline constexpr uint8_t kBlockId = 'I';        // I ‖ block id(32) -> u64 height
inline constexpr uint8_t kTxIndex = 'X';        // X ‖ tx id(32) -> u64 height ‖ u32 index
inline constexpr uint8_t kReceipt = 'E';        // E ‖ u64 height ‖ u32 index -> Receipt
inline constexpr uint8_t kRootCertifier = 'A';  // A ‖ u64 exec_height -> u64 height
// Singletons: M ‖ name.
inline constexpr uint8_t kMeta = 'M';
inline constexpr std::string_view kMetaStateLatest = "state.latest";  // u64 version
inline constexpr std::string_view kMetaStateOldest = "state.oldest";  // u64 version
inline constexpr std::string_view kMetaStateSuite = "state.suite";    // u8 HashSuite
// u64 previous ‖ u64 last: the tree's two newest checkpoints (ADR 0020), written by every
// version; absent in a store written before them, whose every version is a checkpoint.
inline constexpr std::string_view kMetaStateCheckpoints = "state.checkpoints";
// u64 version: every V record of versions <= it has its L record (equal to state.latest when
// the last commit was written by a build that keeps the L index; see ADR 0011).
inline constexpr std::string_view kMetaStateNewestIndex = "state.newest_index";
inline constexpr std::string_view kMetaCommit = "block.commit";  // CommitPointer

core::Bytes MetaKey(std::string_view name);

// A storage key of at most 64 bytes built on the stack: the hot paths (tree nodes, values, the
// stale index) build ~10^5 keys per block and must not allocate for each.
class StackKey {
 public:
  static constexpr size_t kCapacity = 64;

  void Push(uint8_t b) { Append(core::ByteView(&b, 1)); }
  void PushU64(uint64_t v);  // big-endian
  void Append(core::ByteView bytes);
  core::ByteView view() const { return core::ByteView(bytes_.data(), size_); }
  size_t size() const { return size_; }

 private:
  std::array<uint8_t, kCapacity> bytes_{};
  size_t size_ = 0;
};

}  // namespace credchain::ledger::storage
