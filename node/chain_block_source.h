// ChainBlockSource: the chain as consensus sees it — the committed blocks it serves to peers
// that are behind (consensus::CommittedBlockSource) and the committer that stores and executes
// each block the replica decides (node::BlockCommitter).
//
// CommitBlock(b) runs Chain::Commit({b.block}, b.qc) — execution and one synced batch — and
// reports the result as consensus::ExecutedBlock (state root, and the next validator set when
// the block ended an epoch, learned through the chain's commit listener OnCommitted).
// Thread safety: CommitBlock and BlockAt run on the consensus thread; OnCommitted on the
// committing thread (the same one, inside Chain::Commit).
#pragma once

#include <optional>

#include "consensus/commit.h"
#include "node/chain.h"
#include "node/consensus_driver.h"

namespace credchain::node {

class ChainBlockSource final : public consensus::CommittedBlockSource, public BlockCommitter {
 public:
  explicit ChainBlockSource(Chain* chain) : chain_(chain) {}

  std::optional<consensus::CommittedBlock> BlockAt(uint64_t height) override;
  core::Result<consensus::ExecutedBlock> CommitBlock(
      const consensus::CommittedBlock& block) override;

  // Chain commit listener.
  void OnCommitted(const CommittedBlock& block);

 private:
  Chain* const chain_;
  std::optional<consensus::ExecutedBlock> last_;  // set by OnCommitted during CommitBlock
};

}  // namespace credchain::node
