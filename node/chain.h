// Chain: the node's ledger application — the committed chain and the state it executes to.
//
// It owns the node's ledger stores (one KvStore holding the BlockStore and the state tree; for
// the daemon, LevelDB in <home>/data/chain with the tree's nodes in <home>/data/chain/tree). On
// the first start it commits the genesis block and state (node/chain_genesis.h); on later starts
// it recovers to the last durable commit and refuses a genesis whose block differs from the
// stored one (FailedPrecondition naming both ids), so a node never runs a chain its data does not
// belong to.
//
// Execution is deferred (DESIGN.md §5, §8): a block executes after consensus commits it.
// Commit(blocks, qc) takes committed blocks in height order and, for each one:
//   1. checks the header: chain id and suite are this chain's; exec_height < height; the state
//      root it carries for exec_height equals ours. A different root means this node and a
//      quorum disagree on state: the chain HALTS (logs a diagnostic at error level with both
//      roots, refuses every later commit, halted() turns true, /health reports it) instead of
//      forking silently;
//   2. verifies the transaction signatures with options.verify_signatures (the mempool's
//      VerifyBlockTxs, which skips transactions it verified at admission and verifies the rest
//      on both cores); if that succeeds the block executes with kAlreadyVerified, otherwise with
//      kVerify, so a bad signature becomes the same kBadSignature receipt on every node. A block
//      whose signatures were verified in full when its proposal was checked
//      (options.checked_tx_ids knows it) skips this step and the hashing of its tx ids;
//   3. runs contracts::ExecuteBlock (contracts::Execute over the state of the parent height,
//      and the prepared state-tree update);
//   4. commits block, QC, receipts, tx index, state update and commit pointer in ONE synced
//      BlockStore batch, then tells the commit listeners.
// Steps 2 and 3 may have run earlier, in ExecuteAhead, while the block waited for its commit.
// Blocks at or below the tip whose id is the stored one are skipped (consensus may re-deliver
// after a restart); a different block at a committed height halts the chain (a fork). A block
// that does not extend the tip (gap) is FailedPrecondition: the caller must sync first.
// The QC is trusted: the consensus driver and block sync verify QCs before committing.
//
// Thread safety: Commit is serialised internally (one writer); every read method may run
// concurrently with it from any thread. Listeners run on the committing thread, after the
// batch is durable, and must be quick.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "consensus/commit.h"
#include "contracts/block_executor.h"
#include "core/clock.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "ledger/block.h"
#include "ledger/block_store.h"
#include "ledger/kv_store.h"
#include "ledger/receipt.h"
#include "ledger/state_tree.h"
#include "node/chain_genesis.h"
#include "node/node_metrics.h"
#include "node/sequence_cache.h"

namespace credchain::node {

// Verifies the signatures of a block's transactions, given their ids (ledger::TxIds): Ok, or
// Rejected(kBadSignature, ...).
using BlockSignatureVerifier = std::function<core::Status(const std::vector<ledger::SignedTx>&,
                                                          const std::vector<core::Bytes32>&)>;

// Given a block id: the ids of that block's transactions (ledger::TxIds, in order) if the node
// already checked the block's tx_root against them and verified every one of their signatures,
// else nullopt. The block id binds the header and so the tx_root, so ids known for an id are
// the ids of any block with that id. The daemon's: ExecutorAdapter::CheckedTxIds.
using CheckedTxIdsLookup =
    std::function<std::optional<std::vector<core::Bytes32>>(const core::Bytes32& block_id)>;

struct ChainOptions {
  ledger::BlockStoreOptions block_store;
  ledger::StateTreeOptions state_tree;
  BlockSignatureVerifier verify_signatures;  // null: Execute verifies every signature itself
  CheckedTxIdsLookup checked_tx_ids;         // null: every block's ids are hashed and verified
  NodeMetrics* metrics = nullptr;            // optional; must outlive the chain
  const core::Clock* clock = nullptr;        // for commit latency; null = system clock
};

// One committed block, as commit listeners see it (valid during the call).
struct CommittedBlock {
  const ledger::Block& block;
  const core::Bytes32& block_id;
  const core::Bytes32& state_root;  // after executing this block
  const std::vector<ledger::Receipt>& receipts;
  // Set when this block changed the validator set: the set of the next epoch.
  const std::optional<ledger::ValidatorSet>& next_validators;
};
using CommitListener = std::function<void(const CommittedBlock&)>;

// The block the chain is rooted at (the tip) and the QC that certifies it: where consensus
// starts after a restart.
struct ChainRoot {
  ledger::Block block;
  ledger::QuorumCert qc;
};

class Chain {
 public:
  // Opens (or initialises from `genesis`) the chain kept in `store`.
  // Errors: InvalidArgument (bad genesis), FailedPrecondition (genesis does not match the
  // data, or the stored suite differs), DataLoss / IoError from storage.
  static core::Result<std::unique_ptr<Chain>> Open(std::unique_ptr<ledger::KvStore> store,
                                                   const ChainGenesis& genesis,
                                                   ChainOptions options);
  // Same over the LevelDB stores in `dir` (created if missing): the state tree's nodes in
  // `dir`/tree (kTreeNodeDirectory), everything else in `dir` itself, joined by a SplitKvStore
  // (ledger/split_kv_store.h, ADR 0016). FailedPrecondition if another process has them open.
  static constexpr char kTreeNodeDirectory[] = "tree";
  static core::Result<std::unique_ptr<Chain>> OpenInDirectory(const std::filesystem::path& dir,
                                                              const ChainGenesis& genesis,
                                                              ChainOptions options);
  ~Chain();
  Chain(const Chain&) = delete;
  Chain& operator=(const Chain&) = delete;

  // Register before the first Commit.
  void AddCommitListener(CommitListener listener);

  // Executes and commits `blocks` (consecutive heights); blocks[i] is certified by
  // blocks[i+1].header.parent_qc and the last one by `qc`. Ok when all are committed.
  // Errors: FailedPrecondition when halted or when a block does not extend the tip;
  // DataLoss when this call halted the chain; storage errors (the store then refuses
  // further commits until restart).
  // When `executed` is given, one entry per block (committed now or before) is appended: the
  // height, block id, state root after it and, for blocks executed by this call, the next
  // epoch's validator set if the block changed it (what Replica::OnBlockExecuted needs).
  core::Status Commit(const std::vector<ledger::Block>& blocks, const ledger::QuorumCert& qc,
                      std::vector<consensus::ExecutedBlock>* executed = nullptr);
  // The same for a consensus decision's blocks, each with the QC that certifies it (no copy).
  core::Status Commit(std::span<const consensus::CommittedBlock> blocks,
                      std::vector<consensus::ExecutedBlock>* executed = nullptr);

  // Starts verifying the signatures of `block` (a committed block queued behind the one being
  // committed: block sync, catch-up) on a background thread with options.verify_signatures, so
  // that verification of block h+1 overlaps execution of block h. A later Commit of the block
  // waits for it and then finds its transactions verified (the mempool's cache); the outcome of
  // Commit does not depend on it. No-op without a verifier, for a block at or below the tip, one
  // already started, or when kMaxVerifyAhead are in flight (Commit then verifies it itself).
  void VerifyAhead(const ledger::Block& block);

  // Runs steps 2 and 3 of Commit for `block` now, ahead of its commit, when its parent is the
  // tip. The consensus driver calls it, after voting, with the certified child of the blocks it
  // just committed, so that the child's execution overlaps the wait for the round that commits
  // it. A Commit of that block on the same tip then only checks and stores the result; a commit
  // of anything else discards it. Nothing is written and no listener runs here. Best effort: an
  // execution error is dropped (Commit executes again and reports it).
  void ExecuteAhead(const ledger::Block& block);

  bool halted() const { return halted_.load(); }
  std::string halt_reason() const;

  const std::string& chain_id() const { return chain_id_; }
  crypto::HashSuite suite() const { return suite_; }
  const GenesisBlock& genesis() const { return genesis_; }

  ledger::CommitPointer Tip() const;  // genesis (height 0) at least
  core::Result<ChainRoot> Root() const;
  const ledger::BlockStore& blocks() const { return *blocks_; }
  const ledger::StateTree& state_tree() const { return *tree_; }
  // Memory the store holds for its caches and write buffers (ledger::KvStore::MemoryBytes).
  uint64_t store_memory_bytes() const { return store_->MemoryBytes(); }
  // A reader of state version `version` (the state after executing that height).
  core::Result<std::unique_ptr<ledger::StateReader>> StateAt(uint64_t version) const;
  // The sequence `sender`'s next transaction must carry, from the latest committed state;
  // UINT64_MAX (every sequence refused as a replay) if state cannot be read. Answers for senders
  // asked about since their last committed transaction come from a cache (node/sequence_cache.h).
  uint64_t NextSequence(const crypto::PublicKey& sender) const;
  // The validator set of `epoch` in the latest state; NotFound if none was recorded.
  core::Result<ledger::ValidatorSet> ValidatorsOf(uint64_t epoch) const;

 private:
  static constexpr size_t kSequenceCacheEntries = 100'000;
  static constexpr size_t kMaxVerifyAhead = 4;

  Chain(std::unique_ptr<ledger::KvStore> store, ChainOptions options);
  core::Status Initialise(const ChainGenesis& genesis);
  // One block of either Commit (commit_mu_ held); FailedPrecondition once halted.
  core::Status CommitOne(const ledger::Block& block, const ledger::QuorumCert& qc,
                         std::vector<consensus::ExecutedBlock>* executed);
  // Steps 2 and 3 of Commit (commit_mu_ held).
  core::Result<contracts::ExecutedBlock> Execute(const ledger::Block& block,
                                                 const core::Bytes32& block_id);
  // The block's checked tx ids (options.checked_tx_ids), or nullopt.
  std::optional<std::vector<core::Bytes32>> CheckedTxIds(const core::Bytes32& block_id) const;
  core::Status CheckHeader(const ledger::BlockHeader& header) const;
  core::Status CheckCommitted(const ledger::Block& block) const;
  core::Status Halt(std::string reason);
  void Observe(const ledger::Block& block, int64_t started_ms) const;

  std::unique_ptr<ledger::KvStore> store_;
  ChainOptions options_;
  core::SystemClock system_clock_;
  const core::Clock* clock_;
  std::string chain_id_;
  crypto::HashSuite suite_ = crypto::HashSuite::kSha256;
  GenesisBlock genesis_;
  std::unique_ptr<ledger::StateTree> tree_;
  std::unique_ptr<ledger::BlockStore> blocks_;
  std::vector<CommitListener> listeners_;
  mutable SequenceCache sequences_{kSequenceCacheEntries};
  // Background verifications started by VerifyAhead, by block id (guarded by commit_mu_).
  struct AheadVerification {
    uint64_t height = 0;
    std::future<void> done;
  };
  std::map<core::Bytes32, AheadVerification> verifying_ahead_;
  // The result of the last ExecuteAhead, and the tip it ran on (guarded by commit_mu_).
  struct AheadExecution {
    core::Bytes32 block_id{};
    core::Bytes32 parent_id{};
    contracts::ExecutedBlock result;
  };
  std::optional<AheadExecution> executed_ahead_;

  std::mutex commit_mu_;  // one Commit at a time
  std::atomic<bool> halted_{false};
  mutable std::mutex halt_mu_;
  std::string halt_reason_;  // guarded by halt_mu_
};

}  // namespace credchain::node
