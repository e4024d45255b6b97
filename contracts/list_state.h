// Severe-dishonesty list entries and objections in state, and the membership queries.
//
// Layout (docs/formats/state-layout.md, credit domain):
//   list.entry      entry id (inclusion decision digest)    -> ListEntry
//   list.member     Str(list code) ‖ SubjectRef::IndexKey()  -> IdSet of entry ids
//   list.by_subject SubjectRef::IndexKey()                   -> IdLog of entry ids
//   list.objection  objection digest                         -> Objection
// An entry is active on day D while inclusion_date <= D < removal day, where the removal day is
// the planned removal (automatic 期满移出, no transaction needed) or the day an explicit removal
// was executed, whichever is earlier.
// Thread safety: functions over the caller's state; plain-value records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "contracts/contract_state.h"
#include "contracts/list_payloads.h"
#include "contracts/rule_table.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxObjectionsPerEntry = 64;

enum class ListEntryStatus : uint8_t { kListed = 0, kRemoved = 1 };

struct ListEntry {
  uint16_t version = 1;
  ListIncludePayload inclusion;
  std::string department;  // the deciding department
  ListWindow window;       // from the list rule in force at the inclusion date
  std::string rule_version;
  ListEntryStatus status = ListEntryStatus::kListed;
  ListRemovalReason removal_reason = ListRemovalReason::kExpiry;  // when removed
  std::optional<core::Bytes32> removal_decision;
  std::optional<CivilDay> removed_on;
  uint64_t included_height = 0;
  uint64_t removed_height = 0;
  std::vector<core::Bytes32> objections;  // in filing order

  bool IsActiveOn(CivilDay day) const {
    return window.inclusion_day <= day && day < window.removal_day &&
           (!removed_on || day < *removed_on);
  }

  void EncodeTo(core::Writer& w) const;
  static core::Result<ListEntry> DecodeFrom(core::Reader& r);
  friend bool operator==(const ListEntry&, const ListEntry&) = default;
};

enum class ObjectionStatus : uint8_t { kPending = 0, kUpheld = 1, kRejected = 2 };
std::string_view ObjectionStatusName(ObjectionStatus status);

struct Objection {
  uint16_t version = 1;
  core::Bytes32 objection_digest{};
  core::Bytes32 entry_id{};
  std::string filed_by_department;  // empty when filed by a holder key
  crypto::PublicKey filed_by_key;   // the tx sender
  CivilDay filed_on = 0;
  ObjectionStatus status = ObjectionStatus::kPending;
  std::optional<core::Bytes32> answer_digest;
  std::optional<CivilDay> answered_on;

  void EncodeTo(core::Writer& w) const;
  static core::Result<Objection> DecodeFrom(core::Reader& r);
  friend bool operator==(const Objection&, const Objection&) = default;
};

core::Result<std::optional<ListEntry>> ReadListEntry(const ContractState& state,
                                                     const core::Bytes32& entry_id);
void WriteListEntry(ContractState& state, const ListEntry& entry);
// Stores a new entry and indexes it by list and subject.
core::Status AddListEntry(ContractState& state, const ListEntry& entry);

core::Result<std::optional<Objection>> ReadObjection(const ContractState& state,
                                                     const core::Bytes32& digest);
void WriteObjection(ContractState& state, const Objection& objection);

// Every entry ever made for `subject` on list `list_code`, ordered by entry id.
core::Result<std::vector<ListEntry>> ListEntriesOf(const ContractState& state,
                                                   std::string_view list_code,
                                                   const SubjectRef& subject);
// The entry that lists `subject` on `list_code` on `day`, if any.
core::Result<std::optional<ListEntry>> ActiveListEntry(const ContractState& state,
                                                       std::string_view list_code,
                                                       const SubjectRef& subject, CivilDay day);
// Every entry about `subject` on any list, oldest first.
core::Result<std::vector<ListEntry>> ListEntriesOfSubject(const ContractState& state,
                                                          const SubjectRef& subject);

}  // namespace credchain::contracts
