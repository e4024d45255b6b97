// LeaderChecker: invariant S5, the leader schedule (DESIGN.md §8, issue 7).
//
// In epoch e the leader of round r is validator (e + r) mod n of e's validator set, for every
// node. Twins included: the two nodes of a twin pair hold one key, so they share that key's
// slots — both may propose in exactly the rounds the key leads and neither in any other; the
// second copy gets no slot of its own. Checked:
//   - every proposal a replica produces (any role: Byzantine behaviour is applied to the
//     replica's outputs afterwards) names the leader of its (epoch, round) and is in that epoch;
//   - every vote an honest node signs is for a block proposed in the vote's epoch and round by
//     that round's leader.
// The expected leader is computed here from the validator sets, independently of
// consensus::EpochState, so a replica or a simulator that drifts from the schedule is caught.
// It also records who proposed in which slot, so a run can show that twins shared slots.
// Thread safety: single-threaded (owned by SimWorld).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "consensus/messages.h"
#include "ledger/validator_set.h"

namespace credchain::consensus::sim {

class LeaderChecker {
 public:
  using SetOfEpoch = std::function<const ledger::ValidatorSet&(uint64_t epoch)>;

  explicit LeaderChecker(SetOfEpoch set_of_epoch) : set_of_epoch_(std::move(set_of_epoch)) {}

  // The key that leads `round` of `epoch`.
  const crypto::PublicKey& LeaderOf(uint64_t epoch, uint64_t round) const;

  // Any proposal put on the wire, Byzantine ones included: remembers who proposed the block.
  void OnProposalSent(const ledger::BlockHeader& header);
  // A proposal that node `node`'s replica produced.
  void OnProposalMade(size_t node, const ledger::BlockHeader& header);
  // A vote that honest node `node` signed.
  void OnHonestVote(size_t node, const Vote& vote);

  bool violated() const { return violation_.has_value(); }
  const std::string& violation() const { return *violation_; }
  // Nodes that proposed in each (epoch, round).
  const std::map<std::pair<uint64_t, uint64_t>, std::set<size_t>>& proposers() const {
    return proposers_;
  }
  // The epochs in which nodes `a` and `b` both proposed in one slot.
  std::set<uint64_t> SharedSlotEpochs(size_t a, size_t b) const;

 private:
  struct Proposed {
    uint64_t epoch = 0;
    uint64_t round = 0;
    crypto::PublicKey proposer;
  };
  void Fail(std::string what);

  SetOfEpoch set_of_epoch_;
  std::map<core::Bytes32, Proposed> blocks_;  // block id -> slot and proposer
  std::map<std::pair<uint64_t, uint64_t>, std::set<size_t>> proposers_;
  std::optional<std::string> violation_;
};

}  // namespace credchain::consensus::sim
