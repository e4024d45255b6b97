// A deterministic chain for BlockStore tests: planned block contents (signed transactions,
// receipt codes, a state delta) and a node (StateTree + BlockStore over a KvStore) that turns a
// plan into a committed block on top of its own tip, the way the node's executor adapter will.
#pragma once

#include <random>
#include <vector>

#include "ledger/block_store.h"
#include "ledger/state_tree.h"
#include "unit/ledger/smt_model.h"

namespace credchain::testing {

inline constexpr std::string_view kChainId = "nanjing-credit-test";

struct BlockPlan {
  std::vector<ledger::SignedTx> txs;
  std::vector<core::RejectCode> codes;  // one per tx
  ledger::StateDelta delta;
};

inline crypto::SecretKey PlanKey(uint8_t n) {
  core::Bytes32 seed;
  seed.fill(n);
  return crypto::SecretKey::FromSeed(seed);
}

// `blocks` plans with up to `max_txs` transactions and `max_writes` state writes each.
inline std::vector<BlockPlan> PlanChain(uint64_t seed, size_t blocks, size_t max_txs,
                                        size_t max_writes) {
  std::mt19937_64 rng(seed);
  const std::vector<core::Bytes32> pool = KeyPool(rng, 4 * max_writes + 8);
  Model model;
  std::vector<BlockPlan> plans(blocks);
  uint64_t sequence = 0;
  for (auto& plan : plans) {
    const size_t n = rng() % (max_txs + 1);
    for (size_t i = 0; i < n; ++i) {
      ledger::Tx tx;
      tx.chain_id = std::string(kChainId);
      const crypto::SecretKey sender = PlanKey(uint8_t(1 + rng() % 3));
      tx.sender = sender.public_key();
      tx.sequence = ++sequence;
      tx.expires_at_height = 1'000'000;
      tx.kind = ledger::TxKind::kCredentialAnchor;
      tx.payload = RandomValue(rng);
      plan.txs.push_back(ledger::SignTx(tx, sender));
      plan.codes.push_back(rng() % 5 == 0 ? core::RejectCode::kUnauthorized
                                          : core::RejectCode::kNone);
    }
    plan.delta = RandomDelta(rng, pool, max_writes, model);
  }
  return plans;
}

struct ChainNode {
  ledger::KvStore* store = nullptr;
  ledger::BlockStoreOptions options;
  ledger::StateTreeOptions tree_options;
  std::unique_ptr<ledger::StateTree> tree;
  std::unique_ptr<ledger::BlockStore> blocks;

  core::Status Open() {
    blocks.reset();
    tree.reset();
    ASSIGN_OR_RETURN(tree,
                     ledger::StateTree::Open(store, crypto::HashSuite::kSha256, tree_options));
    ASSIGN_OR_RETURN(blocks, ledger::BlockStore::Open(store, tree.get(), options));
    return core::Status::Ok();
  }

  // The block a proposer would build from `plan` on this node's tip, with its QC and receipts.
  struct Built {
    ledger::Block block;
    ledger::QuorumCert qc;
    std::vector<ledger::Receipt> receipts;
  };
  Built Build(const BlockPlan& plan) const {
    Built b;
    const auto tip = blocks->Tip();
    ledger::BlockHeader& h = b.block.header;
    h.chain_id = std::string(kChainId);
    h.height = tip ? tip->height + 1 : 0;
    h.epoch = 1;
    h.round = h.height + 1;
    if (tip) {
      h.parent_id = tip->block_id;
      h.parent_qc = blocks->GetQuorumCert(tip->height).value();
      h.exec_height = tip->height;
      h.exec_state_root = tip->state_root;
    }
    b.block.txs = plan.txs;
    h.tx_count = uint32_t(plan.txs.size());
    h.tx_root = ledger::ComputeTxRoot(h.suite, plan.txs);
    h.timestamp_ms = 1767225600000 + h.height * 1000;
    h.proposer = PlanKey(1).public_key();
    for (uint32_t i = 0; i < plan.txs.size(); ++i) {
      ledger::Receipt r;
      r.tx_id = ledger::TxId(h.suite, plan.txs[i].tx);
      r.height = h.height;
      r.index = i;
      r.code = plan.codes[i];
      if (!r.applied()) r.detail = "issuer not authorised for the schema";
      b.receipts.push_back(r);
    }
    b.qc.epoch = 1;
    b.qc.round = h.round;
    b.qc.block_id = ledger::BlockId(h);
    return b;
  }

  core::Status CommitNext(const BlockPlan& plan) {
    const Built b = Build(plan);
    ASSIGN_OR_RETURN(ledger::PreparedUpdate update,
                     tree->PrepareUpdate(tree->latest_version(), plan.delta));
    return blocks->Commit(b.block, b.qc, b.receipts, update);
  }
};

}  // namespace credchain::testing
