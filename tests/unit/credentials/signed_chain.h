// A small chain of real, signed block headers for trust-export tests: a genesis block, blocks
// certified by QCs of 3 validators of their epoch, and epoch changes with a new validator set
// (the first block of an epoch extends the last one of the previous epoch and carries its QC,
// as in docs/consensus.md "Epochs"). Nothing is executed: tx roots and state roots stay zero.
#pragma once

#include <string>
#include <vector>

#include "crypto/ed25519.h"
#include "ledger/block.h"
#include "ledger/validator_set.h"

namespace credchain::credentials::testing {

inline crypto::SecretKey SeedKey(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

// Validator i of a set is department "d<seed>" with SeedKey(seed).
struct EpochKeys {
  ledger::ValidatorSet set;
  std::vector<crypto::SecretKey> keys;  // in set order
};

inline EpochKeys MakeEpoch(uint64_t epoch, const std::vector<uint8_t>& seeds) {
  EpochKeys out{{epoch, {}}, {}};
  for (uint8_t s : seeds) {
    out.keys.push_back(SeedKey(s));
    out.set.validators.push_back({"d" + std::to_string(s), out.keys.back().public_key()});
  }
  return out;
}

// A QC over `header` signed by `signers` (indices into e.set).
inline ledger::QuorumCert Certify(const ledger::BlockHeader& header, const EpochKeys& e,
                                  const std::vector<size_t>& signers) {
  ledger::QuorumCert qc{e.set.epoch, header.round, ledger::BlockId(header), {}, {}};
  qc.signer_bitmap.assign((e.set.size() + 7) / 8, 0);
  const core::Bytes vote =
      ledger::VoteSigningPreimage(header.chain_id, e.set.epoch, header.round, qc.block_id);
  for (size_t i : signers) {
    qc.signer_bitmap[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    qc.signatures.push_back(crypto::Sign(e.keys[i], vote));
  }
  return qc;
}

struct SignedChain {
  std::string chain_id = "nj";
  std::vector<EpochKeys> epochs;        // by epoch number
  std::vector<ledger::Block> blocks;    // by height
  std::vector<ledger::QuorumCert> qcs;  // qcs[h] certifies blocks[h]

  explicit SignedChain(EpochKeys genesis_set) {
    epochs.push_back(std::move(genesis_set));
    ledger::Block genesis;
    genesis.header.chain_id = chain_id;
    genesis.header.timestamp_ms = 1767225600000;
    genesis.header.validator_set_hash = epochs[0].set.Hash(crypto::HashSuite::kSha256);
    qcs.push_back({0, 0, ledger::BlockId(genesis.header), {}, {}});
    blocks.push_back(std::move(genesis));
  }

  // The next block, in the last epoch, certified by validators 0..2 of that epoch.
  void Append() {
    const ledger::BlockHeader& parent = blocks.back().header;
    const EpochKeys& e = epochs.back();
    ledger::Block block;
    ledger::BlockHeader& h = block.header;
    h.chain_id = chain_id;
    h.epoch = e.set.epoch;
    h.round = parent.epoch == h.epoch ? parent.round + 1 : 1;
    h.height = parent.height + 1;
    h.parent_id = ledger::BlockId(parent);
    h.parent_qc = qcs.back();
    h.timestamp_ms = parent.timestamp_ms + 1000;
    h.proposer = e.keys[0].public_key();
    h.validator_set_hash = e.set.Hash(crypto::HashSuite::kSha256);
    qcs.push_back(Certify(h, e, {0, 1, 2}));
    blocks.push_back(std::move(block));
  }

  // The chain changes to `next` (its epoch must be the next one) after the current last block.
  void ChangeEpoch(EpochKeys next) { epochs.push_back(std::move(next)); }
};

}  // namespace credchain::credentials::testing
