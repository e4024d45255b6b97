// ReplicaCore: block fetching (missing ancestors, catch-up) and epoch changes.
#include <algorithm>

#include "consensus/replica_core.h"

namespace credchain::consensus {
namespace {

constexpr size_t kMaxOrphans = 4;
constexpr size_t kMaxEpochProofs = 64;

core::Status RefusedSync(core::RejectCode code, std::string detail) {
  return core::Status::Rejected(code, std::move(detail));
}

}  // namespace

void ReplicaCore::RequestParent(const crypto::PublicKey& from, const core::Bytes32& target) {
  auto [it, inserted] = parent_requests_.emplace(target, round_);
  if (!inserted) return;
  SyncRequest request;
  request.epoch = epoch();
  request.target_block_id = target;
  request.from_height = tree_.root().height();
  request.max_blocks = kMaxSyncBlocks;
  const crypto::PublicKey& hint = from == public_key_ ? epoch_->LeaderOf(round_ + 1) : from;
  if (hint == public_key_) return;
  deps_.output->RequestBlocks(hint, request);
}

void ReplicaCore::RequestCatchUp(const crypto::PublicKey& from) {
  if (last_sync_request_round_ == round_ || from == public_key_) return;
  last_sync_request_round_ = round_;
  SyncRequest request;
  request.epoch = epoch();
  request.from_height = tree_.root().height();
  request.max_blocks = kMaxSyncBlocks;
  deps_.output->RequestBlocks(from, request);
}

const CommitDecision* ReplicaCore::RootCommitProof() const {
  for (auto it = recent_commits_.rbegin(); it != recent_commits_.rend(); ++it) {
    if (ledger::BlockId((*it)->blocks.back().block.header) == tree_.root().id) return it->get();
  }
  return nullptr;
}

// Blocks for `request`, ascending, starting just above request.from_height, at most
// max_blocks of them; *top_qc certifies the last one when we know a QC for it.
std::vector<ledger::Block> ReplicaCore::CollectForSync(const SyncRequest& request,
                                                       std::optional<ledger::QuorumCert>* top_qc) {
  std::vector<ledger::Block> blocks;
  const size_t limit = std::min<size_t>(request.max_blocks, kMaxSyncBlocks);
  const uint64_t root_height = tree_.root().height();
  auto ended = epoch_end_proofs_.find(request.epoch);
  if (request.epoch < epoch() && ended != epoch_end_proofs_.end()) {
    // The requester is still in an epoch that ended: prove its last block committed.
    const CommitDecision& proof = ended->second;
    const uint64_t end_height = proof.blocks.front().block.header.height;
    for (uint64_t h = request.from_height + 1; h < end_height && blocks.size() < limit; ++h) {
      auto committed = deps_.committed->BlockAt(h);
      if (!committed) return {};
      blocks.push_back(std::move(committed->block));
    }
    for (const CommittedBlock& c : proof.blocks) blocks.push_back(c.block);
    blocks.push_back(proof.commit_child);
    *top_qc = proof.commit_qc;
    if (blocks.size() > limit) blocks.clear();
    return blocks;
  }
  if (request.epoch != epoch()) return {};
  // Our part of the chain: the path from the root to the target (or to our highest QC).
  const core::Bytes32 top = request.IsCatchUp() ? high_qc_.block_id : request.target_block_id;
  std::vector<const TreeBlock*> path = tree_.PathFromRoot(top);
  if (path.empty() && top != tree_.root().id) return {};
  for (uint64_t h = request.from_height + 1; h <= root_height; ++h) {
    if (blocks.size() == limit) {
      *top_qc = deps_.committed->BlockAt(blocks.back().header.height)->qc;
      return blocks;
    }
    auto committed = deps_.committed->BlockAt(h);
    if (!committed || committed->block.header.epoch != epoch()) return {};  // a gap
    blocks.push_back(std::move(committed->block));
  }
  // A requester below our root must learn that the root is committed. The path to our highest
  // QC proves it when it starts with the root's committing child (certified in the next round).
  // When that child lost to a sibling, send the child and its QC instead: without them the
  // requester sees no two-chain over the root, cannot execute it, refuses every proposal that
  // reports executing it, and the replicas that did commit it can no longer form a quorum.
  const CommitDecision* proof = request.from_height < root_height ? RootCommitProof() : nullptr;
  const bool proves_root = proof != nullptr && proof->commit_child.header.epoch == epoch() &&
                           proof->commit_child.header.parent_id == tree_.root().id;
  if (proves_root && blocks.size() < limit &&
      (path.empty() || path.front()->id != ledger::BlockId(proof->commit_child.header))) {
    blocks.push_back(proof->commit_child);
    *top_qc = proof->commit_qc;
    return blocks;
  }
  for (const TreeBlock* b : path) {
    if (b->height() <= request.from_height) continue;
    if (blocks.size() == limit) break;
    blocks.push_back(b->block);
  }
  if (blocks.empty()) return blocks;
  const TreeBlock* last = tree_.Find(ledger::BlockId(blocks.back().header));
  if (last != nullptr && last->qc) *top_qc = last->qc;
  return blocks;
}

core::Status ReplicaCore::OnSyncRequest(const crypto::PublicKey& from, const SyncRequest& request) {
  if (request.max_blocks == 0) {
    return Reject(RefusedSync(core::RejectCode::kInvalidField, "sync request for zero blocks"));
  }
  if (request.epoch > epoch()) {
    return Reject(RefusedSync(core::RejectCode::kFutureRound, "sync request of a future epoch"));
  }
  SyncResponse response;
  response.epoch = request.epoch;
  response.blocks = CollectForSync(request, &response.top_qc);
  if (response.blocks.empty()) return core::Status::Ok();
  deps_.output->Send(from, ConsensusMessage{std::move(response)});
  return core::Status::Ok();
}

core::Status ReplicaCore::CheckFetchedChain(const SyncResponse& response) {
  if (response.blocks.size() > kMaxSyncBlocks) {
    return RefusedSync(core::RejectCode::kTooLarge, "too many blocks in a sync response");
  }
  core::Bytes32 previous_id{};
  for (size_t i = 0; i < response.blocks.size(); ++i) {
    const ledger::Block& b = response.blocks[i];
    RETURN_IF_ERROR(CheckHeaderFields(b));
    if (i > 0) {
      const ledger::BlockHeader& prev = response.blocks[i - 1].header;
      if (b.header.parent_id != previous_id || b.header.height != prev.height + 1 ||
          b.header.parent_qc.round != prev.round) {
        return RefusedSync(core::RejectCode::kInvalidField, "fetched blocks do not form a chain");
      }
    }
    RETURN_IF_ERROR(epoch_->VerifyQc(b.header.parent_qc));
    previous_id = ledger::BlockId(b.header);
  }
  if (response.top_qc) {
    if (response.top_qc->block_id != previous_id || response.top_qc->epoch != epoch()) {
      return RefusedSync(core::RejectCode::kInvalidField, "top QC does not certify the last block");
    }
    RETURN_IF_ERROR(epoch_->VerifyQc(*response.top_qc));
  }
  return core::Status::Ok();
}

core::Status ReplicaCore::InsertFetched(const crypto::PublicKey& from,
                                        const SyncResponse& response) {
  size_t start = 0;
  while (start < response.blocks.size() &&
         response.blocks[start].header.height <= tree_.root().height()) {
    ++start;
  }
  if (start == response.blocks.size()) return core::Status::Ok();
  const ledger::Block& first = response.blocks[start];
  if (!tree_.Contains(first.header.parent_id)) {
    if (first.header.height == tree_.root().height() + 1) {
      return RefusedSync(core::RejectCode::kInvalidField,
                         "fetched chain conflicts with our commit");
    }
    if (orphans_.size() < kMaxOrphans) orphans_.emplace_back(from, response);
    RequestParent(from, first.header.parent_id);
    return core::Status::Ok();
  }
  for (size_t i = start; i < response.blocks.size(); ++i) {
    const ledger::Block& b = response.blocks[i];
    if (!tree_.Contains(b.header.parent_id)) break;  // pruned by a commit on the way
    tree_.Insert(b, ledger::BlockId(b.header));
    RETURN_IF_ERROR(ProcessQc(b.header.parent_qc, from));
  }
  if (response.top_qc) RETURN_IF_ERROR(ProcessQc(*response.top_qc, from));
  retry_due_ = true;
  return core::Status::Ok();
}

core::Status ReplicaCore::OnBlocksFetched(const crypto::PublicKey& from,
                                          const SyncResponse& response) {
  if (response.epoch < epoch()) return core::Status::Ok();
  if (response.epoch > epoch()) {
    return Reject(RefusedSync(core::RejectCode::kFutureRound, "blocks of a future epoch"));
  }
  RETURN_IF_ERROR(Reject(CheckFetchedChain(response)));
  core::Status status = InsertFetched(from, response);
  // Chains that waited for a parent may fit now.
  std::deque<std::pair<crypto::PublicKey, SyncResponse>> orphans;
  orphans.swap(orphans_);
  for (auto& [sender, chain] : orphans) {
    if (!status.ok()) break;
    if (chain.epoch == epoch()) status = InsertFetched(sender, chain);
  }
  return Drain(Reject(status));
}

core::Status ReplicaCore::OnBlockExecuted(const ExecutedBlock& executed) {
  executed_ = ExecutionPoint{executed.height, executed.state_root};
  core::Status status = core::Status::Ok();
  if (executed.next_validators) status = StartNextEpoch(executed);
  if (status.ok() && !pending_.empty()) retry_due_ = true;
  status = Drain(status);
  // Executed blocks are the restart point now; the stored copies are no longer needed. A failed
  // prune only leaves files behind (reported, not fatal).
  const core::Status pruned = deps_.safety_store->PruneBlocks(executed.height);
  return status.ok() ? pruned : status;
}

core::Status ReplicaCore::StartNextEpoch(const ExecutedBlock& executed) {
  const ledger::ValidatorSet& next = *executed.next_validators;
  if (next.epoch != epoch() + 1 || next.validators.empty()) {
    return core::Status::InvalidArgument("next validator set must be of epoch " +
                                         std::to_string(epoch() + 1));
  }
  // The proof that the epoch's last block is committed: the decision that committed it.
  std::optional<CommitDecision> proof;
  for (const std::shared_ptr<const CommitDecision>& shared : recent_commits_) {
    const CommitDecision& d = *shared;
    for (size_t i = 0; i < d.blocks.size(); ++i) {
      if (ledger::BlockId(d.blocks[i].block.header) != executed.block_id) continue;
      proof = CommitDecision{{d.blocks.begin() + i, d.blocks.end()}, d.commit_child, d.commit_qc};
    }
  }
  if (!proof) {
    return core::Status::FailedPrecondition("epoch change at a block this replica did not commit");
  }
  const CommittedBlock& end = proof->blocks.front();
  RETURN_IF_ERROR(safety_.StartEpoch(next.epoch, end.qc));
  ledger::ValidatorSet previous = epoch_->validators();
  epoch_ =
      std::make_unique<EpochState>(config_.chain, next, std::move(previous), end.block, end.qc);
  tree_ = BlockTree(end.block, end.qc);
  high_qc_ = end.qc;
  epoch_end_proofs_[epoch_->epoch() - 1] = std::move(*proof);
  if (epoch_end_proofs_.size() > kMaxEpochProofs)
    epoch_end_proofs_.erase(epoch_end_proofs_.begin());
  round_ = 0;
  last_round_tc_.reset();
  consecutive_timeouts_ = 0;
  own_timeout_.reset();
  proposed_round_ = 0;
  votes_.Clear();
  timeouts_.Clear();
  proposals_seen_.clear();
  pending_.clear();
  orphans_.clear();
  last_sync_request_round_ = UINT64_MAX;
  return AdvanceRound(1, std::nullopt);
}

}  // namespace credchain::consensus
