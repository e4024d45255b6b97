// 双公示 records in state and the read side the REST API and credit reports use.
//
// Layout (docs/formats/state-layout.md, credit domain):
//   rec.record      record digest              -> RecordEntry
//   rec.by_subject  SubjectRef::IndexKey()     -> IdLog of record digests (contracts/id_index.h)
// A record's publication window is fixed when it is published, from the rule table in force at
// its decision date, and stored with it; a later status change (corrected, withdrawn,
// repaired) ends publication from the Beijing day it was executed (`ended_on`).
// Thread safety: functions over the caller's state; plain-value records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "contracts/contract_state.h"
#include "contracts/record_payloads.h"
#include "contracts/rule_table.h"
#include "core/result.h"

namespace credchain::contracts {

enum class RecordStatus : uint8_t {
  kPublished = 0,  // in force; published while inside its window
  kCorrected = 1,  // superseded by a correction (纠错)
  kWithdrawn = 2,  // annulled or withdrawn
  kRepaired = 3,   // 信用修复 approved: the suspension bit; publication ended
};
std::string_view RecordStatusName(RecordStatus status);

struct RecordEntry {
  uint16_t version = 1;
  RecordFields fields;
  std::string department;  // the deciding (publishing) department
  PublicationWindow window;
  RecordStatus status = RecordStatus::kPublished;
  std::optional<CivilDay> ended_on;  // first day unpublished because of a status change
  std::optional<core::Bytes32> supersedes;
  std::optional<core::Bytes32> superseded_by;
  std::optional<core::Bytes32> status_decision;  // withdrawal decision / repair application
  std::optional<core::Bytes32> pending_repair;   // an undecided repair application
  WithdrawReason withdraw_reason = WithdrawReason::kOther;  // meaningful when withdrawn
  uint64_t published_height = 0;
  uint64_t status_height = 0;

  bool suspended() const { return status == RecordStatus::kRepaired; }
  // Published on `day`: inside the window and before any status change ended it.
  bool IsPublishedOn(CivilDay day) const {
    return window.IsPublishedOn(day) && (!ended_on || day < *ended_on);
  }

  void EncodeTo(core::Writer& w) const;
  static core::Result<RecordEntry> DecodeFrom(core::Reader& r);
  friend bool operator==(const RecordEntry&, const RecordEntry&) = default;
};

core::Result<std::optional<RecordEntry>> ReadRecord(const ContractState& state,
                                                    const core::Bytes32& digest);
void WriteRecord(ContractState& state, const RecordEntry& entry);
// Writes a new record and appends it to its subject's index.
core::Status AddRecord(ContractState& state, const RecordEntry& entry);

// Every record ever published about `subject`, oldest first.
core::Result<std::vector<RecordEntry>> RecordsOfSubject(const ContractState& state,
                                                        const SubjectRef& subject);
// Those published on `day` (what GET /v1/records?subject=… serves).
core::Result<std::vector<RecordEntry>> PublishedRecordsOn(const ContractState& state,
                                                          const SubjectRef& subject, CivilDay day);

}  // namespace credchain::contracts
