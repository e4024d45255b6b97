// BlockTree: the blocks a replica holds above its last commit (the root), each linked to its
// parent, with the QC that certifies it once one is known.
//
// Only blocks whose parent is already in the tree are inserted, so every block has a path to
// the root; a commit re-roots the tree at the committed block and drops every branch that
// does not extend it. Equivocating leaders may put two blocks of one round in the tree; that
// is harmless here (SafetyRules decides what is voted for, the two-chain rule what commits).
// Thread safety: single-threaded (owned by the replica core).
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "core/bytes.h"
#include "ledger/block.h"

namespace credchain::consensus {

struct TreeBlock {
  ledger::Block block;
  core::Bytes32 id{};
  std::optional<ledger::QuorumCert> qc;  // certifies this block, once known
  bool persisted = false;                // in the SafetyStore (StoredBlock)

  uint64_t round() const { return block.header.round; }
  uint64_t height() const { return block.header.height; }
  uint64_t epoch() const { return block.header.epoch; }
};

class BlockTree {
 public:
  BlockTree(ledger::Block root, ledger::QuorumCert root_qc);

  const TreeBlock& root() const { return blocks_.at(root_id_); }
  const TreeBlock* Find(const core::Bytes32& id) const;
  bool Contains(const core::Bytes32& id) const { return blocks_.count(id) != 0; }
  size_t size() const { return blocks_.size(); }

  // Inserts `block` (id `id`), whose parent must be in the tree (CHECKed: callers verify it).
  // Returns the stored block; inserting a known id returns the existing entry.
  const TreeBlock& Insert(ledger::Block block, const core::Bytes32& id);

  // Records `qc` for the block it certifies, if present. Returns that block or nullptr.
  const TreeBlock* Certify(const ledger::QuorumCert& qc);

  // Notes that block `id` (in the tree) is durable in the store.
  void MarkPersisted(const core::Bytes32& id) { blocks_.at(id).persisted = true; }

  // Blocks from just above the root up to `id`, ascending. Empty if `id` is the root or not in
  // the tree.
  std::vector<const TreeBlock*> PathFromRoot(const core::Bytes32& id) const;

  // Makes `id` (a descendant of the root) the new root and drops every block that does not
  // extend it.
  void PruneTo(const core::Bytes32& id);

 private:
  std::map<core::Bytes32, TreeBlock> blocks_;
  core::Bytes32 root_id_{};
};

}  // namespace credchain::consensus
