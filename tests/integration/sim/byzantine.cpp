// Byzantine behaviours of simulated validators. Each wraps the honest replica's outputs: the
// node runs the real protocol and additionally (or instead) sends what a malicious validator
// with its key could send.
#include <algorithm>

#include "sim/sim_node.h"
#include "sim/sim_world.h"

namespace credchain::consensus::sim {
namespace {

constexpr size_t kReplayMemory = 256;
constexpr uint64_t kProposalMemoryRounds = 32;

core::Bytes32 RandomId(std::mt19937_64& rng) {
  core::Bytes32 id;
  for (auto& b : id) b = static_cast<uint8_t>(rng());
  return id;
}

// A QC that claims every validator signed, with one signature copied for all of them.
ledger::QuorumCert DuplicatedSignerQc(ledger::QuorumCert qc, size_t n) {
  const crypto::Signature copy =
      qc.signatures.empty() ? crypto::Signature{} : qc.signatures.front();
  qc.signer_bitmap.assign((n - 1) / 8 + 1, 0);
  qc.signatures.clear();
  for (size_t i = 0; i < n; ++i) {
    qc.signer_bitmap[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    qc.signatures.push_back(copy);
  }
  return qc;
}

}  // namespace

void SimNode::Observe(const ConsensusMessage& message) {
  if (role_ == Role::kHonest || role_ == Role::kTwin) return;
  if (const auto* p = std::get_if<Proposal>(&message.body)) {
    const uint64_t round = p->block.header.round;
    proposals_by_round_[round].push_back(ledger::BlockId(p->block.header));
    if (round > kProposalMemoryRounds) {
      proposals_by_round_.erase(proposals_by_round_.begin(),
                                proposals_by_round_.lower_bound(round - kProposalMemoryRounds));
    }
  }
  seen_.push_back(message);
  if (seen_.size() > kReplayMemory) seen_.pop_front();
}

void SimNode::Misbehave(const crypto::PublicKey* to, const ConsensusMessage& message) {
  const auto send = [&] {
    if (to != nullptr) {
      world_->SendToKey(id_, *to, message);
    } else {
      world_->Broadcast(id_, message);
    }
  };
  switch (role_) {
    case Role::kEquivocator:
      if (const auto* p = std::get_if<Proposal>(&message.body)) return Equivocate(*p);
      return send();
    case Role::kDoubleVoter:
      if (const auto* v = std::get_if<Vote>(&message.body); v && to) return DoubleVote(*to, *v);
      return send();
    case Role::kReplayer:
      send();
      if (world_->Chance(0.5)) Replay();
      return;
    case Role::kForger:
      send();
      if (world_->Chance(0.5)) Forge(message);
      return;
    default:
      return send();
  }
}

// Two different blocks for the round: some nodes get one, some the other, some both.
void SimNode::Equivocate(const Proposal& proposal) {
  Proposal other = proposal;
  other.block.header.timestamp_ms += 1;
  SignProposal(other, proposal.block.header.chain_id, key_);
  const ConsensusMessage a{proposal};
  const ConsensusMessage b{other};
  for (size_t node = 0; node < world_->scenario().nodes(); ++node) {
    if (world_->scenario().ValidatorOf(node) == validator_) continue;
    switch (world_->Uniform(0, 2)) {
      case 0:
        world_->SendToNode(id_, node, a);
        break;
      case 1:
        world_->SendToNode(id_, node, b);
        break;
      default:
        world_->SendToNode(id_, node, world_->Chance(0.5) ? a : b);
        world_->SendToNode(id_, node, world_->Chance(0.5) ? a : b);
    }
  }
}

void SimNode::DoubleVote(const crypto::PublicKey& to, const Vote& vote) {
  world_->SendToKey(id_, to, ConsensusMessage{vote});
  core::Bytes32 other = RandomId(world_->rng());
  for (const core::Bytes32& id : proposals_by_round_[vote.round]) {
    if (id != vote.block_id) other = id;
  }
  const std::string chain = world_->genesis().header.chain_id;
  world_->SendToKey(id_, to,
                    ConsensusMessage{MakeSignedVote(chain, vote.epoch, vote.round, other, key_)});
}

void SimNode::Replay() {
  if (seen_.empty()) return;
  const ConsensusMessage& old = seen_[world_->Uniform(0, seen_.size() - 1)];
  world_->SendToNode(id_, world_->Uniform(0, world_->scenario().nodes() - 1), old);
}

void SimNode::Forge(const ConsensusMessage& message) {
  const std::string chain = world_->genesis().header.chain_id;
  const size_t n = world_->scenario().n;
  const auto* proposal = std::get_if<Proposal>(&message.body);
  const auto* timeout = std::get_if<Timeout>(&message.body);
  if (proposal != nullptr) {
    // The leader's block again, but on a QC with one signature copied for every validator.
    Proposal forged = *proposal;
    forged.block.header.parent_qc = DuplicatedSignerQc(forged.block.header.parent_qc, n);
    if (forged.last_round_tc) forged.last_round_tc->high_qc = forged.block.header.parent_qc;
    SignProposal(forged, chain, key_);
    world_->Broadcast(id_, ConsensusMessage{forged});
    return;
  }
  if (timeout == nullptr) return;
  if (world_->Chance(0.5)) {
    // A far-future round, near the top of the u64 range.
    world_->Broadcast(id_,
                      ConsensusMessage{MakeSignedTimeout(chain, timeout->epoch, UINT64_MAX - 1,
                                                         timeout->high_qc, std::nullopt, key_)});
    return;
  }
  // A high QC for a block nobody saw, "signed" by everyone with our own signature.
  ledger::QuorumCert fake;
  fake.epoch = timeout->epoch;
  fake.round = timeout->round + 3;
  fake.block_id = RandomId(world_->rng());
  fake.signatures.push_back(crypto::Sign(
      key_, ledger::VoteSigningPreimage(chain, fake.epoch, fake.round, fake.block_id)));
  fake = DuplicatedSignerQc(fake, n);
  world_->Broadcast(id_, ConsensusMessage{MakeSignedTimeout(
                             chain, timeout->epoch, timeout->round + 4, fake, std::nullopt, key_)});
}

}  // namespace credchain::consensus::sim
