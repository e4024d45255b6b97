// The consent contract and access receipts (DESIGN.md §2.6): consent.grant, consent.revoke,
// access.receipts, their state records and the "who read my data" query.
//
// Layout (docs/formats/state-layout.md, credit domain):
//   consent.grant       consent id                  -> Consent
//   consent.by_subject  SubjectRef::IndexKey()      -> IdLog of consent ids
//   access.receipt      receipt id                  -> AccessReceipt
//   access.by_subject   SubjectRef::IndexKey()      -> IdLog of receipt ids
// Receipt id = suite hash of (tx id ‖ u32 index in the batch).
//
// Rules:
// - grant: the sender is a holder key bound to the subject (by a recorded commitment letter;
//   kUnauthorized otherwise); a department grantee exists (kNotFound); valid_through is not
//   before the block date (kInvalidField); the consent id is new (kAlreadyExists).
// - revoke: the consent exists (kNotFound), the sender granted it (kUnauthorized: nobody revokes
//   another's consent) and it is active (kInvalidState).
// - access.receipts: each entry's read time is not after the block time (kInvalidField); under
//   a legal basis only a department may read (kConsentRequired); under a consent the consent
//   exists, was granted to the reader, covers the subject and what was read, and was granted
//   before the read (kConsentRequired), not expired on the read's Beijing date (kExpired) and
//   not revoked before the read (kRevoked). One bad entry rejects the whole batch; the detail
//   names its index.
// Thread safety: handlers run on the executing thread; plain-value records.
#pragma once

#include <optional>
#include <vector>

#include "contracts/consent_payloads.h"
#include "contracts/contract_state.h"
#include "contracts/tx_context.h"
#include "core/result.h"

namespace credchain::contracts {

enum class ConsentStatus : uint8_t { kActive = 0, kRevoked = 1 };

struct Consent {
  uint16_t version = 1;
  ConsentGrantPayload grant;
  crypto::PublicKey grantor;
  uint64_t granted_at_ms = 0;  // block timestamp of the grant
  uint64_t granted_height = 0;
  ConsentStatus status = ConsentStatus::kActive;
  uint64_t revoked_at_ms = 0;  // block timestamp of the revocation, when revoked

  void EncodeTo(core::Writer& w) const;
  static core::Result<Consent> DecodeFrom(core::Reader& r);
  friend bool operator==(const Consent&, const Consent&) = default;
};

struct AccessReceipt {
  uint16_t version = 1;
  AccessEntry entry;
  Party reader;
  core::Bytes32 tx_id{};
  uint64_t height = 0;
  uint32_t index = 0;

  void EncodeTo(core::Writer& w) const;
  static core::Result<AccessReceipt> DecodeFrom(core::Reader& r);
  friend bool operator==(const AccessReceipt&, const AccessReceipt&) = default;
};

core::Result<std::optional<Consent>> ReadConsent(const ContractState& state,
                                                 const core::Bytes32& consent_id);
core::Result<std::vector<Consent>> ConsentsOfSubject(const ContractState& state,
                                                     const SubjectRef& subject);
// Receipts about `subject`, oldest first, [offset, offset + limit).
core::Result<std::vector<AccessReceipt>> AccessReceiptsOfSubject(const ContractState& state,
                                                                 const SubjectRef& subject,
                                                                 uint64_t offset = 0,
                                                                 uint64_t limit = UINT64_MAX);
core::Result<uint64_t> AccessReceiptCount(const ContractState& state, const SubjectRef& subject);

core::Status ExecuteConsentGrant(TxContext& ctx);
core::Status ExecuteConsentRevoke(TxContext& ctx);
core::Status ExecuteAccessReceipts(TxContext& ctx);

}  // namespace credchain::contracts
