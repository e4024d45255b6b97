// The randomized state-tree property, shared by the fast unit test and the slow test: random
// block deltas against a std::map model, checking roots, reads at every kept version, proofs
// where they are promised (and the refusal where not: ADR 0020), pruning, reopening the tree
// from its store between checkpoints, and at the end that the store holds exactly the latest
// tree (no leaked and no missing records).
#pragma once

#include <deque>
#include <set>

#include <gtest/gtest.h>

#include "ledger/state_tree.h"
#include "ledger/state_tree_node.h"
#include "ledger/storage_layout.h"
#include "unit/ledger/smt_model.h"

namespace credchain::testing {

struct TreePropertyConfig {
  uint64_t seed = 1;
  size_t versions = 50;
  size_t pool = 200;
  size_t max_ops = 40;
  size_t keep_window = 0;  // 0 = never prune during the run
  // Chance in 1/1000 after each version that the tree is closed and opened again from its store
  // (which rebuilds the nodes of the versions after the last checkpoint).
  unsigned reopen_per_mille = 0;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  ledger::StateTreeOptions options;
};

// Node storage keys reachable from the root of `version`.
inline std::set<std::string> ReachableNodes(const ledger::KvReader& store, uint64_t version) {
  std::set<std::string> out;
  std::vector<ledger::NodeKey> todo{ledger::NodeKey{version, {}}};
  while (!todo.empty()) {
    const ledger::NodeKey at = todo.back();
    todo.pop_back();
    const auto key = at.Encode();
    out.insert(core::ToString(key.view()));
    auto raw = store.Get(key.view());
    EXPECT_TRUE(raw.ok() && raw->has_value()) << "missing node at depth " << int(at.path.length);
    if (!raw.ok() || !raw->has_value()) continue;
    auto node = ledger::DecodeNode(**raw);
    EXPECT_TRUE(node.ok());
    if (!node.ok()) continue;
    if (const auto* in = std::get_if<ledger::InternalNode>(&*node)) {
      for (uint8_t n = 0; n < 16; ++n) {
        if (in->Has(n)) todo.push_back({in->Child(n).version, at.path.Child(n)});
      }
    }
  }
  return out;
}

inline std::set<std::string> StoredWithPrefix(const ledger::KvReader& store, uint8_t prefix) {
  std::set<std::string> out;
  EXPECT_TRUE(store
                  .Scan(ledger::KeyRange::Prefix(core::Bytes{prefix}),
                        [&](core::ByteView k, core::ByteView) {
                          out.insert(core::ToString(k));
                          return true;
                        })
                  .ok());
  return out;
}

inline void CheckProof(const ledger::StateTree& tree, const Model& model, uint64_t version,
                       const core::Bytes32& root, const core::Bytes32& key) {
  auto proven = tree.GetWithProof(key, version);
  ASSERT_TRUE(proven.ok()) << proven.status();
  auto it = model.find(key);
  ASSERT_EQ(proven->value.has_value(), it != model.end());
  std::optional<core::ByteView> claim;
  if (proven->value) {
    EXPECT_EQ(*proven->value, it->second);
    claim = core::ByteView(*proven->value);
  }
  EXPECT_TRUE(ledger::VerifySmtProof(tree.suite(), root, key, claim, proven->proof).ok());
  // The opposite claim never verifies.
  const core::Bytes other_value{0x42};
  const std::optional<core::ByteView> wrong =
      claim ? std::nullopt : std::optional<core::ByteView>(other_value);
  EXPECT_FALSE(ledger::VerifySmtProof(tree.suite(), root, key, wrong, proven->proof).ok());
  // Round trip through the canonical encoding.
  const core::Bytes encoded = core::EncodeToBytes(proven->proof);
  auto decoded = core::DecodeExact<ledger::SmtProof>(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, proven->proof);
}

// Prunes everything but the latest version; the store must then hold exactly its tree: every
// node reachable from the root and nothing else, one value record per live key, no stale index.
// The latest version must be the prune limit (ADR 0020: a tree that writes every version's
// nodes).
inline void CheckOnlyLatestRemains(ledger::StateTree& tree, ledger::KvStore& store,
                                   const Model& model) {
  // Prune everything but the latest version: the store must hold exactly its tree.
  const uint64_t latest = *tree.latest_version();
  ASSERT_EQ(tree.prune_limit(), latest);
  ASSERT_TRUE(tree.Prune(latest, SIZE_MAX, ledger::Durability::kSync).ok());
  EXPECT_EQ(tree.oldest_version(), latest);
  EXPECT_EQ(StoredWithPrefix(store, ledger::storage::kTreeNode), ReachableNodes(store, latest));
  EXPECT_TRUE(StoredWithPrefix(store, ledger::storage::kChangedKeys).empty());
  const size_t value_records = StoredWithPrefix(store, ledger::storage::kStateValue).size();
  EXPECT_EQ(value_records, model.size()) << "value index must hold exactly the live keys";
  EXPECT_TRUE(StoredWithPrefix(store, ledger::storage::kStale).empty());
  // Every live key's newest-value index record names its one remaining value record.
  for (const auto& [k, v] : model) {
    core::Bytes index_key{ledger::storage::kNewestValue};
    core::Append(index_key, k);
    auto indexed = store.Get(index_key);
    ASSERT_TRUE(indexed.ok() && indexed->has_value());
    const std::optional<uint64_t> newest = ledger::ReadU64Key(**indexed, 0);
    ASSERT_TRUE(newest.has_value());
    core::Bytes value_key{ledger::storage::kStateValue};
    core::Append(value_key, k);
    ledger::AppendU64Key(value_key, ~*newest);
    auto record = store.Get(value_key);
    EXPECT_TRUE(record.ok() && record->has_value());
  }
  for (const auto& [k, v] : model) {
    auto got = tree.Get(k, latest);
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ(**got, v);
  }
}

// The checkpoints of a tree that writes its nodes every `interval` versions (ADR 0020), or sooner
// when an interval holds `max_interval_nodes` nodes; which versions' proofs it promises (every
// checkpoint's, and those from the checkpoint before the last up) and where pruning stops.
struct Checkpoints {
  uint64_t interval = 1;
  uint64_t previous = 0;
  uint64_t last = 0;
  std::set<uint64_t> all;  // every checkpoint so far
  bool ProofPromised(uint64_t version) const {
    return all.contains(version) || version >= previous;
  }
  uint64_t PruneLimit() const { return last <= previous + 1 ? last : previous; }
  // `checkpoint`: the tree's update said so; it must at every multiple of the interval, and only
  // there when the interval has no node bound.
  void Committed(uint64_t version, bool checkpoint, size_t max_interval_nodes) {
    if (version % interval == 0) {
      EXPECT_TRUE(checkpoint) << version;
    }
    if (max_interval_nodes == 0) {
      EXPECT_EQ(checkpoint, version % interval == 0) << version;
    }
    if (!checkpoint) return;
    previous = version == 0 ? 0 : last;
    last = version;
    all.insert(version);
  }
};

inline void CheckGetAndProof(const ledger::StateTree& tree, const std::vector<Model>& history,
                             const std::vector<core::Bytes32>& roots,
                             const Checkpoints& checkpoints, uint64_t at,
                             const core::Bytes32& key) {
  auto got = tree.Get(key, at);
  ASSERT_TRUE(got.ok()) << got.status();
  auto it = history[at].find(key);
  ASSERT_EQ(got->has_value(), it != history[at].end()) << "version " << at;
  if (it != history[at].end()) {
    ASSERT_EQ(**got, it->second);
  }
  if (checkpoints.ProofPromised(at)) {
    CheckProof(tree, history[at], at, roots[at], key);
  } else {
    EXPECT_EQ(tree.Prove(key, at).status().code(), core::StatusCode::kFailedPrecondition)
        << "version " << at << " falls between checkpoints, out of memory";
  }
}

inline void RunTreeProperty(const TreePropertyConfig& c, ledger::KvStore& store) {
  std::mt19937_64 rng(c.seed);
  auto opened = ledger::StateTree::Open(&store, c.suite, c.options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<ledger::StateTree> tree = std::move(opened).value();
  Checkpoints checkpoints;
  checkpoints.interval = std::max<uint64_t>(1, c.options.node_write_interval);
  const std::vector<core::Bytes32> pool = KeyPool(rng, c.pool);
  Model model;
  std::vector<Model> history;  // model after each version
  std::vector<core::Bytes32> roots;
  // Runs on past the last version to a checkpoint, where CheckOnlyLatestRemains can look.
  for (size_t v = 0; v < c.versions; ++v) {
    ledger::StateDelta delta = RandomDelta(rng, pool, c.max_ops, model);
    auto update = tree->PrepareUpdate(tree->latest_version(), delta);
    ASSERT_TRUE(update.ok()) << update.status();
    ASSERT_EQ(update->version, v);
    ASSERT_EQ(update->root, ModelRoot(c.suite, model)) << "seed " << c.seed << " version " << v;
    ASSERT_TRUE(tree->Commit(*update, ledger::Durability::kNoSync).ok());
    history.push_back(model);
    roots.push_back(update->root);
    checkpoints.Committed(v, update->checkpoint, c.options.max_interval_nodes);
    ASSERT_EQ(tree->last_checkpoint(), checkpoints.last);
    ASSERT_EQ(tree->prune_limit(), checkpoints.PruneLimit());

    if (c.keep_window != 0 && v + 1 > c.keep_window) {
      ASSERT_TRUE(tree->Prune(v + 1 - c.keep_window, 1 << 20, ledger::Durability::kNoSync).ok());
      // Pruning stops at the last checkpoint.
      EXPECT_EQ(tree->oldest_version(),
                std::min<uint64_t>(v + 1 - c.keep_window, checkpoints.PruneLimit()));
    }
    if (rng() % 1000 < c.reopen_per_mille) {
      tree.reset();
      opened = ledger::StateTree::Open(&store, c.suite, c.options);
      ASSERT_TRUE(opened.ok()) << opened.status();
      tree = std::move(opened).value();
      ASSERT_EQ(tree->latest_version(), v);
      EXPECT_EQ(tree->last_checkpoint(), checkpoints.last);
      EXPECT_EQ(tree->prune_limit(), checkpoints.PruneLimit());
    }
    const uint64_t oldest = tree->oldest_version();
    // Reads and proofs at the latest and at a random kept older version.
    const uint64_t older = oldest + rng() % (v - oldest + 1);
    for (int i = 0; i < 8; ++i) {
      const core::Bytes32& key = pool[rng() % pool.size()];
      for (uint64_t at : {uint64_t(v), older}) {
        CheckGetAndProof(*tree, history, roots, checkpoints, at, key);
      }
    }
    CheckProof(*tree, model, v, roots[v], RandomKey(rng));  // almost surely absent
    if (v > 0 && roots[v] != roots[v - 1] && v - 1 >= oldest && checkpoints.ProofPromised(v - 1)) {
      // A proof of one version never checks out against another version's root.
      const core::Bytes32& key = pool[rng() % pool.size()];
      auto proven = tree->GetWithProof(key, v - 1);
      ASSERT_TRUE(proven.ok());
      std::optional<core::ByteView> claim;
      if (proven->value) claim = core::ByteView(*proven->value);
      EXPECT_FALSE(ledger::VerifySmtProof(c.suite, roots[v], key, claim, proven->proof).ok());
    }
    if (oldest > 0) {
      EXPECT_EQ(tree->Get(pool[0], oldest - 1).status().code(),
                core::StatusCode::kFailedPrecondition);
    }
  }
  // Reopened writing every version's nodes (an interval changed across a restart), two more
  // versions make the latest the prune limit.
  ledger::StateTreeOptions every_version = c.options;
  every_version.node_write_interval = 1;
  tree.reset();
  opened = ledger::StateTree::Open(&store, c.suite, every_version);
  ASSERT_TRUE(opened.ok()) << opened.status();
  tree = std::move(opened).value();
  for (int i = 0; i < 2; ++i) {
    auto update =
        tree->PrepareUpdate(tree->latest_version(), RandomDelta(rng, pool, c.max_ops, model));
    ASSERT_TRUE(update.ok()) << update.status();
    ASSERT_EQ(update->root, ModelRoot(c.suite, model));
    ASSERT_TRUE(tree->Commit(*update, ledger::Durability::kNoSync).ok());
  }
  CheckOnlyLatestRemains(*tree, store, model);
}

}  // namespace credchain::testing
