// Credential state: anchors, batch anchors, status lists (bit chunks), issuer key histories and
// evidence anchors, with their canonical encodings and accessors.
//
// Layout (docs/formats/state-layout.md, "Credentials"):
//   cred.anchor    credential id                -> AnchorRecord (batch_size 0)
//   cred.batch     batch root                   -> AnchorRecord (batch_size = count)
//   cred.slist     Str(dept) U32(list)          -> StatusListRecord
//   cred.schunk    Str(dept) U32(list) U32(c)   -> StatusChunk: entries 4096·c .. 4096·c+4095
//   cred.ikey      Str(dept)                    -> IssuerKeyHistory
//   cred.evidence  document digest              -> EvidenceRecord
// A status chunk is u16 1 ‖ 1024 bytes; entry i uses bits 2·(i mod 4) (revoked) and
// 2·(i mod 4)+1 (suspended) of byte (i mod 4096) / 4. An absent chunk means all bits clear, so
// an offline verifier checks an entry with one sparse-Merkle proof (inclusion or exclusion) of
// StatusChunkKey and StatusBitsOf on the proven value.
// Thread safety: functions over the caller's state; plain values; pure key functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/contract_state.h"
#include "contracts/credential_payloads.h"
#include "core/result.h"
#include "crypto/hash.h"

namespace credchain::contracts {

inline constexpr uint32_t kStatusChunkBytes = kStatusChunkEntries / 4;
inline constexpr uint32_t kMaxIssuerKeys = 256;

struct AnchorRecord {
  uint16_t version = 1;
  std::string department;  // the issuer
  AnchorTerms terms;
  uint32_t batch_size = 0;  // 0 for a single credential
  uint64_t height = 0;      // issuance height: keys and authorisation are judged at it
  uint64_t timestamp_ms = 0;

  void EncodeTo(core::Writer& w) const;
  static core::Result<AnchorRecord> DecodeFrom(core::Reader& r);
  friend bool operator==(const AnchorRecord&, const AnchorRecord&) = default;
};

struct StatusListRecord {
  uint16_t version = 1;
  std::string department;
  uint32_t list_number = 0;
  uint8_t purposes = 0;  // StatusPurpose mask
  uint32_t size = 0;     // entries
  uint64_t created_height = 0;

  void EncodeTo(core::Writer& w) const;
  static core::Result<StatusListRecord> DecodeFrom(core::Reader& r);
  friend bool operator==(const StatusListRecord&, const StatusListRecord&) = default;
};

struct IssuerKey {
  std::string key_id;
  crypto::PublicKey key;
  uint64_t from_height = 0;
  uint64_t until_height = UINT64_MAX;  // inclusive; UINT64_MAX while active
  bool active() const { return until_height == UINT64_MAX; }
  friend bool operator==(const IssuerKey&, const IssuerKey&) = default;
};

struct IssuerKeyHistory {
  uint16_t version = 1;
  std::vector<IssuerKey> keys;  // in the order added; key ids unique

  const IssuerKey* Find(std::string_view key_id) const;
  // The key `key_id` if it was valid at `height` (from <= height <= until).
  const IssuerKey* ValidAt(std::string_view key_id, uint64_t height) const;
  void EncodeTo(core::Writer& w) const;
  static core::Result<IssuerKeyHistory> DecodeFrom(core::Reader& r);
  friend bool operator==(const IssuerKeyHistory&, const IssuerKeyHistory&) = default;
};

struct EvidenceRecord {
  uint16_t version = 1;
  std::string department;
  std::string document_type;
  uint64_t height = 0;
  uint64_t timestamp_ms = 0;

  void EncodeTo(core::Writer& w) const;
  static core::Result<EvidenceRecord> DecodeFrom(core::Reader& r);
  friend bool operator==(const EvidenceRecord&, const EvidenceRecord&) = default;
};

struct StatusBits {
  bool revoked = false;
  bool suspended = false;
  friend bool operator==(const StatusBits&, const StatusBits&) = default;
};

// --- keys (pure; for proof builders and offline verifiers) ---------------------------------

core::Bytes StatusListKey(std::string_view department, uint32_t list_number);
core::Bytes StatusChunkKey(std::string_view department, uint32_t list_number, uint32_t index);
// The 256-bit state key holding entry `index` of the list.
core::Bytes32 StatusEntryStateKey(crypto::HashSuite suite, std::string_view department,
                                  uint32_t list_number, uint32_t index);
// The bits of entry `index` from its chunk's state value (nullopt = absent = all clear).
// Rejected(kMalformed) for a value that is not a status chunk.
core::Result<StatusBits> StatusBitsOf(const std::optional<core::Bytes>& chunk_value,
                                      uint32_t index);

// The 1024 bytes of a status chunk from its state value (absent = all zero), in the entry layout
// above. Rejected(kMalformed) for a value that is not a status chunk.
core::Result<core::Bytes> StatusChunkBody(const std::optional<core::Bytes>& chunk_value);

// Status list URIs as put in credentials (status.status_list.uri):
//   "credchain://<chain_id>/status-lists/<department>/<list_number>"
std::string StatusListUri(std::string_view chain_id, std::string_view department,
                          uint32_t list_number);
struct StatusListRef {
  std::string chain_id;
  std::string department;
  uint32_t list_number = 0;
};
// Rejected(kInvalidField, "status list uri: ...") for anything else.
core::Result<StatusListRef> ParseStatusListUri(std::string_view uri);

// --- accessors -----------------------------------------------------------------------------

core::Result<std::optional<AnchorRecord>> ReadAnchor(const ContractState& s,
                                                     const core::Bytes32& credential_id);
core::Result<std::optional<AnchorRecord>> ReadBatchAnchor(const ContractState& s,
                                                          const core::Bytes32& batch_root);
core::Result<std::optional<StatusListRecord>> ReadStatusList(const ContractState& s,
                                                             std::string_view department,
                                                             uint32_t list_number);
core::Result<StatusBits> ReadStatusBits(const ContractState& s, std::string_view department,
                                        uint32_t list_number, uint32_t index);
core::Result<IssuerKeyHistory> ReadIssuerKeys(const ContractState& s, std::string_view department);
core::Result<std::optional<EvidenceRecord>> ReadEvidence(const ContractState& s,
                                                         const core::Bytes32& digest);

// Applies `op` to `indices` (ascending, all < list.size), chunk by chunk. Rejected(kRevoked)
// when reinstating a revoked entry; kInvalidField for a purpose the list does not serve.
core::Status ApplyStatusOp(ContractState& s, const StatusListRecord& list, StatusOp op,
                           const std::vector<uint32_t>& indices);

}  // namespace credchain::contracts
