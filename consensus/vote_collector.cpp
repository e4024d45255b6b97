#include "consensus/vote_collector.h"

namespace credchain::consensus {

ledger::QuorumCert AssembleQc(uint64_t epoch, uint64_t round, const core::Bytes32& block_id,
                              const std::map<size_t, crypto::Signature>& signatures) {
  ledger::QuorumCert qc;
  qc.epoch = epoch;
  qc.round = round;
  qc.block_id = block_id;
  if (signatures.empty()) return qc;
  qc.signer_bitmap.assign(signatures.rbegin()->first / 8 + 1, 0);
  for (const auto& [index, signature] : signatures) {
    qc.signer_bitmap[index / 8] |= static_cast<uint8_t>(1u << (index % 8));
    qc.signatures.push_back(signature);
  }
  return qc;
}

VoteCollector::Added VoteCollector::Add(const Vote& vote, size_t signer_index, size_t quorum) {
  Added added;
  RoundVotes& round = rounds_[vote.round];
  auto [first, inserted] = round.first_vote.emplace(signer_index, vote);
  if (!inserted && first->second.block_id != vote.block_id) {
    const Vote& a = first->second;
    added.evidence = MakeEvidence(EvidenceKind::kVote, vote.epoch, vote.round, vote.signer,
                                  a.block_id, a.signature, vote.block_id, vote.signature);
  }
  auto& signers = round.by_block[vote.block_id];
  if (!signers.emplace(signer_index, vote.signature).second) {
    added.duplicate = true;
    return added;
  }
  bool& certified = round.certified[vote.block_id];
  if (!certified && signers.size() >= quorum) {
    certified = true;
    added.qc = AssembleQc(vote.epoch, vote.round, vote.block_id, signers);
  }
  return added;
}

bool VoteCollector::Seen(const Vote& vote, size_t signer_index) const {
  auto round = rounds_.find(vote.round);
  if (round == rounds_.end()) return false;
  auto block = round->second.by_block.find(vote.block_id);
  if (block == round->second.by_block.end()) return false;
  auto signer = block->second.find(signer_index);
  return signer != block->second.end() && signer->second == vote.signature;
}

void VoteCollector::PruneBelow(uint64_t round) {
  rounds_.erase(rounds_.begin(), rounds_.lower_bound(round));
}

}  // namespace credchain::consensus
