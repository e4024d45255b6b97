#include "contracts/chain_queries.h"

namespace credchain::contracts {

core::Result<std::vector<Department>> ChainQueries::Departments() const {
  ASSIGN_OR_RETURN(DepartmentIndex index, ReadDepartmentIndex(state_));
  std::vector<Department> out;
  out.reserve(index.ids.size());
  for (const auto& id : index.ids) {
    ASSIGN_OR_RETURN(std::optional<Department> d, ReadDepartment(state_, id));
    if (!d) return core::Status::DataLoss("department index names missing " + id);
    out.push_back(std::move(*d));
  }
  return out;
}

core::Result<std::vector<SchemaRecord>> ChainQueries::Schemas() const {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ReadSchemaIds(state_));
  std::vector<SchemaRecord> out;
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(uint32_t latest, LatestSchemaVersion(state_, id));
    for (uint32_t v = 1; v <= latest; ++v) {
      ASSIGN_OR_RETURN(std::optional<SchemaRecord> record, ReadSchema(state_, id, v));
      if (record) out.push_back(std::move(*record));
    }
  }
  return out;
}

core::Result<std::optional<AnchorRecord>> ChainQueries::Anchor(const core::Bytes32& id) const {
  ASSIGN_OR_RETURN(std::optional<AnchorRecord> single, ReadAnchor(state_, id));
  if (single) return single;
  return ReadBatchAnchor(state_, id);
}

core::Result<std::vector<Proposal>> ChainQueries::Proposals(uint64_t first, uint64_t limit) const {
  ASSIGN_OR_RETURN(uint64_t last, LastProposalId(state_));
  std::vector<Proposal> out;
  for (uint64_t id = std::max<uint64_t>(first, 1); id <= last && out.size() < limit; ++id) {
    ASSIGN_OR_RETURN(std::optional<Proposal> p, ReadProposal(state_, id));
    if (p) out.push_back(std::move(*p));
  }
  return out;
}

core::Result<StatusEntryProof> ProveStatusEntry(const ledger::StateTree& tree, uint64_t version,
                                                std::string_view department, uint32_t list_number,
                                                uint32_t index) {
  StatusEntryProof out;
  out.state_key = StatusEntryStateKey(tree.suite(), department, list_number, index);
  ASSIGN_OR_RETURN(ledger::ProvenValue proven, tree.GetWithProof(out.state_key, version));
  auto bits = StatusBitsOf(proven.value, index);
  if (!bits.ok()) return core::Status::DataLoss("corrupt status chunk: " + bits.status().message());
  out.value = std::move(proven.value);
  out.proof = std::move(proven.proof);
  out.bits = *bits;
  return out;
}

core::Result<StatusBits> VerifyStatusEntry(crypto::HashSuite suite, const core::Bytes32& state_root,
                                           std::string_view department, uint32_t list_number,
                                           uint32_t index, const StatusEntryProof& proof) {
  const core::Bytes32 key = StatusEntryStateKey(suite, department, list_number, index);
  std::optional<core::ByteView> value;
  if (proof.value) value = core::ByteView(*proof.value);
  RETURN_IF_ERROR(ledger::VerifySmtProof(suite, state_root, key, value, proof.proof));
  return StatusBitsOf(proof.value, index);
}

}  // namespace credchain::contracts
