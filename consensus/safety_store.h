// The safety state a validator persists before any vote, timeout or proposal leaves it, and the
// SafetyStore interface that keeps it durable.
//
// SafetyState is what makes a restart safe (DESIGN.md §8): a replica that comes back from a
// crash must never sign a vote that conflicts with one it signed before. It holds the highest
// round voted or timed out in (no second vote in it), the lock (highest QC the replica voted on
// top of or timed out with), the highest TC it acted on (so a restart resumes in its round) and
// the last round it proposed in (an honest leader never proposes twice in a round).
//
// The same store keeps the replica's uncommitted blocks (StoredBlock): every block a replica
// votes for, with its ancestors above the commit and the QCs that certify them, is durable
// before the vote leaves, so a restarted replica rebuilds its block tree and can still serve
// and extend the blocks it helped certify (a liveness rule, as DiemBFT's persistent liveness
// storage; the safety state above is the safety rule).
//
// A vote needs both: StoreVote makes the voted block's unstored path and the new state durable in
// one write, so a store that can (LogSafetyStore: one append, one fdatasync) pays one sync per
// vote instead of one per block plus one for the state.
//
// Implementations: LogSafetyStore (consensus/log_safety_store.h, what the node uses: one
// append-only log), FileSafetyStore (consensus/file_safety_store.h, the earlier one-file-per-write
// layout, read once to migrate a node's home) and MemorySafetyStore below (tests and the
// simulator; optional fault injection).
// Byte formats: docs/consensus.md, "What is persisted"; the log: docs/adr/0008.
// Thread safety: stores are used from one thread (the replica's).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "consensus/messages.h"
#include "core/codec.h"
#include "core/result.h"
#include "ledger/block.h"

namespace credchain::consensus {

struct SafetyState {
  uint16_t version = 1;
  uint64_t epoch = 0;
  uint64_t last_voted_round = 0;  // highest round with a vote or timeout signed
  uint64_t last_timeout_round = 0;
  uint64_t last_proposed_round = 0;
  ledger::QuorumCert highest_qc;  // the lock
  std::optional<TimeoutCert> last_tc;

  void EncodeTo(core::Writer& w) const;
  static core::Result<SafetyState> DecodeFrom(core::Reader& r);
  friend bool operator==(const SafetyState&, const SafetyState&) = default;
};

// One uncommitted block as persisted: the block and, when known, the QC that certifies it.
// Canonical encoding, version 1: u16 version, Block, bool has_qc, [QuorumCert].
struct StoredBlock {
  uint16_t version = 1;
  ledger::Block block;
  std::optional<ledger::QuorumCert> qc;

  void EncodeTo(core::Writer& w) const;
  static core::Result<StoredBlock> DecodeFrom(core::Reader& r);
  friend bool operator==(const StoredBlock&, const StoredBlock&) = default;
};

// A block to be stored, by reference: what a vote persists without copying the block the
// replica's tree owns. Encodes exactly as the StoredBlock it stands for; the referenced block
// and QC must outlive the call it is passed to.
struct StoredBlockRef {
  StoredBlockRef(const ledger::Block& stored_block, const std::optional<ledger::QuorumCert>& its_qc)
      : block(&stored_block), qc(&its_qc) {}
  StoredBlockRef(const StoredBlock& stored)  // NOLINT(google-explicit-constructor): a view
      : version(stored.version), block(&stored.block), qc(&stored.qc) {}

  uint16_t version = 1;
  const ledger::Block* block;
  const std::optional<ledger::QuorumCert>* qc;

  void EncodeTo(core::Writer& w) const;
};

class SafetyStore {
 public:
  virtual ~SafetyStore() = default;
  // The last stored state; NotFound if nothing was ever stored; DataLoss if what is stored is
  // corrupt; IoError if it cannot be read.
  virtual core::Result<SafetyState> Load() = 0;
  // Returns ok only once `state` is durable (would survive a power loss). On failure Load may
  // return the previous state or this one; the caller must not sign what needed the write.
  virtual core::Status Store(const SafetyState& state) = 0;

  // Blocks. StoreBlock returns ok only once `block` (keyed by its id; a second store of the
  // same id replaces the first) is durable. LoadBlocks returns every stored block, in no
  // particular order (DataLoss if one is corrupt, IoError if they cannot be read).
  // PruneBlocks(h) forgets the blocks at heights <= h (they are executed); it need not be
  // durable, since a block that reappears after a crash is below the restart point and ignored.
  virtual core::Status StoreBlock(StoredBlockRef block) = 0;
  virtual core::Result<std::vector<StoredBlock>> LoadBlocks() = 0;
  virtual core::Status PruneBlocks(uint64_t up_to_height) = 0;

  // The write before a vote: `blocks` (as StoreBlock) and `state` (as Store). Returns ok only
  // once all of them are durable; on failure any subset may be. The default stores each block,
  // then the state; a store that can make them durable together with one sync overrides it.
  virtual core::Status StoreVote(std::span<const StoredBlockRef> blocks, const SafetyState& state);
  // The same for owned blocks.
  core::Status StoreVote(std::span<const StoredBlock> blocks, const SafetyState& state);
};

// In-memory store with injectable faults that model a store that is not durable:
//   kLoseLastWriteOnCrash: SimulateCrash() forgets the most recent Store, StoreBlock or
//                          StoreVote — all of a StoreVote, as one append to the log would be
//                          (it "was not synced");
//   kFailWrites: every write fails with IoError (a full or broken disk).
class MemorySafetyStore final : public SafetyStore {
 public:
  enum class Fault { kNone, kLoseLastWriteOnCrash, kFailWrites };

  core::Result<SafetyState> Load() override;
  core::Status Store(const SafetyState& state) override;
  core::Status StoreBlock(StoredBlockRef block) override;
  core::Result<std::vector<StoredBlock>> LoadBlocks() override;
  core::Status PruneBlocks(uint64_t up_to_height) override;
  using SafetyStore::StoreVote;
  core::Status StoreVote(std::span<const StoredBlockRef> blocks, const SafetyState& state) override;

  void set_fault(Fault fault) { fault_ = fault; }
  // A crash of the process using the store: applies kLoseLastWriteOnCrash.
  void SimulateCrash();
  uint64_t writes() const { return writes_; }              // states written
  uint64_t block_writes() const { return block_writes_; }  // blocks written
  uint64_t syncs() const { return syncs_; }  // durable writes (calls), as a file store's syncs
  size_t blocks_stored() const { return blocks_.size(); }

 private:
  using BlockEntry = std::pair<uint64_t, core::Bytes>;  // height, encoded
  // What SimulateCrash undoes under kLoseLastWriteOnCrash: the previous value of everything the
  // last write replaced (nullopt = it did not exist).
  struct Undo {
    std::optional<std::optional<core::Bytes>> state;  // set if the write stored a state
    std::vector<std::pair<core::Bytes32, std::optional<BlockEntry>>> blocks;
  };

  // One durable write of `blocks` and, if not null, `state`.
  core::Status Write(std::span<const StoredBlockRef> blocks, const SafetyState* state);

  Fault fault_ = Fault::kNone;
  std::optional<core::Bytes> current_;          // encoded, like a file
  std::map<core::Bytes32, BlockEntry> blocks_;  // by block id
  std::optional<Undo> undo_;
  uint64_t writes_ = 0;
  uint64_t block_writes_ = 0;
  uint64_t syncs_ = 0;
};

}  // namespace credchain::consensus
