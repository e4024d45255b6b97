#include "contracts/credit_report.h"

#include "contracts/commitment_state.h"
#include "contracts/list_state.h"
#include "contracts/record_state.h"

namespace credchain::contracts {
namespace {

constexpr std::string_view kPurposeNames[] = {"fiscal_funding", "awards", "credit_lending",
                                              "public_procurement", "market_access"};

using Counts = CreditReportCounts;
constexpr CreditReportCountField kCountFields[] = {
    {"published_penalties_minor", &Counts::published_penalties_minor},
    {"published_penalties_general", &Counts::published_penalties_general},
    {"published_penalties_serious", &Counts::published_penalties_serious},
    {"active_list_entries", &Counts::active_list_entries},
    {"commitments_fulfilled", &Counts::commitments_fulfilled},
    {"commitments_breached", &Counts::commitments_breached},
    {"commitments_overdue", &Counts::commitments_overdue},
    {"commitments_in_progress", &Counts::commitments_in_progress},
};

// The status a letter had on `day`, or nullopt if it was not yet recorded.
std::optional<CommitmentStatus> StatusOn(const CommitmentEntry& e, CivilDay day) {
  if (e.recorded_on > day) return std::nullopt;
  if (e.resolved_on && *e.resolved_on <= day) return e.status;
  return CommitmentStatus::kInProgress;
}

}  // namespace

std::string_view ReportPurposeName(ReportPurpose purpose) {
  const auto i = static_cast<size_t>(purpose);
  return i < std::size(kPurposeNames) ? kPurposeNames[i] : "unknown";
}

bool ParseReportPurpose(std::string_view name, ReportPurpose* out) {
  for (size_t i = 0; i < std::size(kPurposeNames); ++i) {
    if (kPurposeNames[i] == name) {
      *out = static_cast<ReportPurpose>(i);
      return true;
    }
  }
  return false;
}

core::Result<CreditReportCounts> CompileCreditReportCounts(const ContractState& state,
                                                           const SubjectRef& subject,
                                                           CivilDay report_date) {
  CreditReportCounts c;
  ASSIGN_OR_RETURN(std::vector<RecordEntry> records, RecordsOfSubject(state, subject));
  for (const auto& r : records) {
    if (r.fields.kind != RecordKind::kPenalty || !r.IsPublishedOn(report_date)) continue;
    if (r.fields.tier == SeverityTier::kMinor) ++c.published_penalties_minor;
    if (r.fields.tier == SeverityTier::kGeneral) ++c.published_penalties_general;
    if (r.fields.tier == SeverityTier::kSerious) ++c.published_penalties_serious;
  }
  ASSIGN_OR_RETURN(std::vector<ListEntry> entries, ListEntriesOfSubject(state, subject));
  for (const auto& e : entries) {
    if (e.IsActiveOn(report_date)) ++c.active_list_entries;
  }
  ASSIGN_OR_RETURN(std::vector<CommitmentEntry> letters, CommitmentsOfSubject(state, subject));
  for (const auto& l : letters) {
    const std::optional<CommitmentStatus> status = StatusOn(l, report_date);
    if (!status) continue;
    if (*status == CommitmentStatus::kFulfilled) ++c.commitments_fulfilled;
    if (*status == CommitmentStatus::kBreached) ++c.commitments_breached;
    if (*status == CommitmentStatus::kInProgress) {
      ++c.commitments_in_progress;
      if (l.letter.deadline && report_date > *l.letter.deadline) ++c.commitments_overdue;
    }
  }
  return c;
}

core::Result<CreditReport> CompileCreditReport(const ContractState& state,
                                               const SubjectRef& subject, ReportPurpose purpose,
                                               CivilDay report_date, uint64_t ledger_height) {
  CreditReport report;
  report.subject = subject;
  report.purpose = purpose;
  report.report_date = report_date;
  report.ledger_height = ledger_height;
  ASSIGN_OR_RETURN(report.counts, CompileCreditReportCounts(state, subject, report_date));
  return report;
}

std::span<const CreditReportCountField> CreditReportCountFields() { return kCountFields; }

std::vector<std::pair<std::string, int64_t>> CreditReportIntClaims(const CreditReport& report) {
  std::vector<std::pair<std::string, int64_t>> claims;
  claims.emplace_back("ledger_height", static_cast<int64_t>(report.ledger_height));
  for (const CreditReportCountField& f : kCountFields) {
    claims.emplace_back(std::string(f.name), report.counts.*f.member);
  }
  return claims;
}

}  // namespace credchain::contracts
