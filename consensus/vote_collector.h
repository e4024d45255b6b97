// VoteCollector: gathers verified votes per round and forms a QuorumCert once a quorum of
// distinct validators voted for the same block; detects double votes.
//
// Callers verify each vote's signature and membership first and pass the signer's index in
// the epoch's validator order. Thread safety: single-threaded (owned by the replica core).
#pragma once

#include <map>
#include <optional>

#include "consensus/evidence.h"
#include "consensus/messages.h"
#include "ledger/block.h"

namespace credchain::consensus {

class VoteCollector {
 public:
  struct Added {
    bool duplicate = false;                        // same vote seen before: nothing changed
    std::optional<ledger::QuorumCert> qc;          // formed by this vote (once per block)
    std::optional<EquivocationEvidence> evidence;  // this signer voted for another block
  };

  Added Add(const Vote& vote, size_t signer_index, size_t quorum);
  // True if this exact vote (signer, block, signature) was added before: a network duplicate
  // that need not be verified again.
  bool Seen(const Vote& vote, size_t signer_index) const;
  // Forgets rounds below `round`.
  void PruneBelow(uint64_t round);
  void Clear() { rounds_.clear(); }

 private:
  struct RoundVotes {
    std::map<size_t, Vote> first_vote;  // by signer: the first vote seen
    std::map<core::Bytes32, std::map<size_t, crypto::Signature>> by_block;
    std::map<core::Bytes32, bool> certified;
  };
  std::map<uint64_t, RoundVotes> rounds_;
};

// Builds a QC from signatures keyed by validator index (bitmap + ascending signatures).
ledger::QuorumCert AssembleQc(uint64_t epoch, uint64_t round, const core::Bytes32& block_id,
                              const std::map<size_t, crypto::Signature>& signatures);

}  // namespace credchain::consensus
