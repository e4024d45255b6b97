// A proof bundle in the contracts' real state layout (cli/contract_ledger_codec.h) for
// offline-verification tests: the anchor of one credential by "samr" at height 40, samr's
// issuer key history (key k1 from height 1), its open authorisation for the schema, status
// list 1 (4096 entries) and the absent (all clear) chunk of the credential's entry, proven under
// a header of chain "nj" (epoch 1, height 50) certified by 3 of 4 validators (SeedKey 70..73).
// Everything is deterministic: the same facts give the same bytes.
#pragma once

#include <string>
#include <vector>

#include "cli/contract_ledger_codec.h"
#include "contracts/contract_state.h"
#include "contracts/credential_state.h"
#include "contracts/governance_state.h"
#include "contracts/state_namespaces.h"
#include "core/check.h"
#include "core/codec.h"
#include "credentials/status_bundle.h"
#include "ledger/block.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "ledger/state_view.h"
#include "unit/credentials/signed_chain.h"

namespace credchain::cli::testing {

struct BundleFacts {
  core::Bytes32 anchor_id{};
  std::string schema_id;
  crypto::PublicKey issuer_key;
  std::string status_uri;  // a list "samr/1" of chain nj
  uint64_t status_index = 0;
  uint64_t timestamp_ms = 0;  // of the certifying header
};

struct ContractBundle {
  credentials::TrustedValidators trust;  // the four validators of epoch 1
  credentials::StatusProofBundle bundle;
};

inline ContractBundle MakeContractBundle(const BundleFacts& facts) {
  constexpr crypto::HashSuite kSuite = crypto::HashSuite::kSha256;
  const credentials::testing::EpochKeys validators =
      credentials::testing::MakeEpoch(1, {70, 71, 72, 73});
  contracts::AnchorRecord anchor;
  anchor.department = "samr";
  anchor.terms = {facts.schema_id, 1, "k1", 0};
  anchor.height = 40;
  contracts::IssuerKeyHistory keys;
  keys.keys.push_back({"k1", facts.issuer_key, 1, UINT64_MAX});
  contracts::AuthorizationHistory authorization;
  authorization.intervals.push_back({1, contracts::kOpenEnded});
  const contracts::StatusListRecord list{1, "samr", 1, 3, 4096, 1};
  namespace ns = contracts::ns;
  const std::vector<core::Bytes32> proven = {
      ledger::StateKey(kSuite, ns::kAnchor, facts.anchor_id),
      ledger::StateKey(kSuite, ns::kIssuerKeys, contracts::KeyBuilder().Str("samr").Take()),
      ledger::StateKey(kSuite, ns::kAuthorization,
                       contracts::AuthorizationKey("samr", facts.schema_id)),
      ledger::StateKey(kSuite, ns::kStatusList, contracts::StatusListKey("samr", 1)),
      ContractLedgerCodec().StatusKey(kSuite, facts.status_uri, facts.status_index).value()};
  ledger::StateDelta delta;
  delta.Put(proven[0], core::EncodeToBytes(anchor));
  delta.Put(proven[1], core::EncodeToBytes(keys));
  delta.Put(proven[2], core::EncodeToBytes(authorization));
  delta.Put(proven[3], core::EncodeToBytes(list));
  ledger::MemKvStore store;
  auto tree = ledger::StateTree::Open(&store, kSuite).value();
  auto update = tree->PrepareUpdate(std::nullopt, delta).value();
  CHECK(tree->Commit(update, ledger::Durability::kNoSync).ok());
  ledger::BlockHeader header;
  header.chain_id = "nj";
  header.epoch = 1;
  header.round = 5;
  header.height = 50;
  header.timestamp_ms = facts.timestamp_ms;
  header.proposer = validators.keys[0].public_key();
  header.exec_state_root = update.root;
  header.validator_set_hash = validators.set.Hash(kSuite);
  const ledger::QuorumCert qc = credentials::testing::Certify(header, validators, {0, 1, 2});
  ContractBundle out{{"nj", kSuite, {validators.set}},
                     {core::EncodeToBytes(header), core::EncodeToBytes(qc), {}}};
  for (const core::Bytes32& key : proven) {
    auto it = delta.writes.find(key);
    out.bundle.entries.push_back({key, it == delta.writes.end() ? std::nullopt : it->second,
                                  core::EncodeToBytes(tree->Prove(key, 0).value())});
  }
  return out;
}

}  // namespace credchain::cli::testing
