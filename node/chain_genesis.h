// The genesis of a chain as the node sees it: the chain's identity and its initial state, and
// the genesis block (height 0) every node derives from them identically.
//
// The genesis state (departments, validator and account keys, issuer authorisations,
// parameters, rule tables, the GenesisInfo record with the genesis file's hash) is built from
// config/genesis.json by the contracts genesis loader (contracts/genesis_json.h,
// contracts::GenesisStateDelta); LoadChainGenesis does both steps. Tests may build the delta
// directly.
//
// Genesis block header: version 1, chain_id, suite, epoch 0, round 0, height 0, parent_id and
// parent_qc zero, tx_root of no transactions, tx_count 0, timestamp_ms = genesis_time_ms,
// proposer = the all-zero key, exec_height 0, exec_state_root = root of the genesis state,
// validator_set_hash = hash of the epoch-0 validator set recorded in that state. It is certified
// by the genesis QC (epoch 0, round 0, its block id, no signatures). Because the header commits
// to the state root, two genesis files that differ in any state value give different genesis
// block ids: that is how a node detects a genesis that does not match its data. The block is
// the one contracts::MakeGenesisBlock builds for the same genesis (tested).
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "contracts/genesis.h"
#include "core/bytes.h"
#include "core/result.h"
#include "crypto/hash.h"
#include "ledger/block.h"
#include "ledger/state_view.h"
#include "ledger/validator_set.h"

namespace credchain::node {

struct ChainGenesis {
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  uint64_t genesis_time_ms = 0;
  ledger::StateDelta state;  // state version 0
};

struct GenesisBlock {
  ledger::Block block;
  ledger::QuorumCert qc;  // the genesis QC certifying block
  core::Bytes32 state_root{};
  ledger::ValidatorSet validators;  // epoch 0
};

// From a validated contracts::Genesis. Errors as contracts::GenesisStateDelta (Rejected naming
// the bad field).
core::Result<ChainGenesis> ChainGenesisFrom(const contracts::Genesis& genesis);
// Reads and validates a genesis file (config/genesis.json). NotFound / IoError for the file,
// Rejected("genesis.<field>: ...") for its content.
core::Result<ChainGenesis> LoadChainGenesis(const std::filesystem::path& path);

// Derives the genesis block. Errors: InvalidArgument when the chain id is empty or too long,
// or the state records no epoch-0 validator set (a chain needs validators).
core::Result<GenesisBlock> BuildGenesisBlock(const ChainGenesis& genesis);

}  // namespace credchain::node
