// Read-only queries over governance, schema and credential state at one version, for the REST
// API (GET /v1/departments, /v1/schemas, /v1/dids/{did}, /v1/status-lists/{id},
// /v1/credentials/{id}), the CLI and verifiers; plus status-entry proofs from the state tree and
// their offline check.
//
// A ChainQueries wraps a ledger::StateReader fixed at a height (ledger::StateTree::ReaderAt);
// answers are pure functions of that state. "Not there" is a value (nullopt / empty), errors are
// only storage failures and corrupt values (DataLoss).
// Status proofs: ProveStatusEntry returns the state key, the chunk value and the sparse-Merkle
// proof of one status-list entry at a version; VerifyStatusEntry checks such a proof against a
// certified state root with nothing but ledger/smt_proof.h and returns the entry's bits.
// Thread safety: ChainQueries is not thread-safe (one per thread); the free functions are.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/credential_state.h"
#include "contracts/governance.h"
#include "contracts/governance_state.h"
#include "contracts/schema_state.h"
#include "contracts/state_overlay.h"
#include "ledger/smt_proof.h"
#include "ledger/state_tree.h"

namespace credchain::contracts {

class ChainQueries {
 public:
  ChainQueries(const ledger::StateReader& reader, crypto::HashSuite suite)
      : overlay_(reader), state_(suite, overlay_) {}

  const ContractState& state() const { return state_; }

  core::Result<std::optional<GenesisInfo>> Genesis() const { return ReadGenesisInfo(state_); }
  core::Result<Parameters> ChainParameters() const { return ReadParameters(state_); }
  // Every department, ordered by id.
  core::Result<std::vector<Department>> Departments() const;
  core::Result<std::optional<Department>> FindDepartment(std::string_view id) const {
    return ReadDepartment(state_, id);
  }
  core::Result<std::optional<ledger::ValidatorSet>> Validators(uint64_t epoch) const {
    return ReadValidatorSet(state_, epoch);
  }
  core::Result<AuthorizationHistory> Authorization(std::string_view department,
                                                   std::string_view schema_id) const {
    return ReadAuthorization(state_, department, schema_id);
  }

  // Every registered version of every schema, ordered by (id, version).
  core::Result<std::vector<SchemaRecord>> Schemas() const;
  core::Result<std::optional<SchemaRecord>> FindSchema(std::string_view id,
                                                       uint32_t version) const {
    return ReadSchema(state_, id, version);
  }

  core::Result<IssuerKeyHistory> IssuerKeys(std::string_view department) const {
    return ReadIssuerKeys(state_, department);
  }
  // A single anchor, else a batch anchor with that root; nullopt if neither.
  core::Result<std::optional<AnchorRecord>> Anchor(const core::Bytes32& id) const;
  core::Result<std::optional<StatusListRecord>> StatusList(std::string_view department,
                                                           uint32_t list_number) const {
    return ReadStatusList(state_, department, list_number);
  }
  core::Result<StatusBits> Status(std::string_view department, uint32_t list_number,
                                  uint32_t index) const {
    return ReadStatusBits(state_, department, list_number, index);
  }
  core::Result<std::optional<EvidenceRecord>> Evidence(const core::Bytes32& digest) const {
    return ReadEvidence(state_, digest);
  }
  core::Result<std::optional<Proposal>> FindProposal(uint64_t id) const {
    return ReadProposal(state_, id);
  }
  // Proposals with ids in [first, first + limit), in id order.
  core::Result<std::vector<Proposal>> Proposals(uint64_t first, uint64_t limit) const;

 private:
  StateOverlay overlay_;
  ContractState state_;
};

struct StatusEntryProof {
  core::Bytes32 state_key{};
  std::optional<core::Bytes> value;  // the chunk; nullopt: absent (all bits clear)
  ledger::SmtProof proof;
  StatusBits bits;
};

// The proof of entry `index` of (department, list_number) at state `version`. Errors as
// StateTree::GetWithProof; DataLoss for a corrupt chunk.
core::Result<StatusEntryProof> ProveStatusEntry(const ledger::StateTree& tree, uint64_t version,
                                                std::string_view department, uint32_t list_number,
                                                uint32_t index);

// Offline: the bits of the entry if `proof` shows its chunk holding `value` (or absent) under
// `state_root`; Rejected(kBadProof) if the proof does not verify, kMalformed for a bad value.
core::Result<StatusBits> VerifyStatusEntry(crypto::HashSuite suite, const core::Bytes32& state_root,
                                           std::string_view department, uint32_t list_number,
                                           uint32_t index, const StatusEntryProof& proof);

}  // namespace credchain::contracts
