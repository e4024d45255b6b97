#include "node/chain.h"

#include <limits>
#include <utility>

#include "contracts/accounts.h"
#include "contracts/block_executor.h"
#include "contracts/governance_state.h"
#include "core/check.h"
#include "core/hex.h"
#include "core/log.h"
#include "ledger/leveldb_kv_store.h"
#include "ledger/split_kv_store.h"
#include "ledger/storage_layout.h"

namespace credchain::node {

namespace {

constexpr char kLog[] = "chain";

std::string Hex(const core::Bytes32& b) { return core::HexEncode(b); }

}  // namespace

Chain::Chain(std::unique_ptr<ledger::KvStore> store, ChainOptions options)
    : store_(std::move(store)), options_(std::move(options)) {
  clock_ = options_.clock != nullptr ? options_.clock : &system_clock_;
}

Chain::~Chain() {
  // Background verifications use only what they captured; wait for them before the members go.
  for (auto& entry : verifying_ahead_) entry.second.done.wait();
}

core::Result<std::unique_ptr<Chain>> Chain::Open(std::unique_ptr<ledger::KvStore> store,
                                                 const ChainGenesis& genesis,
                                                 ChainOptions options) {
  CHECK(store != nullptr);
  std::unique_ptr<Chain> chain(new Chain(std::move(store), std::move(options)));
  RETURN_IF_ERROR(chain->Initialise(genesis));
  return chain;
}

core::Result<std::unique_ptr<Chain>> Chain::OpenInDirectory(const std::filesystem::path& dir,
                                                            const ChainGenesis& genesis,
                                                            ChainOptions options) {
  // The node's memory is mostly bounded caches and buffers whose peaks add up (docs/
  // PERFORMANCE.md, stop 53): with a 64 MiB memtable here, a 32 MiB block cache for the tree's
  // nodes and 200,000 verified signatures, a node passed 500 MiB within four minutes at 3,000
  // tx/s; with these sizes it stayed near 360 MiB, with the same CPU per transaction. Over eight
  // minutes it still grows past 500 MiB (what grows is in that section).
  ledger::LevelDbOptions main_options;
  main_options.write_buffer_bytes = size_t{32} << 20;
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::KvStore> main,
                   ledger::OpenLevelDbKvStore(dir.string(), main_options));
  // The tree's nodes arrive in batches at checkpoints, keyed above every stored node, and are
  // read mostly through the tree's own caches (ledger/state_tree.h): a smaller memtable holds
  // less of them, its flushes of sorted, new keys are cheap (ADR 0016), and a small block cache
  // serves the reads that miss those caches.
  ledger::LevelDbOptions node_options;
  node_options.write_buffer_bytes = size_t{16} << 20;
  node_options.block_cache_bytes = size_t{8} << 20;
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::KvStore> tree_nodes,
                   ledger::OpenLevelDbKvStore((dir / kTreeNodeDirectory).string(), node_options));
  ASSIGN_OR_RETURN(
      std::unique_ptr<ledger::KvStore> store,
      ledger::OpenSplitKvStore(std::move(main), std::move(tree_nodes), ledger::storage::kTreeNode));
  return Open(std::move(store), genesis, std::move(options));
}

core::Status Chain::Initialise(const ChainGenesis& genesis) {
  ASSIGN_OR_RETURN(genesis_, BuildGenesisBlock(genesis));
  chain_id_ = genesis.chain_id;
  suite_ = genesis.suite;
  ASSIGN_OR_RETURN(tree_, ledger::StateTree::Open(store_.get(), suite_, options_.state_tree));
  ASSIGN_OR_RETURN(blocks_,
                   ledger::BlockStore::Open(store_.get(), tree_.get(), options_.block_store));
  if (!blocks_->Tip()) {
    ASSIGN_OR_RETURN(ledger::PreparedUpdate update,
                     tree_->PrepareUpdate(std::nullopt, genesis.state));
    CHECK(update.root == genesis_.state_root);
    RETURN_IF_ERROR(blocks_->Commit(genesis_.block, genesis_.qc, {}, update));
    LOG_INFO(kLog) << "initialised chain " << chain_id_ << " from genesis block "
                   << Hex(genesis_.qc.block_id);
  } else {
    ASSIGN_OR_RETURN(ledger::BlockHeader stored, blocks_->GetHeader(0));
    const core::Bytes32 stored_id = ledger::BlockId(stored);
    if (stored_id != genesis_.qc.block_id) {
      return core::Status::FailedPrecondition(
          "genesis does not match the data directory: the stored genesis block is " +
          Hex(stored_id) + ", the genesis file gives " + Hex(genesis_.qc.block_id));
    }
    LOG_INFO(kLog) << "recovered chain " << chain_id_ << " at height " << Tip().height;
  }
  if (options_.metrics != nullptr) {
    options_.metrics->height.Set(static_cast<double>(Tip().height));
    options_.metrics->exec_height.Set(static_cast<double>(Tip().height));
  }
  return core::Status::Ok();
}

void Chain::AddCommitListener(CommitListener listener) {
  std::lock_guard lock(commit_mu_);
  listeners_.push_back(std::move(listener));
}

void Chain::VerifyAhead(const ledger::Block& block) {
  std::lock_guard lock(commit_mu_);
  if (!options_.verify_signatures || halted() || block.txs.empty()) return;
  const uint64_t tip = Tip().height;
  // Verifications of blocks that were not committed through this chain (skipped, a fork) go.
  for (auto it = verifying_ahead_.begin(); it != verifying_ahead_.end();) {
    if (it->second.height <= tip) {
      it->second.done.wait();
      it = verifying_ahead_.erase(it);
    } else {
      ++it;
    }
  }
  if (block.header.height <= tip || verifying_ahead_.size() >= kMaxVerifyAhead) return;
  const core::Bytes32 id = ledger::BlockId(block.header);
  if (verifying_ahead_.contains(id) || CheckedTxIds(id)) return;
  auto txs = std::make_shared<const std::vector<ledger::SignedTx>>(block.txs);
  // The result is not kept: Commit verifies again and finds every good signature in the cache.
  std::future<void> done =
      std::async(std::launch::async, [verify = options_.verify_signatures, txs, suite = suite_] {
        (void)verify(*txs, ledger::TxIds(suite, *txs));
      });
  verifying_ahead_.emplace(id, AheadVerification{block.header.height, std::move(done)});
}

void Chain::ExecuteAhead(const ledger::Block& block) {
  std::lock_guard lock(commit_mu_);
  if (halted()) return;
  const ledger::CommitPointer tip = Tip();
  if (block.header.height != tip.height + 1 || block.header.parent_id != tip.block_id) return;
  const core::Bytes32 id = ledger::BlockId(block.header);
  if (executed_ahead_ && executed_ahead_->block_id == id) return;
  executed_ahead_.reset();
  core::Result<contracts::ExecutedBlock> result = Execute(block, id);
  if (!result.ok()) {
    LOG_DEBUG(kLog) << "executing block " << block.header.height
                    << " ahead of its commit failed (its commit executes it again): "
                    << result.status();
    return;
  }
  executed_ahead_ = AheadExecution{id, tip.block_id, std::move(result).value()};
}

core::Result<contracts::ExecutedBlock> Chain::Execute(const ledger::Block& block,
                                                      const core::Bytes32& block_id) {
  if (auto ahead = verifying_ahead_.find(block_id); ahead != verifying_ahead_.end()) {
    ahead->second.done.wait();
    verifying_ahead_.erase(ahead);
  }
  if (std::optional<std::vector<core::Bytes32>> checked = CheckedTxIds(block_id);
      checked && checked->size() == block.txs.size()) {
    return contracts::ExecuteBlock(*tree_, block, contracts::SignatureCheck::kAlreadyVerified,
                                   *checked);
  }
  // The ids once, for the signature check and the receipts.
  const std::vector<core::Bytes32> tx_ids = ledger::TxIds(block.header.suite, block.txs);
  const contracts::SignatureCheck signatures =
      options_.verify_signatures && options_.verify_signatures(block.txs, tx_ids).ok()
          ? contracts::SignatureCheck::kAlreadyVerified
          : contracts::SignatureCheck::kVerify;
  return contracts::ExecuteBlock(*tree_, block, signatures, tx_ids);
}

std::optional<std::vector<core::Bytes32>> Chain::CheckedTxIds(const core::Bytes32& block_id) const {
  if (!options_.checked_tx_ids) return std::nullopt;
  return options_.checked_tx_ids(block_id);
}

std::string Chain::halt_reason() const {
  std::lock_guard lock(halt_mu_);
  return halt_reason_;
}

core::Status Chain::Halt(std::string reason) {
  LOG_ERROR(kLog) << "HALTED: " << reason
                  << ". This node will not commit further blocks; its state disagrees with a "
                     "quorum of validators. Keep the data directory for diagnosis.";
  {
    std::lock_guard lock(halt_mu_);
    if (halt_reason_.empty()) halt_reason_ = reason;
  }
  halted_ = true;
  return core::Status::DataLoss("chain halted: " + reason);
}

ledger::CommitPointer Chain::Tip() const {
  const std::optional<ledger::CommitPointer> tip = blocks_->Tip();
  CHECK(tip.has_value());  // genesis is committed in Open
  return *tip;
}

core::Result<ChainRoot> Chain::Root() const {
  const ledger::CommitPointer tip = Tip();
  ChainRoot root;
  ASSIGN_OR_RETURN(root.block, blocks_->GetBlock(tip.height));
  ASSIGN_OR_RETURN(root.qc, blocks_->GetQuorumCert(tip.height));
  return root;
}

core::Result<std::unique_ptr<ledger::StateReader>> Chain::StateAt(uint64_t version) const {
  return tree_->ReaderAt(version);
}

uint64_t Chain::NextSequence(const crypto::PublicKey& sender) const {
  const SequenceCache::Lookup cached = sequences_.Find(sender);
  if (cached.next) return *cached.next;
  auto reader = tree_->ReaderAt(Tip().height);
  if (reader.ok()) {
    core::Result<uint64_t> last = contracts::LastSequence(**reader, suite_, sender);
    if (last.ok()) {
      sequences_.Store(sender, *last + 1, cached.generation);
      return *last + 1;
    }
    LOG_ERROR(kLog) << "reading a sender sequence failed: " << last.status();
  } else {
    LOG_ERROR(kLog) << "reading state failed: " << reader.status();
  }
  return std::numeric_limits<uint64_t>::max();
}

core::Result<ledger::ValidatorSet> Chain::ValidatorsOf(uint64_t epoch) const {
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> reader, StateAt(Tip().height));
  ASSIGN_OR_RETURN(std::optional<ledger::ValidatorSet> set,
                   contracts::ReadValidatorSet(*reader, suite_, epoch));
  if (!set) return core::Status::NotFound("no validator set for epoch " + std::to_string(epoch));
  return std::move(*set);
}

core::Status Chain::Commit(const std::vector<ledger::Block>& blocks, const ledger::QuorumCert& qc,
                           std::vector<consensus::ExecutedBlock>* executed) {
  std::lock_guard lock(commit_mu_);
  for (size_t i = 0; i < blocks.size(); ++i) {
    const ledger::QuorumCert& certifying =
        i + 1 < blocks.size() ? blocks[i + 1].header.parent_qc : qc;
    RETURN_IF_ERROR(CommitOne(blocks[i], certifying, executed));
  }
  return core::Status::Ok();
}

core::Status Chain::Commit(std::span<const consensus::CommittedBlock> blocks,
                           std::vector<consensus::ExecutedBlock>* executed) {
  std::lock_guard lock(commit_mu_);
  for (const consensus::CommittedBlock& b : blocks) {
    RETURN_IF_ERROR(CommitOne(b.block, b.qc, executed));
  }
  return core::Status::Ok();
}

// A block at or below the tip: the same block again is fine, another one is a fork.
core::Status Chain::CheckCommitted(const ledger::Block& block) const {
  const uint64_t height = block.header.height;
  ASSIGN_OR_RETURN(ledger::BlockHeader stored, blocks_->GetHeader(height));
  const core::Bytes32 stored_id = ledger::BlockId(stored);
  const core::Bytes32 id = ledger::BlockId(block.header);
  if (stored_id == id) return core::Status::Ok();
  return core::Status::DataLoss("fork at height " + std::to_string(height) + ": committed block " +
                                Hex(stored_id) + ", now asked to commit " + Hex(id));
}

core::Status Chain::CheckHeader(const ledger::BlockHeader& header) const {
  if (header.chain_id != chain_id_ || header.suite != suite_) {
    return core::Status::DataLoss("block at height " + std::to_string(header.height) +
                                  " belongs to another chain or suite");
  }
  if (header.exec_height >= header.height) {
    return core::Status::DataLoss("block at height " + std::to_string(header.height) +
                                  " claims exec_height " + std::to_string(header.exec_height) +
                                  ", which is not below its own height");
  }
  ASSIGN_OR_RETURN(core::Bytes32 ours, tree_->RootHash(header.exec_height));
  if (ours != header.exec_state_root) {
    return core::Status::DataLoss(
        "state root mismatch at height " + std::to_string(header.exec_height) + ": this node has " +
        Hex(ours) + ", block " + std::to_string(header.height) + " (round " +
        std::to_string(header.round) + ", proposer " + header.proposer.ToHex() + ") carries " +
        Hex(header.exec_state_root));
  }
  return core::Status::Ok();
}

core::Status Chain::CommitOne(const ledger::Block& block, const ledger::QuorumCert& qc,
                              std::vector<consensus::ExecutedBlock>* executed) {
  if (halted()) return core::Status::FailedPrecondition("chain halted: " + halt_reason());
  const int64_t started_ms = clock_->MonotonicMs();
  const ledger::BlockHeader& header = block.header;
  const uint64_t tip = Tip().height;
  if (header.height <= tip) {
    core::Status same = CheckCommitted(block);
    if (same.code() == core::StatusCode::kDataLoss) return Halt(same.message());
    RETURN_IF_ERROR(same);
    if (executed != nullptr) {
      ASSIGN_OR_RETURN(core::Bytes32 root, tree_->RootHash(header.height));
      executed->push_back({header.height, ledger::BlockId(header), root, std::nullopt});
    }
    return core::Status::Ok();
  }
  if (header.height != tip + 1) {
    return core::Status::FailedPrecondition("block at height " + std::to_string(header.height) +
                                            " does not extend the tip at " + std::to_string(tip) +
                                            "; sync the missing blocks first");
  }
  if (core::Status s = CheckHeader(header); !s.ok()) {
    return s.code() == core::StatusCode::kDataLoss ? Halt(s.message()) : s;
  }
  const core::Bytes32 id = ledger::BlockId(header);
  std::optional<AheadExecution> ahead = std::exchange(executed_ahead_, std::nullopt);
  contracts::ExecutedBlock result;
  if (ahead && ahead->block_id == id && ahead->parent_id == Tip().block_id) {
    result = std::move(ahead->result);
    if (options_.metrics != nullptr) options_.metrics->blocks_executed_ahead.Increment();
  } else {
    ASSIGN_OR_RETURN(result, Execute(block, id));
  }
  const ledger::PreparedUpdate& update = result.state_update;
  // The receipts carry the ids Execute used: the block is not hashed again to store them.
  std::vector<core::Bytes32> tx_ids;
  tx_ids.reserve(result.execution.receipts.size());
  for (const ledger::Receipt& receipt : result.execution.receipts) tx_ids.push_back(receipt.tx_id);
  RETURN_IF_ERROR(blocks_->Commit(block, qc, result.execution.receipts, update, tx_ids));
  tree_->RecycleBatch(std::move(result.state_update.batch));
  std::vector<crypto::PublicKey> senders;
  senders.reserve(block.txs.size());
  for (const ledger::SignedTx& stx : block.txs) senders.push_back(stx.tx.sender);
  sequences_.Invalidate(senders);
  if (executed != nullptr) {
    executed->push_back(
        {header.height, qc.block_id, update.root, result.execution.pending_validator_set});
  }

  const CommittedBlock committed{block, qc.block_id, update.root, result.execution.receipts,
                                 result.execution.pending_validator_set};
  for (const CommitListener& listener : listeners_) listener(committed);
  Observe(block, started_ms);
  return core::Status::Ok();
}

void Chain::Observe(const ledger::Block& block, int64_t started_ms) const {
  NodeMetrics* m = options_.metrics;
  if (m == nullptr) return;
  const double height = static_cast<double>(block.header.height);
  m->height.Set(height);
  m->exec_height.Set(height);
  m->committed_blocks.Increment();
  m->committed_txs.Add(static_cast<double>(block.txs.size()));
  m->block_execute.Observe(static_cast<double>(clock_->MonotonicMs() - started_ms) / 1000.0);
  const int64_t age_ms = clock_->NowMs() - static_cast<int64_t>(block.header.timestamp_ms);
  if (age_ms >= 0) m->commit_latency.Observe(static_cast<double>(age_ms) / 1000.0);
}

}  // namespace credchain::node
