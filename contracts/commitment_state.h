// Commitment letters in state, the holder keys they bind to subjects, and their queries.
//
// Layout (docs/formats/state-layout.md, credit domain):
//   commit.letter       letter digest                 -> CommitmentEntry
//   commit.by_subject   SubjectRef::IndexKey()        -> IdLog of letter digests
//   commit.due          Str(dept) U32(deadline month) -> IdSet of in-progress letters with a
//                                                        deadline in that month (year*12+month-1)
//   commit.due_months   Str(dept)                     -> MonthSet of months with such letters
//   subject.keys        SubjectRef::IndexKey()        -> sorted set of holder keys (<= 64)
// Recording a letter binds its committer key to its subject (the accepting department checked
// who signed); consent.grant, list.object and repair.apply rely on that binding.
// Thread safety: functions over the caller's state; plain-value records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "contracts/commitment_payloads.h"
#include "contracts/contract_state.h"
#include "core/result.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxSubjectKeys = 64;

enum class CommitmentStatus : uint8_t { kInProgress = 0, kFulfilled = 1, kBreached = 2 };
std::string_view CommitmentStatusName(CommitmentStatus s);         // "in_progress" | ...
std::string_view CommitmentStatusChineseName(CommitmentStatus s);  // 履约中 | 已履约 | 违诺

struct CommitmentEntry {
  uint16_t version = 1;
  CommitmentRecordPayload letter;
  std::string department;  // accepting department
  CommitmentStatus status = CommitmentStatus::kInProgress;
  CivilDay recorded_on = 0;
  uint64_t recorded_height = 0;
  std::optional<CivilDay> resolved_on;
  uint64_t resolved_height = 0;
  std::optional<core::Bytes32> evidence_digest;

  // In progress with a deadline before `day`.
  bool IsOverdueOn(CivilDay day) const {
    return status == CommitmentStatus::kInProgress && letter.deadline && day > *letter.deadline;
  }

  void EncodeTo(core::Writer& w) const;
  static core::Result<CommitmentEntry> DecodeFrom(core::Reader& r);
  friend bool operator==(const CommitmentEntry&, const CommitmentEntry&) = default;
};

core::Result<std::optional<CommitmentEntry>> ReadCommitment(const ContractState& state,
                                                            const core::Bytes32& digest);
// Stores a new letter: the record, the subject index, the due index, and the key binding.
core::Status AddCommitment(ContractState& state, const CommitmentEntry& entry);
// Stores a status change; a resolved letter leaves the due index.
core::Status UpdateCommitment(ContractState& state, const CommitmentEntry& entry);

core::Result<std::vector<CommitmentEntry>> CommitmentsOfSubject(const ContractState& state,
                                                                const SubjectRef& subject);
// In-progress letters accepted by `department` whose deadline is before `day`, ordered by
// deadline then digest; `type` filters when set (e.g. 容缺受理).
core::Result<std::vector<CommitmentEntry>> OverdueCommitments(
    const ContractState& state, std::string_view department, CivilDay day,
    std::optional<CommitmentType> type = std::nullopt);

core::Result<std::vector<crypto::PublicKey>> SubjectKeys(const ContractState& state,
                                                         const SubjectRef& subject);
core::Result<bool> IsSubjectKey(const ContractState& state, const SubjectRef& subject,
                                const crypto::PublicKey& key);

}  // namespace credchain::contracts
