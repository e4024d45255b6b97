#include "cli/tx_chain_payloads.h"

#include <algorithm>

#include "core/private_file.h"
#include "ledger/schema_json.h"

namespace credchain::cli {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kBeijingOffsetMs = 8 * 3'600'000;

core::Result<std::vector<crypto::PublicKey>> ParseKeyList(std::string_view flag,
                                                          const std::vector<std::string>& texts) {
  std::vector<crypto::PublicKey> keys;
  for (const std::string& text : texts) {
    ASSIGN_OR_RETURN(crypto::PublicKey key, ParsePublicKeyArg(flag, text));
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end(), [](const crypto::PublicKey& a, const crypto::PublicKey& b) {
    return a.bytes < b.bytes;
  });
  return keys;
}

core::Result<contracts::AnchorTerms> BuildTerms(const AnchorTermsOptions& o) {
  contracts::AnchorTerms t;
  ASSIGN_OR_RETURN(t.schema_id, ParseCodeArg("schema", o.schema_id));
  t.schema_version = o.schema_version;
  ASSIGN_OR_RETURN(t.key_id, ParseCodeArg("key-id", o.key_id));
  ASSIGN_OR_RETURN(std::optional<contracts::CivilDay> until,
                   ParseOptionalDateArg("valid-until", o.valid_until));
  // The end of that day in Beijing: the first instant of the next day there.
  if (until) t.valid_until_ms = static_cast<uint64_t>((*until + 1) * kDayMs - kBeijingOffsetMs);
  return t;
}

// observer-add / observer-remove (a.kind already set): the node key, and the owner for add.
core::Result<contracts::GovernanceProposePayload> BuildObserverAction(
    const GovernanceProposeOptions& o, contracts::GovernanceProposePayload p) {
  contracts::ProposalAction& a = p.action;
  ASSIGN_OR_RETURN(a.observer_key, ParsePublicKeyArg("observer-key", o.observer_key));
  if (a.kind == contracts::ProposalKind::kAddObserver) {
    ASSIGN_OR_RETURN(a.observer_owner.name, ParseTextArg("owner-name", o.owner_name,
                                                         contracts::kMaxObserverOwnerNameBytes));
    ASSIGN_OR_RETURN(a.observer_owner.code, ParseCodeArg("owner-code", o.owner_code));
  }
  return p;
}

}  // namespace

core::Result<contracts::GovernanceProposePayload> BuildGovernancePropose(
    const GovernanceProposeOptions& o) {
  using contracts::ProposalKind;
  contracts::GovernanceProposePayload p;
  contracts::ProposalAction& a = p.action;
  ASSIGN_OR_RETURN(
      a.kind, ParseChoice<ProposalKind>("action", o.action,
                                        {{"add_department", ProposalKind::kAddDepartment},
                                         {"remove_department", ProposalKind::kRemoveDepartment},
                                         {"set_validator_key", ProposalKind::kSetValidatorKey},
                                         {"grant", ProposalKind::kGrantAuthorization},
                                         {"revoke", ProposalKind::kRevokeAuthorization},
                                         {"observer-add", ProposalKind::kAddObserver},
                                         {"observer-remove", ProposalKind::kRemoveObserver}}));
  if (a.kind == ProposalKind::kAddObserver || a.kind == ProposalKind::kRemoveObserver) {
    return BuildObserverAction(o, p);
  }
  ASSIGN_OR_RETURN(a.department_id, ParseCodeArg("department", o.department));
  if (!o.validator_key.empty()) {
    ASSIGN_OR_RETURN(a.validator_key, ParsePublicKeyArg("validator-key", o.validator_key));
  }
  if (a.kind == ProposalKind::kAddDepartment) {
    ASSIGN_OR_RETURN(a.name, ParseTextArg("name", o.name, contracts::kMaxDomainTextBytes));
    if (o.account_keys.empty()) return FlagError("account-key", "give at least one");
    ASSIGN_OR_RETURN(a.account_keys, ParseKeyList("account-key", o.account_keys));
  }
  if (a.kind == ProposalKind::kRemoveDepartment) a.force = o.force;
  if (a.kind == ProposalKind::kGrantAuthorization || a.kind == ProposalKind::kRevokeAuthorization) {
    ASSIGN_OR_RETURN(a.schema_id, ParseCodeArg("schema", o.schema_id));
  }
  return p;
}

core::Result<contracts::GovernanceVotePayload> BuildGovernanceVote(const GovernanceVoteOptions& o) {
  contracts::GovernanceVotePayload p;
  if (o.proposal == 0) return FlagError("proposal", "expected the proposal id (>= 1)");
  p.proposal_id = o.proposal;
  ASSIGN_OR_RETURN(p.approve, ParseChoice<bool>("vote", o.vote, {{"yes", true}, {"no", false}}));
  return p;
}

core::Result<contracts::SchemaRegisterPayload> BuildSchemaRegister(const SchemaRegisterOptions& o) {
  core::Result<std::string> text = core::ReadFileLimited(o.schema_file, 1u << 20);
  if (!text.ok()) return text.status().WithContext("--schema-file");
  core::Result<ledger::Schema> schema = ledger::SchemaFromJson(*text);
  if (!schema.ok()) return schema.status().WithContext("--schema-file");
  contracts::SchemaRegisterPayload p;
  p.schema = std::move(schema).value();
  return p;
}

core::Result<contracts::SchemaDeprecatePayload> BuildSchemaDeprecate(
    const SchemaDeprecateOptions& o) {
  contracts::SchemaDeprecatePayload p;
  ASSIGN_OR_RETURN(p.schema_id, ParseCodeArg("schema", o.schema_id));
  p.schema_version = o.schema_version;
  return p;
}

core::Result<contracts::CredentialAnchorPayload> BuildCredentialAnchor(
    const CredentialAnchorOptions& o, crypto::HashSuite suite) {
  contracts::CredentialAnchorPayload p;
  ASSIGN_OR_RETURN(p.credential_id, ResolveDigest(o.credential, suite));
  ASSIGN_OR_RETURN(p.terms, BuildTerms(o.terms));
  return p;
}

core::Result<contracts::CredentialAnchorBatchPayload> BuildCredentialAnchorBatch(
    const CredentialAnchorBatchOptions& o) {
  contracts::CredentialAnchorBatchPayload p;
  ASSIGN_OR_RETURN(p.batch_root, ParseDigestHex("batch-root", o.batch_root));
  if (o.count == 0 || o.count > contracts::kMaxBatchAnchorCount) {
    return FlagError("count", "expected 1..1000000 credentials");
  }
  p.count = o.count;
  ASSIGN_OR_RETURN(p.terms, BuildTerms(o.terms));
  return p;
}

core::Result<contracts::StatusListCreatePayload> BuildStatusListCreate(
    const StatusListCreateOptions& o) {
  contracts::StatusListCreatePayload p;
  p.list_number = o.list_number;
  if (o.size == 0 || o.size % contracts::kStatusChunkEntries != 0) {
    return FlagError("size", "expected a multiple of 4096 entries");
  }
  p.size = o.size;
  if (!o.purposes.empty()) p.purposes = 0;
  for (const std::string& text : o.purposes) {
    ASSIGN_OR_RETURN(uint8_t bit,
                     ParseChoice<uint8_t>("purpose", text,
                                          {{"revocation", contracts::kPurposeRevocation},
                                           {"suspension", contracts::kPurposeSuspension}}));
    p.purposes |= bit;
  }
  return p;
}

core::Result<contracts::StatusSetPayload> BuildStatusSet(const StatusSetOptions& o) {
  using contracts::StatusOp;
  contracts::StatusSetPayload p;
  ASSIGN_OR_RETURN(p.department, ParseCodeArg("department", o.department));
  p.list_number = o.list_number;
  ASSIGN_OR_RETURN(p.op, ParseChoice<StatusOp>("op", o.op,
                                               {{"revoke", StatusOp::kRevoke},
                                                {"suspend", StatusOp::kSuspend},
                                                {"reinstate", StatusOp::kReinstate}}));
  if (o.indices.empty() || o.indices.size() > contracts::kMaxStatusIndicesPerTx) {
    return FlagError("index", "give 1..4096 indices");
  }
  p.indices = o.indices;
  std::sort(p.indices.begin(), p.indices.end());
  if (std::adjacent_find(p.indices.begin(), p.indices.end()) != p.indices.end()) {
    return FlagError("index", "the same index is given twice");
  }
  return p;
}

core::Result<contracts::IssuerKeyRotatePayload> BuildIssuerKeyRotate(
    const IssuerKeyRotateOptions& o) {
  contracts::IssuerKeyRotatePayload p;
  ASSIGN_OR_RETURN(p.key_id, ParseCodeArg("key-id", o.key_id));
  ASSIGN_OR_RETURN(p.key, ParsePublicKeyArg("public-key", o.public_key));
  if (!o.retire_key_id.empty()) {
    ASSIGN_OR_RETURN(p.retire_key_id, ParseCodeArg("retire", o.retire_key_id));
    if (*p.retire_key_id == p.key_id) return FlagError("retire", "cannot retire the new key");
  }
  return p;
}

core::Result<contracts::EvidenceAnchorPayload> BuildEvidenceAnchor(const EvidenceAnchorOptions& o,
                                                                   crypto::HashSuite suite) {
  contracts::EvidenceAnchorPayload p;
  ASSIGN_OR_RETURN(p.document_digest, ResolveDigest(o.document, suite));
  ASSIGN_OR_RETURN(p.document_type, ParseCodeArg("document-type", o.document_type));
  return p;
}

core::Result<std::vector<ResultField>> ReadProposalResult(const core::Bytes& result) {
  core::Reader r(result);
  core::Result<uint64_t> id = r.ReadU64();
  core::Result<uint8_t> status = id.ok() ? r.ReadU8() : core::Result<uint8_t>(id.status());
  if (!status.ok() || !r.ExpectEnd().ok() ||
      *status > static_cast<uint8_t>(contracts::ProposalStatus::kFailed)) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "expected the proposal id and status, got " +
                                      std::to_string(result.size()) +
                                      " bytes (a node that does not report receipt results?)");
  }
  const auto proposal_status = static_cast<contracts::ProposalStatus>(*status);
  return std::vector<ResultField>{
      {"proposal_id", *id},
      {"proposal_status", std::string(contracts::ProposalStatusName(proposal_status))}};
}

}  // namespace credchain::cli
