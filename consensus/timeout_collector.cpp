#include "consensus/timeout_collector.h"

namespace credchain::consensus {
namespace {

TimeoutCert AssembleTc(uint64_t epoch, uint64_t round, const std::map<size_t, Timeout>& timeouts) {
  TimeoutCert tc;
  tc.epoch = epoch;
  tc.round = round;
  tc.signer_bitmap.assign(timeouts.rbegin()->first / 8 + 1, 0);
  auto highest = timeouts.begin();
  uint64_t highest_round = EffectiveQcRound(highest->second.high_qc, epoch);
  for (auto it = timeouts.begin(); it != timeouts.end(); ++it) {
    const auto& [index, timeout] = *it;
    tc.signer_bitmap[index / 8] |= static_cast<uint8_t>(1u << (index % 8));
    const uint64_t qc_round = EffectiveQcRound(timeout.high_qc, epoch);
    tc.high_qc_rounds.push_back(qc_round);
    tc.signatures.push_back(timeout.signature);
    if (qc_round > highest_round) {
      highest = it;
      highest_round = qc_round;
    }
  }
  tc.high_qc = highest->second.high_qc;
  return tc;
}

}  // namespace

TimeoutCollector::Added TimeoutCollector::Add(const Timeout& timeout, size_t signer_index,
                                              size_t quorum, uint64_t epoch) {
  Added added;
  RoundTimeouts& round = rounds_[timeout.round];
  added.duplicate = !round.by_signer.emplace(signer_index, timeout).second;
  added.count = round.by_signer.size();
  if (!added.duplicate && !round.certified && added.count >= quorum) {
    round.certified = true;
    added.tc = AssembleTc(epoch, timeout.round, round.by_signer);
  }
  return added;
}

bool TimeoutCollector::Seen(const Timeout& timeout, size_t signer_index) const {
  auto round = rounds_.find(timeout.round);
  if (round == rounds_.end()) return false;
  auto it = round->second.by_signer.find(signer_index);
  return it != round->second.by_signer.end() && it->second == timeout;
}

void TimeoutCollector::PruneBelow(uint64_t round) {
  rounds_.erase(rounds_.begin(), rounds_.lower_bound(round));
}

}  // namespace credchain::consensus
