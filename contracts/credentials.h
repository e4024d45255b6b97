// The credential contracts: credential.anchor, credential.anchor_batch, status_list.create,
// status.set, issuer_key.rotate and evidence.anchor (DESIGN.md §6).
//
// Rules (every rejection leaves state unchanged; the executor drops the handler's writes):
// - The sender acts for a department (kUnknownSigner otherwise).
// - anchor / anchor_batch: the schema version is registered, usable and of record class
//   credential (kNotFound / kDeprecated / kInvalidField); the department holds an open
//   authorisation for the schema id (kUnauthorized); terms.key_id is an active key of the
//   department's issuer key history (kNotFound, kInvalidState if retired); valid_until_ms is 0
//   or after the block time (kExpired); the id / root is new (kAlreadyExists). The anchor
//   records the height: verifiers judge the key and the authorisation at it.
// - status_list.create: size <= parameters.max_status_list_bits (kTooLarge); the
//   (department, list number) is new (kAlreadyExists). Result: the list's URI (string).
// - status.set: the list exists (kNotFound) and belongs to the sender's department
//   (kUnauthorized); every index < size (kInvalidField); the op's purpose is served by the list
//   (kInvalidField); reinstating a revoked entry is refused (kRevoked: revocation is final).
//   Revoke and suspend are idempotent. Governance may change any list through a passed
//   set_status proposal (contracts/governance_actions.h).
// - issuer_key.rotate: key id and key new in the history (kAlreadyExists / kDuplicate); at most
//   256 keys (kTooLarge); a retired key must exist (kNotFound) and be active (kInvalidState).
// - evidence.anchor: the department is authorised for document_type (kUnauthorized); the
//   digest is new (kAlreadyExists).
// Thread safety: handlers run on the executing thread.
#pragma once

#include "contracts/tx_context.h"
#include "core/status.h"

namespace credchain::contracts {

core::Status ExecuteCredentialAnchor(TxContext& ctx);
core::Status ExecuteCredentialAnchorBatch(TxContext& ctx);
core::Status ExecuteStatusListCreate(TxContext& ctx);
core::Status ExecuteStatusSet(TxContext& ctx);
core::Status ExecuteIssuerKeyRotate(TxContext& ctx);
core::Status ExecuteEvidenceAnchor(TxContext& ctx);

}  // namespace credchain::contracts
