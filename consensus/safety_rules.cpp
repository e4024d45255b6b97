#include "consensus/safety_rules.h"

#include <algorithm>

#include "consensus/mutation.h"

namespace credchain::consensus {
namespace {

core::Status Refuse(std::string why) {
  return core::Status::Rejected(core::RejectCode::kInvalidState, "safety rules: " + why);
}

}  // namespace

SafetyRules::SafetyRules(std::string chain_id, crypto::SecretKey key, SafetyStore& store,
                         SafetyState state)
    : chain_id_(std::move(chain_id)),
      key_(std::move(key)),
      public_key_(key_.public_key()),
      store_(&store),
      state_(std::move(state)) {}

core::Result<SafetyRules> SafetyRules::Open(std::string chain_id, crypto::SecretKey key,
                                            SafetyStore& store, uint64_t epoch,
                                            const ledger::QuorumCert& root_qc,
                                            MissingState missing) {
  SafetyState state;
  auto loaded = store.Load();
  if (loaded.ok()) {
    state = std::move(loaded).value();
    if (state.epoch > epoch) {
      return core::Status::FailedPrecondition(
          "safety state is at epoch " + std::to_string(state.epoch) +
          " but the ledger is at epoch " + std::to_string(epoch) + "; refusing to sign");
    }
  } else if (loaded.status().code() == core::StatusCode::kNotFound &&
             missing == MissingState::kStartFresh) {
    state.epoch = epoch;
    state.highest_qc = root_qc;
  } else {
    return loaded.status();
  }
  if (state.epoch < epoch) {
    state = SafetyState{};
    state.epoch = epoch;
    state.highest_qc = root_qc;
  }
  return SafetyRules(std::move(chain_id), std::move(key), store, std::move(state));
}

void SafetyRules::RaiseLock(const ledger::QuorumCert& qc) {
  if (EffectiveQcRound(qc, state_.epoch) > lock_round()) state_.highest_qc = qc;
}

void SafetyRules::RaiseTc(const std::optional<TimeoutCert>& tc) {
  if (tc && tc->epoch == state_.epoch && (!state_.last_tc || tc->round > state_.last_tc->round)) {
    state_.last_tc = tc;
  }
}

core::Result<Vote> SafetyRules::MakeVote(const ledger::Block& block, const core::Bytes32& block_id,
                                         const std::optional<TimeoutCert>& tc,
                                         std::span<const StoredBlockRef> persist) {
  const auto& h = block.header;
  if (h.epoch != state_.epoch) return Refuse("block is not of the current epoch");
  const uint64_t qc_round = EffectiveQcRound(h.parent_qc, state_.epoch);
  if constexpr (kMutation != Mutation::kVoteWithoutLastVotedRoundCheck) {
    if (h.round <= state_.last_voted_round) {
      return Refuse("already voted or timed out in round " +
                    std::to_string(state_.last_voted_round));
    }
  }
  if (h.round <= qc_round) return Refuse("block round not above its QC round");
  const bool extends_previous_round = h.round == qc_round + 1;
  const bool justified_by_tc =
      tc && tc->epoch == h.epoch && tc->round + 1 == h.round && qc_round >= tc->MaxHighQcRound();
  if (!extends_previous_round && !justified_by_tc) {
    return Refuse("block neither extends the previous round's QC nor a TC-justified QC");
  }
  state_.last_voted_round = std::max(state_.last_voted_round, h.round);
  RaiseLock(h.parent_qc);
  RaiseTc(tc);
  RETURN_IF_ERROR(store_->StoreVote(persist, state_));
  return MakeSignedVote(chain_id_, h.epoch, h.round, block_id, key_);
}

core::Result<Timeout> SafetyRules::MakeTimeout(uint64_t round, const ledger::QuorumCert& high_qc,
                                               const std::optional<TimeoutCert>& last_tc) {
  const uint64_t qc_round = EffectiveQcRound(high_qc, state_.epoch);
  if (qc_round < lock_round()) return Refuse("timeout would carry a QC below the lock");
  if (round < state_.last_voted_round) return Refuse("round already left");
  if (round <= qc_round) return Refuse("timeout round not above its QC round");
  const bool after_tc = last_tc && last_tc->epoch == state_.epoch && last_tc->round + 1 == round;
  if (round != qc_round + 1 && !after_tc) {
    return Refuse("timeout round not entered through a QC or TC of the previous round");
  }
  state_.last_voted_round = std::max(state_.last_voted_round, round);
  state_.last_timeout_round = std::max(state_.last_timeout_round, round);
  RaiseLock(high_qc);
  RaiseTc(last_tc);
  RETURN_IF_ERROR(store_->Store(state_));
  return MakeSignedTimeout(chain_id_, state_.epoch, round, high_qc,
                           after_tc ? last_tc : std::nullopt, key_);
}

core::Status SafetyRules::SignProposal(Proposal& proposal) {
  const auto& h = proposal.block.header;
  if (h.epoch != state_.epoch) return Refuse("proposal is not of the current epoch");
  if (h.proposer != public_key_) return Refuse("proposal names another proposer");
  if (h.round <= state_.last_proposed_round) {
    return Refuse("already proposed in round " + std::to_string(state_.last_proposed_round));
  }
  state_.last_proposed_round = h.round;
  RETURN_IF_ERROR(store_->Store(state_));
  consensus::SignProposal(proposal, chain_id_, key_);
  return core::Status::Ok();
}

core::Status SafetyRules::StartEpoch(uint64_t epoch, const ledger::QuorumCert& root_qc) {
  if (epoch <= state_.epoch) return Refuse("epoch does not advance");
  state_ = SafetyState{};
  state_.epoch = epoch;
  state_.highest_qc = root_qc;
  return store_->Store(state_);
}

}  // namespace credchain::consensus
