// Payloads of the credential transactions (DESIGN.md §6 "credentials" and "evidence"):
// credential.anchor, credential.anchor_batch, status_list.create, status.set, issuer_key.rotate,
// evidence.anchor. Each starts with a u16 format version (1); byte layouts in
// docs/formats/state-layout.md ("Credentials"). DecodeFrom enforces every stateless rule.
// Thread safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxBatchAnchorCount = 1'000'000;
inline constexpr uint32_t kMaxStatusIndicesPerTx = 4096;
inline constexpr uint32_t kStatusChunkEntries = 4096;  // 2 bits each: 1024 bytes per chunk

// What the issuer states about anchored credentials: the schema they follow, the issuer key that
// signed them, and how long they are valid.
struct AnchorTerms {
  std::string schema_id;  // Code
  uint32_t schema_version = 1;
  std::string key_id;           // Code: the issuer key (issuer_key.rotate) that signed
  uint64_t valid_until_ms = 0;  // Unix ms of `exp`; 0 = no expiry

  void EncodeTo(core::Writer& w) const;
  static core::Result<AnchorTerms> DecodeFrom(core::Reader& r);
  friend bool operator==(const AnchorTerms&, const AnchorTerms&) = default;
};

// One credential: its id is the suite hash of the issuer-signed JWT (no disclosures).
struct CredentialAnchorPayload {
  uint16_t version = 1;
  core::Bytes32 credential_id{};
  AnchorTerms terms;

  void EncodeTo(core::Writer& w) const;
  static core::Result<CredentialAnchorPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const CredentialAnchorPayload&, const CredentialAnchorPayload&) = default;
};

// Many credentials at once: the crypto/merkle.h root over their ids, and how many there are; the
// holder keeps the Merkle path of its credential.
struct CredentialAnchorBatchPayload {
  uint16_t version = 1;
  core::Bytes32 batch_root{};
  uint32_t count = 0;  // 1..kMaxBatchAnchorCount
  AnchorTerms terms;

  void EncodeTo(core::Writer& w) const;
  static core::Result<CredentialAnchorBatchPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const CredentialAnchorBatchPayload&,
                         const CredentialAnchorBatchPayload&) = default;
};

// Purposes a status list serves (bit mask): each entry has a revocation and a suspension bit.
enum StatusPurpose : uint8_t { kPurposeRevocation = 1, kPurposeSuspension = 2 };

struct StatusListCreatePayload {
  uint16_t version = 1;
  uint32_t list_number = 0;  // the department's own numbering; unique per department
  uint8_t purposes = kPurposeRevocation | kPurposeSuspension;  // 1..3
  uint32_t size = 0;  // entries: a multiple of 4096, <= parameters.max_status_list_bits

  void EncodeTo(core::Writer& w) const;
  static core::Result<StatusListCreatePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const StatusListCreatePayload&, const StatusListCreatePayload&) = default;
};

enum class StatusOp : uint8_t { kRevoke = 0, kSuspend = 1, kReinstate = 2 };
std::string_view StatusOpName(StatusOp op);  // "revoke" | "suspend" | "reinstate"

// One operation on many entries of one status list (batched bit updates); only the list's
// department may change it.
struct StatusSetPayload {
  uint16_t version = 1;
  std::string department;  // Code: the list's department (must be the sender's)
  uint32_t list_number = 0;
  StatusOp op = StatusOp::kRevoke;
  std::vector<uint32_t> indices;  // strictly ascending, 1..4096

  void EncodeTo(core::Writer& w) const;
  static core::Result<StatusSetPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const StatusSetPayload&, const StatusSetPayload&) = default;
};

// Adds issuer key `key_id` (valid from this height) and optionally retires another key of the
// same department (valid until this height, inclusive). Old keys stay in the history so
// credentials they signed keep verifying for their issuance height.
struct IssuerKeyRotatePayload {
  uint16_t version = 1;
  std::string key_id;  // Code, new and unique within the department's history
  crypto::PublicKey key;
  std::optional<std::string> retire_key_id;

  void EncodeTo(core::Writer& w) const;
  static core::Result<IssuerKeyRotatePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const IssuerKeyRotatePayload&, const IssuerKeyRotatePayload&) = default;
};

// A document digest (e.g. of an OFD/PDF 电子证照 or 信用报告) by a department authorised for the
// document type (a schema id).
struct EvidenceAnchorPayload {
  uint16_t version = 1;
  core::Bytes32 document_digest{};
  std::string document_type;  // Code: schema id the department is authorised for

  void EncodeTo(core::Writer& w) const;
  static core::Result<EvidenceAnchorPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const EvidenceAnchorPayload&, const EvidenceAnchorPayload&) = default;
};

}  // namespace credchain::contracts
