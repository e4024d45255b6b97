// BlockStore: the committed chain — blocks, the QC certifying each, receipts, a tx index and the
// commit pointer — stored with the state tree in one KvStore.
//
// Commit(block, qc, receipts, state) writes the block's header and transactions, the QC, every
// receipt and tx-index entry, the state tree's prepared update for that height, and the commit
// pointer as ONE synced WriteBatch: after a crash either all of it is there or none of it, and
// no transaction ever costs an fsync of its own. On open the store recovers to the commit
// pointer; the state tree's latest version is then the same height (same batch), so the state
// root equals the one committed before the crash.
//
// Heights start at 0 (genesis); state version h is the state after executing block h. The
// header of a later block carries (exec_height, exec_state_root); the store indexes the first
// committed header that certifies each state version, so CertifyStateRoot(v) returns the
// certified header + QC an offline verifier checks a state proof of version v against.
//
// Thread safety: one writer (Commit) at a time; reads may run concurrently with it and with each
// other. A Commit that fails with a storage error leaves the store refusing further commits
// (the outcome of the failed write is unknown until a restart recovers from disk).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/table_hash.h"
#include "ledger/block.h"
#include "ledger/kv_store.h"
#include "ledger/receipt.h"
#include "ledger/state_tree.h"

namespace credchain::ledger {

struct CommitPointer {
  uint64_t height = 0;
  core::Bytes32 block_id{};
  core::Bytes32 state_root{};  // root of state version `height`
  friend bool operator==(const CommitPointer&, const CommitPointer&) = default;
};

struct TxLocation {
  uint64_t height = 0;
  uint32_t index = 0;
  friend bool operator==(const TxLocation&, const TxLocation&) = default;
};

// What an offline verifier needs to trust a state root: the header that carries it
// (exec_state_root for exec_height) and the QC over that header's block id.
struct StateRootCertificate {
  BlockHeader header;
  QuorumCert qc;
};

struct BlockStoreOptions {
  // State versions kept readable; older ones are pruned as part of each commit. 0 = keep all.
  uint64_t state_versions_to_keep = 0;
  // Upper bound on pruning work per commit (records); the rest carries over to later commits.
  size_t max_prune_records_per_commit = 200'000;
};

class BlockStore {
 public:
  // Opens the block store kept in `store` together with `tree` (both must outlive it). Syncs
  // the store first, so the tip it recovers is durable before the node acts on it. Errors:
  // data_loss when the commit pointer, the state tree and the stored blocks disagree; storage
  // errors.
  static core::Result<std::unique_ptr<BlockStore>> Open(KvStore* store, StateTree* tree,
                                                        const BlockStoreOptions& options = {});

  // The last committed block; nullopt before genesis.
  std::optional<CommitPointer> Tip() const;

  // Commits `block` at the next height (0 for genesis), certified by `qc`, with one receipt per
  // transaction (in order) and `state` = tree.PrepareUpdate(previous height, block's delta).
  // Checks: height and parent id extend the tip; qc.block_id == BlockId(header); tx_count,
  // tx_root and receipts (tx id, height, index) match the transactions; state.version == height
  // and extends the tree's latest version. Errors: invalid_argument / failed_precondition for a
  // commit that does not fit (nothing written); io_error / data_loss from storage (the store
  // then refuses further commits).
  core::Status Commit(const Block& block, const QuorumCert& qc,
                      const std::vector<Receipt>& receipts, const PreparedUpdate& state);
  // The same with the transactions' ids (TxIds of block.txs) as the caller already has them:
  // they are checked against tx_count, tx_root and the receipts, but the transactions are not
  // hashed again, so the caller vouches that they are these transactions' ids.
  core::Status Commit(const Block& block, const QuorumCert& qc,
                      const std::vector<Receipt>& receipts, const PreparedUpdate& state,
                      const std::vector<core::Bytes32>& tx_ids);

  // Reads. Errors: not_found for heights or ids never committed; data_loss for corrupt records.
  core::Result<Block> GetBlock(uint64_t height) const;
  core::Result<BlockHeader> GetHeader(uint64_t height) const;
  core::Result<QuorumCert> GetQuorumCert(uint64_t height) const;  // certifies block `height`
  core::Result<uint64_t> HeightOf(const core::Bytes32& block_id) const;
  core::Result<Block> GetBlockById(const core::Bytes32& block_id) const;
  core::Result<TxLocation> FindTx(const core::Bytes32& tx_id) const;
  core::Result<SignedTx> GetTx(const core::Bytes32& tx_id) const;
  core::Result<Receipt> GetReceipt(const core::Bytes32& tx_id) const;
  core::Result<std::vector<Receipt>> GetReceipts(uint64_t height) const;

  // The certified header carrying the root of state version `version`, and its QC.
  // Errors: not_found when no committed header certifies that version yet.
  core::Result<StateRootCertificate> CertifyStateRoot(uint64_t version) const;

 private:
  BlockStore(KvStore* store, StateTree* tree, const BlockStoreOptions& options);
  core::Status CheckCommit(const Block& block, const QuorumCert& qc,
                           const std::vector<Receipt>& receipts, const PreparedUpdate& state,
                           const std::vector<core::Bytes32>& tx_ids) const;
  core::Status AddPruning(uint64_t height, WriteBatch& batch, uint64_t* keep_from) const;
  core::Status AddCertification(const BlockHeader& header, const PreparedUpdate& state,
                                WriteBatch& batch) const;
  // Whether tx `id` (with `receipt`) goes into the tx index: the index points at the first
  // occurrence that was applied, else at the first occurrence. `in_block` tracks ids already
  // indexed by this block (id -> applied).
  // Hashed with the process key (crypto/table_hash.h): tx ids are chosen by clients.
  using InBlockIndex = std::unordered_map<core::Bytes32, bool, crypto::Bytes32TableHash>;
  core::Result<bool> ShouldIndex(const core::Bytes32& id, const Receipt& receipt,
                                 InBlockIndex& in_block) const;
  template <typename T>
  core::Result<T> GetDecoded(core::ByteView key, const std::string& what) const;

  KvStore* store_;
  StateTree* tree_;
  const BlockStoreOptions options_;
  mutable std::mutex tip_mu_;
  std::optional<CommitPointer> tip_;
  std::atomic<bool> failed_{false};
};

}  // namespace credchain::ledger
