// Read-only queries over the credit-domain state at one version, for the REST API
// (GET /v1/records, /v1/lists/{code}, /v1/access-receipts), the CLI and credit reports.
//
// A DomainQueries wraps a ledger::StateReader fixed at a height; every answer is a pure function
// of that state and the arguments, so two nodes at the same height answer identically. Dates are
// Beijing civil days (contracts/civil_date.h); callers pass "today" explicitly (usually the
// Beijing date of the block at that height).
// Errors: storage failures of the reader and corrupt values (DataLoss); never input rejections.
// Thread safety: not thread-safe (one per thread); the reader must outlive it.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "contracts/commitment_state.h"
#include "contracts/consent.h"
#include "contracts/contract_state.h"
#include "contracts/list_state.h"
#include "contracts/record_state.h"
#include "contracts/repair.h"
#include "contracts/state_overlay.h"
#include "crypto/hash.h"
#include "ledger/state_view.h"

namespace credchain::contracts {

class DomainQueries {
 public:
  DomainQueries(const ledger::StateReader& reader, crypto::HashSuite suite)
      : overlay_(reader), state_(suite, overlay_) {}

  const ContractState& state() const { return state_; }

  core::Result<std::optional<RecordEntry>> Record(const core::Bytes32& digest) const {
    return ReadRecord(state_, digest);
  }
  // "Is this record published on date D?"; false for an unknown record.
  core::Result<bool> IsRecordPublishedOn(const core::Bytes32& digest, CivilDay day) const;
  // Records about `subject` published on `day` (public records only; nothing else is served).
  core::Result<std::vector<RecordEntry>> PublishedRecords(const SubjectRef& subject,
                                                          CivilDay day) const {
    return PublishedRecordsOn(state_, subject, day);
  }

  core::Result<std::optional<ListEntry>> ActiveEntry(std::string_view list_code,
                                                     const SubjectRef& subject,
                                                     CivilDay day) const {
    return ActiveListEntry(state_, list_code, subject, day);
  }
  core::Result<std::vector<ListEntry>> ListEntries(const SubjectRef& subject) const {
    return ListEntriesOfSubject(state_, subject);
  }

  core::Result<std::vector<CommitmentEntry>> Commitments(const SubjectRef& subject) const {
    return CommitmentsOfSubject(state_, subject);
  }
  core::Result<std::vector<CommitmentEntry>> Overdue(
      std::string_view department, CivilDay day,
      std::optional<CommitmentType> type = std::nullopt) const {
    return OverdueCommitments(state_, department, day, type);
  }

  core::Result<std::vector<AccessReceipt>> AccessReceipts(const SubjectRef& subject,
                                                          uint64_t offset = 0,
                                                          uint64_t limit = UINT64_MAX) const {
    return AccessReceiptsOfSubject(state_, subject, offset, limit);
  }
  core::Result<std::vector<Consent>> Consents(const SubjectRef& subject) const {
    return ConsentsOfSubject(state_, subject);
  }
  core::Result<std::optional<RepairApplication>> Repair(const core::Bytes32& digest) const {
    return ReadRepairApplication(state_, digest);
  }

 private:
  StateOverlay overlay_;
  ContractState state_;
};

}  // namespace credchain::contracts
