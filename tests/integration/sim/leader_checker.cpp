#include "sim/leader_checker.h"

#include "core/hex.h"

namespace credchain::consensus::sim {
namespace {

std::string Slot(uint64_t epoch, uint64_t round) {
  return "epoch " + std::to_string(epoch) + " round " + std::to_string(round);
}

std::string Short(const crypto::PublicKey& key) { return key.ToHex().substr(0, 12); }

}  // namespace

const crypto::PublicKey& LeaderChecker::LeaderOf(uint64_t epoch, uint64_t round) const {
  const ledger::ValidatorSet& set = set_of_epoch_(epoch);
  const uint64_t n = set.size();
  return set.validators[(epoch % n + round % n) % n].key;
}

void LeaderChecker::Fail(std::string what) {
  if (!violation_) violation_ = "S5 " + std::move(what);
}

void LeaderChecker::OnProposalSent(const ledger::BlockHeader& header) {
  blocks_.emplace(ledger::BlockId(header), Proposed{header.epoch, header.round, header.proposer});
}

void LeaderChecker::OnProposalMade(size_t node, const ledger::BlockHeader& header) {
  OnProposalSent(header);
  proposers_[{header.epoch, header.round}].insert(node);
  const crypto::PublicKey& leader = LeaderOf(header.epoch, header.round);
  if (header.proposer != leader) {
    Fail("node " + std::to_string(node) + " proposed as " + Short(header.proposer) + " in " +
         Slot(header.epoch, header.round) + ", whose leader is " + Short(leader));
  }
}

void LeaderChecker::OnHonestVote(size_t node, const Vote& vote) {
  const std::string who = "honest node " + std::to_string(node) + " voted in " +
                          Slot(vote.epoch, vote.round) + " for block " +
                          core::HexEncode(vote.block_id).substr(0, 12);
  const auto it = blocks_.find(vote.block_id);
  if (it == blocks_.end()) return Fail(who + " that nobody proposed");
  const Proposed& p = it->second;
  if (p.epoch != vote.epoch || p.round != vote.round) {
    return Fail(who + " proposed in " + Slot(p.epoch, p.round));
  }
  const crypto::PublicKey& leader = LeaderOf(vote.epoch, vote.round);
  if (p.proposer != leader) {
    Fail(who + " proposed by " + Short(p.proposer) + ", not by the leader " + Short(leader));
  }
}

std::set<uint64_t> LeaderChecker::SharedSlotEpochs(size_t a, size_t b) const {
  std::set<uint64_t> out;
  for (const auto& [slot, nodes] : proposers_) {
    if (nodes.count(a) && nodes.count(b)) out.insert(slot.first);
  }
  return out;
}

}  // namespace credchain::consensus::sim
