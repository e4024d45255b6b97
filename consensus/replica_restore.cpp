// ReplicaCore: the durable block tree. Before a vote leaves, the voted block and its ancestors
// above the commit are stored (with the QCs known for them) through the SafetyStore, in the same
// write as the vote's safety state (SafetyStore::StoreVote); Start puts
// them back into the tree. Without this, a block certified by replicas that all restart before
// it commits is lost: its QC is everyone's lock, so no leader can extend anything else, and
// nobody can serve the block (docs/consensus.md, "What is persisted").
#include <algorithm>

#include "consensus/replica_core.h"

namespace credchain::consensus {

// References into the tree: valid until the tree changes (the vote's write is done by then).
std::vector<StoredBlockRef> ReplicaCore::UnpersistedPath(const TreeBlock& tip) const {
  std::vector<StoredBlockRef> path;
  for (const TreeBlock* b : tree_.PathFromRoot(tip.id)) {
    if (!b->persisted) path.emplace_back(b->block, b->qc);
  }
  return path;
}

void ReplicaCore::MarkPersisted(std::span<const StoredBlockRef> stored) {
  for (const StoredBlockRef& s : stored) {
    tree_.MarkPersisted(ledger::BlockId(s.block->header));
    ++stats_.blocks_persisted;
  }
}

void ReplicaCore::RestoreQc(const ledger::QuorumCert& qc) {
  if (qc.epoch != epoch()) return;
  if (const TreeBlock* block = tree_.Certify(qc)) MaybeCommit(*block);
  if (epoch_->EffectiveRound(qc) > epoch_->EffectiveRound(high_qc_)) high_qc_ = qc;
}

// The store is our own, but it is checked like a fetched chain anyway (header fields, the
// certificates): a block that does not fit the tree of this epoch is left out, never trusted.
void ReplicaCore::RestoreTree() {
  std::vector<StoredBlock> stored;
  stored.swap(stored_);
  std::sort(stored.begin(), stored.end(), [](const StoredBlock& a, const StoredBlock& b) {
    return a.block.header.height < b.block.header.height;
  });
  for (const StoredBlock& s : stored) {
    const ledger::BlockHeader& h = s.block.header;
    if (h.epoch != epoch() || h.height <= tree_.root().height()) continue;
    const core::Bytes32 id = ledger::BlockId(h);
    if (tree_.Contains(id) || !tree_.Contains(h.parent_id)) continue;
    if (!CheckHeaderFields(s.block).ok() || !epoch_->VerifyQc(h.parent_qc).ok()) continue;
    tree_.Insert(s.block, id);
    tree_.MarkPersisted(id);
    ++stats_.blocks_restored;
    RestoreQc(h.parent_qc);
    if (s.qc && s.qc->block_id == id && epoch_->VerifyQc(*s.qc).ok()) RestoreQc(*s.qc);
  }
  // The lock and the last TC's QC were verified when they were received.
  RestoreQc(safety_.state().highest_qc);
  if (const auto& tc = safety_.state().last_tc) RestoreQc(tc->high_qc);
}

}  // namespace credchain::consensus
