// Payloads of the severe-dishonesty list transactions (严重失信主体名单, DESIGN.md §6 "lists"):
// list.include, list.remove, list.object (异议) and list.object_answer. Each starts with a u16
// format version (1); byte layouts in docs/formats/state-layout.md (credit domain).
// Thread safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "contracts/civil_date.h"
#include "contracts/domain_codec.h"
#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxUnderlyingRecords = 32;

struct ListIncludePayload {
  uint16_t version = 1;
  core::Bytes32 decision_digest{};  // the inclusion decision document; also the entry id
  std::string list_code;            // a list of the rule table in force at inclusion_date
  std::string schema_id;            // the list-entry schema the department is authorised for
  uint32_t schema_version = 1;
  SubjectRef subject;
  std::string legal_basis;  // 列入依据 (required, <= 512 bytes)
  std::string remedy;       // 权利救济的期限和途径 (required, <= 512 bytes)
  CivilDay inclusion_date = 0;
  CivilDay planned_removal_date = 0;  // first day off the list; must match the list rule
  std::vector<core::Bytes32> underlying_records;  // penalty record digests, sorted, unique

  void EncodeTo(core::Writer& w) const;
  static core::Result<ListIncludePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const ListIncludePayload&, const ListIncludePayload&) = default;
};

enum class ListRemovalReason : uint8_t {
  kEarly = 0,     // 提前移出 (after the list's early-removal period)
  kExpiry = 1,    // 期满移出 (on or after the planned removal date)
  kAnnulled = 2,  // 撤销 (inclusion annulled, e.g. after an upheld objection or a court ruling)
};
std::string_view ListRemovalReasonName(ListRemovalReason reason);

struct ListRemovePayload {
  uint16_t version = 1;
  core::Bytes32 entry_id{};
  ListRemovalReason reason = ListRemovalReason::kExpiry;
  core::Bytes32 decision_digest{};  // the removal decision document

  void EncodeTo(core::Writer& w) const;
  static core::Result<ListRemovePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const ListRemovePayload&, const ListRemovePayload&) = default;
};

// 异议: an objection to an entry, recorded by a department that received it or filed by a
// holder key bound to the entry's subject.
struct ListObjectPayload {
  uint16_t version = 1;
  core::Bytes32 objection_digest{};  // the written objection; also the objection id
  core::Bytes32 entry_id{};

  void EncodeTo(core::Writer& w) const;
  static core::Result<ListObjectPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const ListObjectPayload&, const ListObjectPayload&) = default;
};

enum class ObjectionOutcome : uint8_t { kUpheld = 0, kRejected = 1 };
std::string_view ObjectionOutcomeName(ObjectionOutcome outcome);

struct ListObjectAnswerPayload {
  uint16_t version = 1;
  core::Bytes32 objection_digest{};
  ObjectionOutcome outcome = ObjectionOutcome::kRejected;
  core::Bytes32 answer_digest{};  // the written answer (核查结果)

  void EncodeTo(core::Writer& w) const;
  static core::Result<ListObjectAnswerPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const ListObjectAnswerPayload&, const ListObjectAnswerPayload&) = default;
};

}  // namespace credchain::contracts
