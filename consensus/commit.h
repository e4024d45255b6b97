// What the replica hands over when blocks become final, and what it reads back from the
// committed chain.
//
// Two-chain rule (Jolteon): a block B of round r is committed once its direct child C (round
// r + 1, same epoch) is certified. B and every uncommitted ancestor of B commit together, in
// ascending height. Each committed block travels with the QC that certifies it (the next
// block's parent_qc, or C's parent_qc for B), which is what ledger::BlockStore::Commit stores;
// the decision also carries C and the QC over C, the proof that B is final.
// Thread safety: plain values; CommittedBlockSource is called on the replica's thread.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ledger/block.h"
#include "ledger/validator_set.h"

namespace credchain::consensus {

struct CommittedBlock {
  ledger::Block block;
  ledger::QuorumCert qc;  // certifies block (qc.block_id == BlockId(block.header))
};

struct CommitDecision {
  std::vector<CommittedBlock> blocks;  // ascending height, each the parent of the next
  ledger::Block commit_child;          // the certified child of the last block (round + 1)
  ledger::QuorumCert commit_qc;        // certifies commit_child
};

// The result of executing one committed block (deferred execution, DESIGN.md §5).
struct ExecutedBlock {
  uint64_t height = 0;
  core::Bytes32 block_id{};
  core::Bytes32 state_root{};  // state after executing `height`
  // Set when executing this block changed the validator set: the epoch of the block ends here
  // and `next_validators` (whose .epoch is the next epoch) runs the next one.
  std::optional<ledger::ValidatorSet> next_validators;
};

// Read access to the committed chain (the node: ledger::BlockStore), used to serve block
// fetches of peers that are behind. Returning nullopt for pruned or unknown heights is fine:
// the requester then asks someone else.
class CommittedBlockSource {
 public:
  virtual ~CommittedBlockSource() = default;
  virtual std::optional<CommittedBlock> BlockAt(uint64_t height) = 0;
};

}  // namespace credchain::consensus
