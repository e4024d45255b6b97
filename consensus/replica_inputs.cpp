// ReplicaCore: peer-message inputs and the validation that precedes every state change.
#include "consensus/replica_core.h"

namespace credchain::consensus {
namespace {

core::Status Refused(core::RejectCode code, std::string detail) {
  return core::Status::Rejected(code, std::move(detail));
}

// Rounds close to ours where late votes/timeouts are normal and silently ignored.
constexpr uint64_t kLateRounds = 2;
// Votes are collected only this far ahead of our round (we may be slightly behind).
constexpr uint64_t kVoteLeadRounds = 16;

}  // namespace

core::Status ReplicaCore::Reject(core::Status status) {
  if (status.reject_code() != core::RejectCode::kNone) ++stats_.rejections;
  return status;
}

core::Status ReplicaCore::CheckMember(const crypto::PublicKey& key, size_t* index) const {
  auto found = epoch_->IndexOf(key);
  if (!found) return Refused(core::RejectCode::kUnknownSigner, "signer is not a validator");
  *index = *found;
  return core::Status::Ok();
}

core::Status ReplicaCore::CheckEpochAndRound(uint64_t epoch_number, uint64_t round,
                                             const crypto::PublicKey& from) {
  if (epoch_number < epoch()) {
    return Refused(core::RejectCode::kStaleRound, "message of epoch " +
                                                      std::to_string(epoch_number) +
                                                      ", we are in " + std::to_string(epoch()));
  }
  if (epoch_number > epoch()) {
    RequestCatchUp(from);
    return Refused(core::RejectCode::kFutureRound,
                   "message of future epoch " + std::to_string(epoch_number));
  }
  if (round == 0 || round == UINT64_MAX || round - 1 > round_ + config_.max_round_lead) {
    return Refused(
        core::RejectCode::kFutureRound,
        "round " + std::to_string(round) + " out of bounds at round " + std::to_string(round_));
  }
  return core::Status::Ok();
}

core::Status ReplicaCore::CheckHeaderFields(const ledger::Block& block,
                                            std::vector<core::Bytes32>* tx_ids) {
  const ledger::BlockHeader& h = block.header;
  if (h.chain_id != config_.chain.chain_id || h.suite != config_.chain.suite) {
    return Refused(core::RejectCode::kWrongChain, "block of another chain or suite");
  }
  if (h.epoch != epoch()) return Refused(core::RejectCode::kInvalidField, "block epoch");
  if (h.validator_set_hash != epoch_->validator_set_hash()) {
    return Refused(core::RejectCode::kInvalidField, "validator set hash");
  }
  if (h.height == 0 || h.round == 0) {
    return Refused(core::RejectCode::kInvalidField, "zero height or round");
  }
  if (h.parent_qc.block_id != h.parent_id) {
    return Refused(core::RejectCode::kInvalidField, "block does not extend the certified block");
  }
  if (epoch_->EffectiveRound(h.parent_qc) >= h.round) {
    return Refused(core::RejectCode::kInvalidField, "block round not above its QC round");
  }
  if (h.exec_height >= h.height) {
    return Refused(core::RejectCode::kInvalidField, "exec height not below the block height");
  }
  if (h.tx_count != block.txs.size()) {
    return Refused(core::RejectCode::kInvalidField, "tx_count differs from the number of txs");
  }
  std::vector<core::Bytes32> ids = ledger::TxIds(h.suite, block.txs);
  if (h.tx_root != ledger::TxRootOfIds(h.suite, ids)) {
    return Refused(core::RejectCode::kInvalidField, "tx_root does not match the txs");
  }
  if (tx_ids != nullptr) *tx_ids = std::move(ids);
  if (h.proposer != epoch_->LeaderOf(h.round)) {
    return Refused(core::RejectCode::kUnauthorized, "proposer is not the leader of the round");
  }
  return core::Status::Ok();
}

core::Status ReplicaCore::CheckProposal(const Proposal& proposal,
                                        std::vector<core::Bytes32>* tx_ids) {
  const ledger::BlockHeader& h = proposal.block.header;
  RETURN_IF_ERROR(CheckHeaderFields(proposal.block, tx_ids));
  const bool after_qc = epoch_->EffectiveRound(h.parent_qc) + 1 == h.round;
  if (after_qc == proposal.last_round_tc.has_value()) {
    return Refused(core::RejectCode::kInvalidField,
                   "a TC must accompany exactly the blocks that skip rounds");
  }
  if (proposal.last_round_tc && proposal.last_round_tc->round + 1 != h.round) {
    return Refused(core::RejectCode::kInvalidField, "TC is not of the previous round");
  }
  ++stats_.signatures_verified;
  RETURN_IF_ERROR(VerifyProposalSignature(proposal, config_.chain.chain_id));
  RETURN_IF_ERROR(epoch_->VerifyQc(h.parent_qc));
  if (proposal.last_round_tc) RETURN_IF_ERROR(epoch_->VerifyTc(*proposal.last_round_tc));
  return core::Status::Ok();
}

core::Status ReplicaCore::OnProposal(const crypto::PublicKey& from, const Proposal& proposal) {
  const ledger::BlockHeader& h = proposal.block.header;
  RETURN_IF_ERROR(Reject(CheckEpochAndRound(h.epoch, h.round, from)));
  if (h.height <= tree_.root().height()) {
    return Reject(Refused(core::RejectCode::kStaleRound, "block at or below our commit"));
  }
  const core::Bytes32 id = ledger::BlockId(h);
  // A duplicate, unless the block came through a fetch and we may still vote for it.
  if (tree_.Contains(id) &&
      (!IsVoter() || h.round != round_ || safety_.state().last_voted_round >= h.round)) {
    return core::Status::Ok();
  }
  std::vector<core::Bytes32> tx_ids;
  RETURN_IF_ERROR(Reject(CheckProposal(proposal, &tx_ids)));
  RETURN_IF_ERROR(Reject(deps_.executor->CheckPayload(proposal.block, tx_ids)));
  return Drain(ProcessProposal(from, proposal, id));
}

core::Status ReplicaCore::OnVote(const crypto::PublicKey& from, const Vote& vote) {
  size_t index = 0;
  RETURN_IF_ERROR(Reject(CheckMember(vote.signer, &index)));
  RETURN_IF_ERROR(Reject(CheckEpochAndRound(vote.epoch, vote.round, from)));
  if (vote.round + kLateRounds < round_) return core::Status::Ok();
  if (vote.round > round_ + kVoteLeadRounds) {
    return Reject(Refused(core::RejectCode::kFutureRound, "vote too far ahead"));
  }
  if (epoch_->LeaderOf(vote.round + 1) != public_key_) {
    return Reject(Refused(core::RejectCode::kInvalidState, "vote sent to a non-leader"));
  }
  if (votes_.Seen(vote, index)) return core::Status::Ok();  // duplicate
  ++stats_.votes_verified;
  ++stats_.signatures_verified;
  RETURN_IF_ERROR(Reject(VerifyVoteSignature(vote, config_.chain.chain_id)));
  return Drain(HandleVerifiedVote(vote, index, from));
}

core::Status ReplicaCore::CheckTimeout(const Timeout& timeout) {
  if (epoch_->EffectiveRound(timeout.high_qc) >= timeout.round) {
    return Refused(core::RejectCode::kInvalidField, "timeout round not above its QC round");
  }
  if (timeout.last_round_tc && timeout.last_round_tc->round + 1 != timeout.round) {
    return Refused(core::RejectCode::kInvalidField, "timeout's TC is not of the previous round");
  }
  ++stats_.signatures_verified;
  RETURN_IF_ERROR(VerifyTimeoutSignature(timeout, config_.chain.chain_id));
  RETURN_IF_ERROR(epoch_->VerifyQc(timeout.high_qc));
  if (timeout.last_round_tc) RETURN_IF_ERROR(epoch_->VerifyTc(*timeout.last_round_tc));
  return core::Status::Ok();
}

core::Status ReplicaCore::OnTimeout(const crypto::PublicKey& from, const Timeout& timeout) {
  size_t index = 0;
  RETURN_IF_ERROR(Reject(CheckMember(timeout.signer, &index)));
  RETURN_IF_ERROR(Reject(CheckEpochAndRound(timeout.epoch, timeout.round, from)));
  if (timeout.round + kLateRounds < round_) return core::Status::Ok();
  if (timeouts_.Seen(timeout, index)) return core::Status::Ok();  // duplicate
  RETURN_IF_ERROR(Reject(CheckTimeout(timeout)));
  core::Status status = ProcessQc(timeout.high_qc, from);
  if (status.ok() && timeout.last_round_tc) status = ProcessTc(*timeout.last_round_tc, from);
  if (status.ok()) status = HandleVerifiedTimeout(timeout, index, from);
  return Drain(status);
}

}  // namespace credchain::consensus
