#include "node/chain_block_source.h"

namespace credchain::node {

std::optional<consensus::CommittedBlock> ChainBlockSource::BlockAt(uint64_t height) {
  auto block = chain_->blocks().GetBlock(height);
  auto qc = chain_->blocks().GetQuorumCert(height);
  if (!block.ok() || !qc.ok()) return std::nullopt;
  return consensus::CommittedBlock{std::move(*block), std::move(*qc)};
}

core::Result<consensus::ExecutedBlock> ChainBlockSource::CommitBlock(
    const consensus::CommittedBlock& block) {
  last_.reset();
  RETURN_IF_ERROR(chain_->Commit({block.block}, block.qc));
  const core::Bytes32 id = ledger::BlockId(block.block.header);
  if (last_ && last_->block_id == id) return *last_;
  // Already committed before (re-delivered after a restart): report what the store holds.
  const ledger::CommitPointer tip = chain_->Tip();
  if (tip.block_id == id) {
    return consensus::ExecutedBlock{tip.height, tip.block_id, tip.state_root, std::nullopt};
  }
  ASSIGN_OR_RETURN(uint64_t height, chain_->blocks().HeightOf(id));
  ASSIGN_OR_RETURN(core::Bytes32 root, chain_->state_tree().RootHash(height));
  return consensus::ExecutedBlock{height, id, root, std::nullopt};
}

void ChainBlockSource::OnCommitted(const CommittedBlock& block) {
  last_ = consensus::ExecutedBlock{block.block.header.height, block.block_id, block.state_root,
                                   block.next_validators};
}

}  // namespace credchain::node
