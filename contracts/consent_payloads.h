// Payloads of the consent transactions (DESIGN.md §2.6, §6 "consent"): consent.grant,
// consent.revoke and access.receipts. Each starts with a u16 format version (1); byte layouts
// in docs/formats/state-layout.md (credit domain).
// Thread safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "contracts/civil_date.h"
#include "contracts/domain_codec.h"
#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxConsentCredentials = 64;
inline constexpr uint32_t kMaxReceiptsPerTx = 256;

// What a read touched; also what a consent's scope lists.
enum class DataKind : uint8_t {
  kLicenceRecord = 0,
  kPenaltyRecord = 1,
  kListEntry = 2,
  kCommitment = 3,
  kCreditReport = 4,
  kCredential = 5,  // a credential, named by its id
};
inline constexpr uint8_t kMaxDataKind = 5;
std::string_view DataKindName(DataKind kind);  // "licence_record", ...
bool ParseDataKind(std::string_view name, DataKind* out);

// Who is granted, and who read: a department (any of its account keys) or a key (a bank).
struct Party {
  enum class Kind : uint8_t { kDepartment = 0, kKey = 1 } kind = Kind::kDepartment;
  std::string department;  // kDepartment
  crypto::PublicKey key;   // kKey

  static Party Department(std::string id);
  static Party Key(const crypto::PublicKey& key);
  std::string Describe() const;  // "department:<id>" | "key:<hex>"
  void EncodeTo(core::Writer& w) const;
  static core::Result<Party> DecodeFrom(core::Reader& r);
  friend bool operator==(const Party&, const Party&) = default;
};

struct ConsentScope {
  std::vector<DataKind> kinds;                // sorted, unique; kCredential not allowed here
  std::vector<core::Bytes32> credential_ids;  // sorted, unique, <= 64
  bool Covers(DataKind kind, const core::Bytes32& what) const;
  friend bool operator==(const ConsentScope&, const ConsentScope&) = default;
};

struct ConsentGrantPayload {
  uint16_t version = 1;
  core::Bytes32 consent_id{};  // chosen by the holder (e.g. a hash of the consent text)
  SubjectRef subject;          // whose data; the sender must be a holder key of it
  Party grantee;
  ConsentScope scope;          // at least one kind or credential id
  CivilDay valid_through = 0;  // last day (Beijing) on which reads are covered

  void EncodeTo(core::Writer& w) const;
  static core::Result<ConsentGrantPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const ConsentGrantPayload&, const ConsentGrantPayload&) = default;
};

struct ConsentRevokePayload {
  uint16_t version = 1;
  core::Bytes32 consent_id{};

  void EncodeTo(core::Writer& w) const;
  static core::Result<ConsentRevokePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const ConsentRevokePayload&, const ConsentRevokePayload&) = default;
};

enum class AccessBasis : uint8_t { kConsent = 0, kLegalBasis = 1 };

// One read of non-public data. The reader is the tx sender (its department, or its key).
struct AccessEntry {
  SubjectRef subject;
  DataKind what_kind = DataKind::kPenaltyRecord;
  core::Bytes32 what_digest{};  // record digest, credential id, entry id, report digest, ...
  uint64_t read_at_ms = 0;      // Unix ms, not after the block timestamp
  AccessBasis basis = AccessBasis::kConsent;
  core::Bytes32 consent_id{};    // kConsent
  std::string legal_basis_code;  // kLegalBasis: [a-z0-9-_.:]{1,64}, e.g. "tax-collection-law:54"

  void EncodeTo(core::Writer& w) const;
  static core::Result<AccessEntry> DecodeFrom(core::Reader& r);
  friend bool operator==(const AccessEntry&, const AccessEntry&) = default;
};

struct AccessReceiptsPayload {
  uint16_t version = 1;
  std::vector<AccessEntry> entries;  // 1..256

  void EncodeTo(core::Writer& w) const;
  static core::Result<AccessReceiptsPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const AccessReceiptsPayload&, const AccessReceiptsPayload&) = default;
};

}  // namespace credchain::contracts
