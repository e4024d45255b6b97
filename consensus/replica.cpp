#include "consensus/replica.h"

#include "consensus/replica_core.h"
#include "consensus/safety_rules.h"

namespace credchain::consensus {

core::Result<std::unique_ptr<Replica>> Replica::Create(ReplicaStart start, ReplicaDeps deps) {
  if (deps.safety_store == nullptr || deps.executor == nullptr || deps.output == nullptr ||
      deps.committed == nullptr) {
    return core::Status::InvalidArgument("replica: every dependency is required");
  }
  if (start.validators.validators.empty()) {
    return core::Status::InvalidArgument("replica: empty validator set");
  }
  if (start.root_qc.block_id != ledger::BlockId(start.root.header)) {
    return core::Status::InvalidArgument("replica: root QC does not certify the root block");
  }
  ASSIGN_OR_RETURN(SafetyRules safety,
                   SafetyRules::Open(start.config.chain.chain_id, start.key.Clone(),
                                     *deps.safety_store, start.validators.epoch, start.root_qc,
                                     SafetyRules::MissingState::kStartFresh));
  ASSIGN_OR_RETURN(std::vector<StoredBlock> stored, deps.safety_store->LoadBlocks());
  auto core =
      std::make_unique<ReplicaCore>(std::move(start), deps, std::move(safety), std::move(stored));
  return std::unique_ptr<Replica>(new Replica(std::move(core)));
}

Replica::Replica(std::unique_ptr<ReplicaCore> core) : core_(std::move(core)) {}
Replica::~Replica() = default;

core::Status Replica::Start() { return core_->Start(); }

core::Status Replica::OnMessage(const crypto::PublicKey& from, const ConsensusMessage& message) {
  return std::visit(
      [&](const auto& body) -> core::Status {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, Proposal>) return core_->OnProposal(from, body);
        if constexpr (std::is_same_v<T, Vote>) return core_->OnVote(from, body);
        if constexpr (std::is_same_v<T, Timeout>) return core_->OnTimeout(from, body);
        if constexpr (std::is_same_v<T, SyncRequest>) return core_->OnSyncRequest(from, body);
        if constexpr (std::is_same_v<T, SyncResponse>) return core_->OnBlocksFetched(from, body);
      },
      message.body);
}

core::Status Replica::OnProposal(const crypto::PublicKey& from, const Proposal& proposal) {
  return core_->OnProposal(from, proposal);
}
core::Status Replica::OnVote(const crypto::PublicKey& from, const Vote& vote) {
  return core_->OnVote(from, vote);
}
core::Status Replica::OnTimeout(const crypto::PublicKey& from, const Timeout& timeout) {
  return core_->OnTimeout(from, timeout);
}
core::Status Replica::OnSyncRequest(const crypto::PublicKey& from, const SyncRequest& request) {
  return core_->OnSyncRequest(from, request);
}
core::Status Replica::OnBlocksFetched(const crypto::PublicKey& from, const SyncResponse& response) {
  return core_->OnBlocksFetched(from, response);
}
core::Status Replica::OnTimerFired(uint64_t epoch, uint64_t round) {
  return core_->OnTimerFired(epoch, round);
}
core::Status Replica::OnBlockExecuted(const ExecutedBlock& executed) {
  return core_->OnBlockExecuted(executed);
}

bool Replica::voting() const { return core_->IsVoter(); }
uint64_t Replica::epoch() const { return core_->epoch(); }
uint64_t Replica::round() const { return core_->round(); }
uint64_t Replica::committed_height() const { return core_->root().height(); }
const core::Bytes32& Replica::committed_id() const { return core_->root().id; }
const crypto::PublicKey& Replica::public_key() const { return core_->public_key(); }
const EpochState& Replica::epoch_state() const { return core_->epoch_state(); }
ReplicaStats Replica::stats() const { return core_->stats(); }

}  // namespace credchain::consensus
