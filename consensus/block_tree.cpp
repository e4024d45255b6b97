#include "consensus/block_tree.h"

#include <algorithm>
#include <vector>

#include "core/check.h"

namespace credchain::consensus {

BlockTree::BlockTree(ledger::Block root, ledger::QuorumCert root_qc) {
  root_id_ = ledger::BlockId(root.header);
  blocks_[root_id_] = TreeBlock{std::move(root), root_id_, std::move(root_qc), true};
}

const TreeBlock* BlockTree::Find(const core::Bytes32& id) const {
  auto it = blocks_.find(id);
  return it == blocks_.end() ? nullptr : &it->second;
}

const TreeBlock& BlockTree::Insert(ledger::Block block, const core::Bytes32& id) {
  auto it = blocks_.find(id);
  if (it != blocks_.end()) return it->second;
  CHECK(Contains(block.header.parent_id));
  auto [pos, inserted] = blocks_.emplace(id, TreeBlock{std::move(block), id, std::nullopt, false});
  return pos->second;
}

const TreeBlock* BlockTree::Certify(const ledger::QuorumCert& qc) {
  auto it = blocks_.find(qc.block_id);
  if (it == blocks_.end()) return nullptr;
  if (!it->second.qc) it->second.qc = qc;
  return &it->second;
}

std::vector<const TreeBlock*> BlockTree::PathFromRoot(const core::Bytes32& id) const {
  std::vector<const TreeBlock*> path;
  const TreeBlock* at = Find(id);
  while (at != nullptr && at->id != root_id_) {
    path.push_back(at);
    at = Find(at->block.header.parent_id);
  }
  if (at == nullptr) return {};
  std::reverse(path.begin(), path.end());
  return path;
}

void BlockTree::PruneTo(const core::Bytes32& id) {
  CHECK(Contains(id));
  if (id == root_id_) return;
  const uint64_t new_root_height = blocks_.at(id).height();
  // Decide first, erase after: the walks below need every ancestor still in the map. The kept
  // blocks stay where they are (a block holds all its transactions; copying them was measurable).
  std::vector<core::Bytes32> dropped;
  for (const auto& [block_id, entry] : blocks_) {
    // Walk down to the new root's height; keep the block if that ancestor is the new root.
    const TreeBlock* at = entry.height() < new_root_height ? nullptr : &entry;
    while (at != nullptr && at->height() > new_root_height) at = Find(at->block.header.parent_id);
    if (at == nullptr || at->id != id) dropped.push_back(block_id);
  }
  for (const core::Bytes32& block_id : dropped) blocks_.erase(block_id);
  root_id_ = id;
}

}  // namespace credchain::consensus
