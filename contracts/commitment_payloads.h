// Payloads of the credit commitment letter transactions (信用承诺书, DESIGN.md §6
// "commitments"): commitment.record, commitment.fulfil, commitment.breach. Each starts with a
// u16 format version (1); byte layouts in docs/formats/state-layout.md (credit domain).
//
// The committer signs the letter digest off chain with its Ed25519 key:
//   CommitmentSigningPreimage = "credchain/commitment/v1" ‖ u32-length-prefixed chain_id ‖ digest
// and the accepting department records the letter with that signature. The chain id in the
// preimage keeps a signature for one chain from being replayed on another.
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>

#include "contracts/civil_date.h"
#include "contracts/domain_codec.h"
#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::contracts {

inline constexpr std::string_view kCommitmentDomainTag = "credchain/commitment/v1";
inline constexpr uint32_t kMaxMatterBytes = 256;

enum class CommitmentType : uint8_t {
  kApprovalSubstitute = 0,  // 审批替代型 (告知承诺)
  kMissingMaterials = 1,    // 容缺受理型: supply missing materials by the deadline
  kCreditRepair = 2,        // 信用修复型: required to apply for credit repair
  kSelfDiscipline = 3,      // 行业自律型
  kVoluntary = 4,           // 主动型
};
std::string_view CommitmentTypeName(CommitmentType type);              // "missing_materials", ...
std::string_view CommitmentTypeChineseName(CommitmentType type);       // "容缺受理", ...
bool ParseCommitmentType(std::string_view name, CommitmentType* out);  // either name

core::Bytes CommitmentSigningPreimage(std::string_view chain_id, const core::Bytes32& digest);
crypto::Signature SignCommitmentLetter(const crypto::SecretKey& key, std::string_view chain_id,
                                       const core::Bytes32& digest);

struct CommitmentRecordPayload {
  uint16_t version = 1;
  core::Bytes32 letter_digest{};  // commitment id: suite hash of the signed letter document
  CommitmentType type = CommitmentType::kVoluntary;
  std::string matter;  // 承诺事项: a reference (application number), never personal data
  SubjectRef subject;  // the committer
  // Required for 审批替代 and 容缺受理: the last day to fulfil (inclusive).
  std::optional<CivilDay> deadline;
  // Required for 信用修复: the record whose repair the letter supports.
  std::optional<core::Bytes32> related_record;
  std::string accepting_authority;  // department id (受诺单位); must be the sender's department
  crypto::PublicKey committer_key;
  crypto::Signature committer_signature;  // over CommitmentSigningPreimage

  void EncodeTo(core::Writer& w) const;
  static core::Result<CommitmentRecordPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const CommitmentRecordPayload&, const CommitmentRecordPayload&) = default;
};

// commitment.fulfil (evidence optional) and commitment.breach (evidence required).
struct CommitmentResolvePayload {
  uint16_t version = 1;
  core::Bytes32 letter_digest{};
  std::optional<core::Bytes32> evidence_digest;

  void EncodeTo(core::Writer& w) const;
  static core::Result<CommitmentResolvePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const CommitmentResolvePayload&,
                         const CommitmentResolvePayload&) = default;
};

struct CommitmentFulfilPayload : CommitmentResolvePayload {
  static core::Result<CommitmentFulfilPayload> DecodeFrom(core::Reader& r);
};
struct CommitmentBreachPayload : CommitmentResolvePayload {
  // Rejected(kMissingField) without evidence.
  static core::Result<CommitmentBreachPayload> DecodeFrom(core::Reader& r);
};

}  // namespace credchain::contracts
