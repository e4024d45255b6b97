// Transaction builders for every contract (governance, schemas, credentials, credit domain), for
// the CLI, the demo and tests: BuildDomainTx(envelope, payload) returns the unsigned ledger::Tx
// whose kind matches the payload type, with the payload in canonical form; sign it with
// ledger::SignTx. Thread safety: pure functions.
#pragma once

#include <string>

#include "contracts/commitment_payloads.h"
#include "contracts/consent_payloads.h"
#include "contracts/credential_payloads.h"
#include "contracts/governance_payloads.h"
#include "contracts/list_payloads.h"
#include "contracts/record_payloads.h"
#include "contracts/repair.h"
#include "contracts/schemas.h"
#include "core/codec.h"
#include "ledger/tx.h"

namespace credchain::contracts {

struct TxEnvelope {
  std::string chain_id;
  crypto::PublicKey sender;
  uint64_t sequence = 0;           // last sequence of the sender + 1
  uint64_t expires_at_height = 0;  // last height at which the tx may be included
};

// The transaction kind of each payload type.
template <typename P>
struct DomainTxKind;
#define CREDCHAIN_DOMAIN_TX_KIND(P, K)                         \
  template <>                                                  \
  struct DomainTxKind<P> {                                     \
    static constexpr ledger::TxKind kKind = ledger::TxKind::K; \
  }
CREDCHAIN_DOMAIN_TX_KIND(GovernanceProposePayload, kGovernancePropose);
CREDCHAIN_DOMAIN_TX_KIND(GovernanceVotePayload, kGovernanceVote);
CREDCHAIN_DOMAIN_TX_KIND(SchemaRegisterPayload, kSchemaRegister);
CREDCHAIN_DOMAIN_TX_KIND(SchemaDeprecatePayload, kSchemaDeprecate);
CREDCHAIN_DOMAIN_TX_KIND(CredentialAnchorPayload, kCredentialAnchor);
CREDCHAIN_DOMAIN_TX_KIND(CredentialAnchorBatchPayload, kCredentialAnchorBatch);
CREDCHAIN_DOMAIN_TX_KIND(StatusListCreatePayload, kStatusListCreate);
CREDCHAIN_DOMAIN_TX_KIND(StatusSetPayload, kStatusSet);
CREDCHAIN_DOMAIN_TX_KIND(IssuerKeyRotatePayload, kIssuerKeyRotate);
CREDCHAIN_DOMAIN_TX_KIND(EvidenceAnchorPayload, kEvidenceAnchor);
CREDCHAIN_DOMAIN_TX_KIND(RecordPublishPayload, kRecordPublish);
CREDCHAIN_DOMAIN_TX_KIND(RecordCorrectPayload, kRecordCorrect);
CREDCHAIN_DOMAIN_TX_KIND(RecordWithdrawPayload, kRecordWithdraw);
CREDCHAIN_DOMAIN_TX_KIND(CommitmentRecordPayload, kCommitmentRecord);
CREDCHAIN_DOMAIN_TX_KIND(CommitmentFulfilPayload, kCommitmentFulfil);
CREDCHAIN_DOMAIN_TX_KIND(CommitmentBreachPayload, kCommitmentBreach);
CREDCHAIN_DOMAIN_TX_KIND(ListIncludePayload, kListInclude);
CREDCHAIN_DOMAIN_TX_KIND(ListRemovePayload, kListRemove);
CREDCHAIN_DOMAIN_TX_KIND(ListObjectPayload, kListObject);
CREDCHAIN_DOMAIN_TX_KIND(ListObjectAnswerPayload, kListObjectAnswer);
CREDCHAIN_DOMAIN_TX_KIND(RepairApplyPayload, kRepairApply);
CREDCHAIN_DOMAIN_TX_KIND(RepairDecidePayload, kRepairDecide);
CREDCHAIN_DOMAIN_TX_KIND(ConsentGrantPayload, kConsentGrant);
CREDCHAIN_DOMAIN_TX_KIND(ConsentRevokePayload, kConsentRevoke);
CREDCHAIN_DOMAIN_TX_KIND(AccessReceiptsPayload, kAccessReceipts);
#undef CREDCHAIN_DOMAIN_TX_KIND

template <typename P>
ledger::Tx BuildDomainTx(const TxEnvelope& envelope, const P& payload) {
  ledger::Tx tx;
  tx.chain_id = envelope.chain_id;
  tx.sender = envelope.sender;
  tx.sequence = envelope.sequence;
  tx.expires_at_height = envelope.expires_at_height;
  tx.kind = DomainTxKind<P>::kKind;
  tx.payload = core::EncodeToBytes(payload);
  return tx;
}

}  // namespace credchain::contracts
