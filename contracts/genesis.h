// Genesis: the founding document of a chain and the state and block it produces.
//
// A Genesis fixes the chain id, the crypto suite, the founding departments (validator key,
// account keys, the schemas each may issue under), chain parameters, the schemas registered
// from the start and the rule book. It is written by people as JSON (contracts/genesis_json.h,
// docs/formats/genesis.md) and, once validated, turns into:
//   - GenesisHash: the suite hash of "credchain/genesis/v1" ‖ chain_id ‖ Encode(genesis); it
//     does not depend on JSON layout, so every node computes the same value from any rendering;
//   - GenesisStateDelta: state version 0 (departments, accounts, authorisations from height 0,
//     schemas, parameters, rule book, GenesisInfo with the genesis hash, the epoch-0 validator
//     set), to be applied with ledger::StateTree::PrepareUpdate(nullopt, delta);
//   - MakeGenesisBlock: block 0 (no transactions, certifying the genesis state root) and its
//     genesis QC (round 0, no signatures), ready for ledger::BlockStore::Commit.
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "contracts/governance_state.h"
#include "contracts/rule_table.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "ledger/block.h"
#include "ledger/schema.h"
#include "ledger/state_view.h"
#include "ledger/validator_set.h"

namespace credchain::contracts {

inline constexpr uint16_t kGenesisFormatVersion = 1;
inline constexpr std::string_view kGenesisDomainTag = "credchain/genesis/v1";
inline constexpr uint32_t kMaxGenesisSchemas = 256;
inline constexpr uint32_t kMaxAuthorizationsPerDepartment = 256;

// Ok iff `chain_id` is 1..64 chars of [a-z0-9-_.], starting with a letter or digit;
// Rejected(kInvalidField, "<field>: ...") otherwise.
core::Status ValidateChainId(std::string_view chain_id, std::string_view field);

struct GenesisDepartment {
  std::string id;                                  // department id (ValidateDepartmentId)
  std::string name;                                // e.g. "市场监督管理局", 1..256 bytes
  std::optional<crypto::PublicKey> validator_key;  // set: the department runs a validator
  std::vector<crypto::PublicKey> account_keys;     // tx signers, sorted, unique, 1..16
  std::vector<std::string> authorizations;         // schema ids it may issue under, sorted

  void EncodeTo(core::Writer& w) const;
  friend bool operator==(const GenesisDepartment&, const GenesisDepartment&) = default;
};

struct Genesis {
  uint16_t version = kGenesisFormatVersion;
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  uint64_t genesis_time_ms = 0;  // timestamp of block 0 (Unix ms)
  Parameters parameters;
  std::vector<GenesisDepartment> departments;  // sorted by id
  std::vector<ledger::Schema> schemas;         // sorted by (id, schema_version)
  RuleBook rule_book;

  // Every rule of docs/formats/genesis.md: ids, keys (valid, no key used twice across
  // departments or roles), at least one validator, authorisations naming genesis schemas,
  // parameters and rule book valid, orders as stated above. Rejected(kInvalidField |
  // kMissingField | kDuplicate, "genesis.<field>: reason") naming the first bad field.
  core::Status Validate() const;

  void EncodeTo(core::Writer& w) const;
  friend bool operator==(const Genesis&, const Genesis&) = default;
};

// Sorts departments, account keys, authorisations and schemas into canonical order (what the
// JSON loader does before validating).
void Canonicalize(Genesis& genesis);

// Suite hash of kGenesisDomainTag ‖ u32-prefixed chain_id ‖ Encode(genesis).
core::Bytes32 GenesisHash(const Genesis& genesis);

// The epoch-0 validator set: validator departments in department id order.
ledger::ValidatorSet GenesisValidatorSet(const Genesis& genesis);

// State version 0. Validates first (errors as Validate).
core::Result<ledger::StateDelta> GenesisStateDelta(const Genesis& genesis);

struct GenesisBlock {
  ledger::Block block;
  ledger::QuorumCert qc;  // the genesis QC: epoch 0, round 0, certifies BlockId(header)
};

// Block 0: chain id, suite, epoch 0, round 0, height 0, zero parent, no transactions,
// timestamp genesis_time_ms, zero proposer key, exec_height 0 with exec_state_root =
// `genesis_state_root` (the root of state version 0), and the epoch-0 validator set hash.
GenesisBlock MakeGenesisBlock(const Genesis& genesis, const core::Bytes32& genesis_state_root);

}  // namespace credchain::contracts
