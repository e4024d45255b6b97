// Flags -> payloads for the governance, schema and credential transactions
// (contracts/governance_payloads.h, contracts/schemas.h, contracts/credential_payloads.h), as
// pure functions tested without a node; conventions as cli/tx_payloads.h.
// Not covered yet: governance proposals set_parameters and set_rule_book (their payloads are
// whole parameter sets / rule books), and credential.anchor_batch from a list of JWTs (the
// batch root is given directly).
// Thread safety: pure functions (Build* read the files they are given).
#pragma once

#include <string>
#include <vector>

#include "cli/tx_args.h"
#include "cli/tx_submit.h"
#include "contracts/credential_payloads.h"
#include "contracts/governance_payloads.h"
#include "contracts/schemas.h"
#include "core/result.h"

namespace credchain::cli {

struct GovernanceProposeOptions {
  // add_department | remove_department | set_validator_key | grant | revoke | observer-add |
  // observer-remove
  std::string action;
  std::string department;  // every action but observer-add / observer-remove
  std::string name;
  std::string validator_key;              // hex; set_validator_key without it stops validating
  std::vector<std::string> account_keys;  // hex, add_department
  bool force = false;
  std::string schema_id;     // grant | revoke
  std::string observer_key;  // hex, observer-add | observer-remove: the node's P2P key
  std::string owner_name;    // observer-add: who runs the node, e.g. a bank's name
  std::string owner_code;    // observer-add: a code for the owner, e.g. icbc-chengdu
};
struct GovernanceVoteOptions {
  uint64_t proposal = 0;
  std::string vote;  // yes | no
};
struct SchemaRegisterOptions {
  std::string schema_file;  // schema JSON (ADR 0004)
};
struct SchemaDeprecateOptions {
  std::string schema_id;
  uint32_t schema_version = 1;
};
struct AnchorTermsOptions {
  std::string schema_id;
  uint32_t schema_version = 1;
  std::string key_id;
  std::string valid_until;  // YYYY-MM-DD (end of that day, Beijing) or empty for no expiry
};
struct CredentialAnchorOptions {
  // --credential-id HEX or --jwt FILE (the issuer-signed JWT without disclosures)
  DigestArg credential = DigestArg::Named("credential-id", "jwt");
  AnchorTermsOptions terms;
};
struct CredentialAnchorBatchOptions {
  std::string batch_root;
  uint32_t count = 0;
  AnchorTermsOptions terms;
};
struct StatusListCreateOptions {
  uint32_t list_number = 0;
  uint32_t size = contracts::kStatusChunkEntries;
  std::vector<std::string> purposes;  // revocation, suspension (default both)
};
struct StatusSetOptions {
  std::string department;
  uint32_t list_number = 0;
  std::string op;  // revoke | suspend | reinstate
  std::vector<uint32_t> indices;
};
struct IssuerKeyRotateOptions {
  std::string key_id;
  std::string public_key;  // hex
  std::string retire_key_id;
};
struct EvidenceAnchorOptions {
  DigestArg document = DigestArg::Named("digest", "document");
  std::string document_type;
};

core::Result<contracts::GovernanceProposePayload> BuildGovernancePropose(
    const GovernanceProposeOptions& o);
core::Result<contracts::GovernanceVotePayload> BuildGovernanceVote(const GovernanceVoteOptions& o);
core::Result<contracts::SchemaRegisterPayload> BuildSchemaRegister(const SchemaRegisterOptions& o);
core::Result<contracts::SchemaDeprecatePayload> BuildSchemaDeprecate(
    const SchemaDeprecateOptions& o);
core::Result<contracts::CredentialAnchorPayload> BuildCredentialAnchor(
    const CredentialAnchorOptions& o, crypto::HashSuite suite);
core::Result<contracts::CredentialAnchorBatchPayload> BuildCredentialAnchorBatch(
    const CredentialAnchorBatchOptions& o);
core::Result<contracts::StatusListCreatePayload> BuildStatusListCreate(
    const StatusListCreateOptions& o);
core::Result<contracts::StatusSetPayload> BuildStatusSet(const StatusSetOptions& o);
core::Result<contracts::IssuerKeyRotatePayload> BuildIssuerKeyRotate(
    const IssuerKeyRotateOptions& o);
core::Result<contracts::EvidenceAnchorPayload> BuildEvidenceAnchor(const EvidenceAnchorOptions& o,
                                                                   crypto::HashSuite suite);

// governance.propose and governance.vote receipts: the proposal's id and status (u64 id, u8
// status, contracts/governance.h) as "proposal_id" and "proposal_status" ("open", "passed",
// "rejected", "failed"). Rejected(kMalformed) for anything else, including an empty result.
core::Result<std::vector<ResultField>> ReadProposalResult(const core::Bytes& result);

}  // namespace credchain::cli
