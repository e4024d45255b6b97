// Test fixtures for consensus unit tests: a committee of deterministic keys, and helpers that
// build correctly signed QCs, TCs, blocks and proposals.
#pragma once

#include <string>
#include <vector>

#include "consensus/epoch_state.h"
#include "consensus/messages.h"
#include "ledger/block.h"

namespace credchain::consensus::testing {

inline constexpr char kChain[] = "test-chain";

struct Committee {
  std::vector<crypto::SecretKey> keys;
  ledger::ValidatorSet set;

  ChainParams chain() const { return ChainParams{kChain, crypto::HashSuite::kSha256}; }
  size_t IndexOfKey(const crypto::PublicKey& key) const { return *set.IndexOf(key); }
};

inline crypto::SecretKey KeyFromByte(uint8_t fill) {
  core::Bytes32 seed;
  seed.fill(fill);
  return crypto::SecretKey::FromSeed(seed);
}

inline Committee MakeCommittee(size_t n, uint64_t epoch = 0, uint8_t first_seed = 1) {
  Committee c;
  c.set.epoch = epoch;
  for (size_t i = 0; i < n; ++i) {
    c.keys.push_back(KeyFromByte(static_cast<uint8_t>(first_seed + i)));
    c.set.validators.push_back({"dept-" + std::to_string(i), c.keys.back().public_key()});
  }
  return c;
}

inline ledger::QuorumCert SignQc(const Committee& c, const std::vector<size_t>& signers,
                                 uint64_t epoch, uint64_t round, const core::Bytes32& block_id) {
  ledger::QuorumCert qc;
  qc.epoch = epoch;
  qc.round = round;
  qc.block_id = block_id;
  size_t max_index = 0;
  for (size_t i : signers) max_index = std::max(max_index, i);
  qc.signer_bitmap.assign(max_index / 8 + 1, 0);
  std::vector<size_t> sorted = signers;
  std::sort(sorted.begin(), sorted.end());
  const core::Bytes preimage = ledger::VoteSigningPreimage(kChain, epoch, round, block_id);
  for (size_t i : sorted) {
    qc.signer_bitmap[i / 8] |= uint8_t(1u << (i % 8));
    qc.signatures.push_back(crypto::Sign(c.keys[i], preimage));
  }
  return qc;
}

// A TC where signer i reports high_qc_rounds[k] (k-th of `signers` ascending) and carries
// `high_qc` as the maximum.
inline TimeoutCert SignTc(const Committee& c, const std::vector<size_t>& signers, uint64_t epoch,
                          uint64_t round, const std::vector<uint64_t>& high_qc_rounds,
                          ledger::QuorumCert high_qc) {
  TimeoutCert tc;
  tc.epoch = epoch;
  tc.round = round;
  size_t max_index = 0;
  for (size_t i : signers) max_index = std::max(max_index, i);
  tc.signer_bitmap.assign(max_index / 8 + 1, 0);
  for (size_t k = 0; k < signers.size(); ++k) {
    const size_t i = signers[k];
    tc.signer_bitmap[i / 8] |= uint8_t(1u << (i % 8));
    tc.high_qc_rounds.push_back(high_qc_rounds[k]);
    tc.signatures.push_back(
        crypto::Sign(c.keys[i], TimeoutSigningPreimage(kChain, epoch, round, high_qc_rounds[k])));
  }
  tc.high_qc = std::move(high_qc);
  return tc;
}

inline ledger::Block GenesisBlock(const Committee& c) {
  ledger::Block b;
  b.header.chain_id = kChain;
  b.header.epoch = c.set.epoch;
  b.header.timestamp_ms = 1'767'225'600'000;
  b.header.tx_root = ledger::ComputeTxRoot(b.header.suite, b.txs);
  b.header.validator_set_hash = c.set.Hash(b.header.suite);
  return b;
}

inline ledger::QuorumCert GenesisQc(const ledger::Block& genesis) {
  ledger::QuorumCert qc;
  qc.epoch = genesis.header.epoch;
  qc.round = 0;
  qc.block_id = ledger::BlockId(genesis.header);
  return qc;
}

// A block of `round` extending `parent` through `parent_qc`, proposed by `proposer`.
inline ledger::Block ChildBlock(const Committee& c, const ledger::Block& parent,
                                const ledger::QuorumCert& parent_qc, uint64_t round,
                                size_t proposer, uint64_t epoch) {
  ledger::Block b;
  b.header.chain_id = kChain;
  b.header.epoch = epoch;
  b.header.round = round;
  b.header.height = parent.header.height + 1;
  b.header.parent_id = ledger::BlockId(parent.header);
  b.header.parent_qc = parent_qc;
  b.header.tx_root = ledger::ComputeTxRoot(b.header.suite, b.txs);
  b.header.timestamp_ms = parent.header.timestamp_ms + 1;
  b.header.proposer = c.keys[proposer].public_key();
  b.header.exec_height = parent.header.exec_height;
  b.header.exec_state_root = parent.header.exec_state_root;
  b.header.validator_set_hash = c.set.Hash(b.header.suite);
  return b;
}

inline Proposal SignedProposal(const Committee& c, ledger::Block block, size_t proposer,
                               std::optional<TimeoutCert> tc = std::nullopt) {
  Proposal p;
  p.block = std::move(block);
  p.last_round_tc = std::move(tc);
  SignProposal(p, kChain, c.keys[proposer]);
  return p;
}

}  // namespace credchain::consensus::testing
