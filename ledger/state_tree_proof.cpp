// Proof generation: walks one version of the tree from the root along the key's nibbles,
// expanding each 16-way node into the binary levels of the proof (ledger/smt_proof.h).
#include <bit>

#include "core/check.h"
#include "ledger/state_tree.h"
#include "ledger/state_tree_internal.h"

namespace credchain::ledger {
namespace {

core::Status CorruptProofPath(const std::string& what) {
  return core::Status::DataLoss("state tree: " + what);
}

core::Result<SmtProofLeaf> LoadLeaf(const StateTree& tree, const NodeKey& at) {
  ASSIGN_OR_RETURN(auto node, TreeAccess::LoadNode(tree, at, NodeHint::kLeaf));
  const auto* leaf = std::get_if<LeafNode>(node.get());
  if (leaf == nullptr) return CorruptProofPath("child marked leaf is not a leaf");
  return SmtProofLeaf{leaf->key, leaf->value_hash};
}

// Appends the 4 binary levels of `node` towards `nibble` to proof->siblings. Returns true when
// the search ends inside this node (at an empty range or a lone leaf, loaded into proof->leaf).
core::Result<bool> DescendNode(const StateTree& tree, const InternalNode& node,
                               const NibblePath& path, uint8_t nibble, SmtProof* proof) {
  const crypto::HashSuite suite = tree.suite();
  int lo = 0;
  for (int width = 16; width > 1;) {
    const int half = width / 2;
    const bool right = nibble >= lo + half;
    proof->siblings.push_back(RangeHash(suite, node, right ? lo : lo + half, half));
    if (right) lo += half;
    width = half;
    const uint32_t in_range = node.present & (((1u << width) - 1) << lo);
    if (in_range == 0) return true;  // empty subtree: the key is absent
    const int only = std::countr_zero(in_range);
    if (std::has_single_bit(in_range) && ((node.leaves >> only) & 1)) {
      const NodeKey at{node.Child(uint8_t(only)).version, path.Child(uint8_t(only))};
      ASSIGN_OR_RETURN(proof->leaf, LoadLeaf(tree, at));
      return true;
    }
  }
  return false;
}

}  // namespace

core::Result<bool> StateTree::RootNodeKept(uint64_t version) const {
  const NodeKey root{version, NibblePath{}};
  if (pending_->Find(root) != nullptr) return true;
  ASSIGN_OR_RETURN(auto raw, store_->Get(root.Encode().view()));
  return raw.has_value();
}

core::Result<SmtProof> StateTree::Prove(const core::Bytes32& key, uint64_t version) const {
  RETURN_IF_ERROR(CheckReadable(version));
  core::Result<SmtProof> proof = ProveKept(key, version);
  if (proof.ok() || proof.status().code() != core::StatusCode::kDataLoss) return proof;
  // Pruning, or the end of the interval that held the version's nodes, may have come while it
  // ran: a node missing for either is not data loss.
  RETURN_IF_ERROR(CheckReadable(version));
  ASSIGN_OR_RETURN(const bool kept, RootNodeKept(version));
  if (!kept) {
    return core::Status::FailedPrecondition(
        "state version " + std::to_string(version) +
        " has no proofs: its tree nodes were not written (it falls between two checkpoints, "
        "every " +
        std::to_string(write_interval_) +
        " versions or sooner after many changes) and are no longer held in memory");
  }
  return proof;
}

core::Result<SmtProof> StateTree::ProveKept(const core::Bytes32& key, uint64_t version) const {
  SmtProof proof;
  proof.suite = suite_;
  NodeKey at{version, NibblePath{}};
  ASSIGN_OR_RETURN(auto node, TreeAccess::LoadNode(*this, at));
  if (const auto* leaf = std::get_if<LeafNode>(node.get())) {
    proof.leaf = SmtProofLeaf{leaf->key, leaf->value_hash};
  } else if (std::holds_alternative<InternalNode>(*node)) {
    for (;;) {
      const auto* internal = std::get_if<InternalNode>(node.get());
      if (internal == nullptr || at.path.length >= kKeyNibbles) {
        return CorruptProofPath("path below an internal node is not an internal node");
      }
      const uint8_t nibble = KeyNibble(key, at.path.length);
      ASSIGN_OR_RETURN(bool done, DescendNode(*this, *internal, at.path, nibble, &proof));
      if (done) break;
      // DescendNode returns false only when its last range, child `nibble` alone, is not empty.
      CHECK(internal->Has(nibble));
      at = NodeKey{internal->Child(nibble).version, at.path.Child(nibble)};
      ASSIGN_OR_RETURN(node, TreeAccess::LoadNode(*this, at));
    }
  }
  RETURN_IF_ERROR(CheckReadable(version));
  return proof;
}

core::Result<ProvenValue> StateTree::GetWithProof(const core::Bytes32& key,
                                                  uint64_t version) const {
  ProvenValue out;
  ASSIGN_OR_RETURN(out.proof, Prove(key, version));
  ASSIGN_OR_RETURN(out.value, Get(key, version));
  const bool proof_has_key = out.proof.leaf && out.proof.leaf->key == key;
  if (proof_has_key != out.value.has_value() ||
      (out.value && SmtValueHash(suite_, *out.value) != out.proof.leaf->value_hash)) {
    return CorruptProofPath("value index disagrees with the tree");
  }
  return out;
}

}  // namespace credchain::ledger
