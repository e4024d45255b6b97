// Payloads of the 双公示 record transactions (DESIGN.md §6 "records"): record.publish,
// record.correct (纠错) and record.withdraw. Each starts with a u16 format version (1); byte
// layouts in docs/formats/state-layout.md (credit domain). DecodeFrom enforces every stateless
// rule: a licence has no severity tier, a penalty has one, sector opt-in only for penalties.
// Thread safety: plain values.
#pragma once

#include <string>

#include "contracts/civil_date.h"
#include "contracts/domain_codec.h"
#include "contracts/rule_table.h"
#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"

namespace credchain::contracts {

enum class RecordKind : uint8_t { kLicence = 0, kPenalty = 1 };
std::string_view RecordKindName(RecordKind kind);  // "licence" | "penalty"

// What a record is, as published. The record content (names, facts, amounts) stays with the
// department; the chain holds its digest and what the publication rules need.
struct RecordFields {
  core::Bytes32 digest{};  // record id: suite hash of the record document the department keeps
  std::string schema_id;   // e.g. "administrative-penalty"; the department must be authorised
  uint32_t schema_version = 1;
  SubjectRef subject;
  RecordKind kind = RecordKind::kPenalty;
  CivilDay decision_date = 0;
  SeverityTier tier = SeverityTier::kGeneral;  // kNone iff kind == kLicence
  PublicationChoice publication = PublicationChoice::kByRule;
  std::string rule_version;  // id of the rule table in force at decision_date

  void EncodeTo(core::Writer& w) const;
  static core::Result<RecordFields> DecodeFrom(core::Reader& r);
  friend bool operator==(const RecordFields&, const RecordFields&) = default;
};

struct RecordPublishPayload {
  uint16_t version = 1;
  RecordFields record;

  void EncodeTo(core::Writer& w) const;
  static core::Result<RecordPublishPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const RecordPublishPayload&, const RecordPublishPayload&) = default;
};

// 纠错: `record` replaces the published record `superseded` (same department).
struct RecordCorrectPayload {
  uint16_t version = 1;
  core::Bytes32 superseded{};
  RecordFields record;

  void EncodeTo(core::Writer& w) const;
  static core::Result<RecordCorrectPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const RecordCorrectPayload&, const RecordCorrectPayload&) = default;
};

enum class WithdrawReason : uint8_t {
  kAnnulledOnReconsideration = 0,  // 行政复议撤销
  kAnnulledByCourt = 1,            // 行政诉讼撤销
  kPublishedInError = 2,           // 不应公示
  kOther = 3,
};
std::string_view WithdrawReasonName(WithdrawReason reason);

struct RecordWithdrawPayload {
  uint16_t version = 1;
  core::Bytes32 digest{};
  WithdrawReason reason = WithdrawReason::kOther;
  core::Bytes32 decision_digest{};  // the document that annuls or withdraws

  void EncodeTo(core::Writer& w) const;
  static core::Result<RecordWithdrawPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const RecordWithdrawPayload&, const RecordWithdrawPayload&) = default;
};

}  // namespace credchain::contracts
