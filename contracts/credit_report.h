// Credit report compilation (信用报告, DESIGN.md §6): the chain-derived counts a city credit
// centre puts into a credit-report credential, computed deterministically from the ledger state
// at a height, so any authorised verifier holding that state can recompute and compare them.
//
// Definitions, all "as of report_date D" (a Beijing civil day, normally the date of the block at
// the compiled height) over the state at that height:
// - published_penalties_{minor,general,serious}: penalty records about the subject that are
//   published on D (RecordEntry::IsPublishedOn: inside the publication window of the rule in
//   force at their decision date, not corrected, withdrawn or repaired before D);
// - active_list_entries: list entries about the subject, on any list, active on D;
// - commitments_{fulfilled,breached}: letters of the subject recorded on or before D whose
//   fulfilment or breach took effect on or before D;
// - commitments_overdue: letters in progress on D whose deadline is before D;
// - commitments_in_progress: letters in progress on D (overdue ones included).
// Grades are not on the ledger (only their credentials' anchors are): the compiler takes them
// from the issuing departments' credentials, not from here.
// The node serves these counts at a committed height (GET /v1/credit-reports,
// node/rest_report_routes.cpp); `credchain report compile` and `report check` use that route.
// Thread safety: pure functions over the caller's state.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contracts/civil_date.h"
#include "contracts/contract_state.h"
#include "contracts/domain_codec.h"
#include "core/result.h"

namespace credchain::contracts {

// Why a report is compiled (the credit-report schema's purpose_code enum).
enum class ReportPurpose : uint8_t {
  kFiscalFunding = 0,      // 财政资金申请
  kAwards = 1,             // 评优评先
  kCreditLending = 2,      // 信易贷
  kPublicProcurement = 3,  // 政府采购
  kMarketAccess = 4,       // 市场准入 / 行政审批
};
std::string_view ReportPurposeName(ReportPurpose purpose);  // "fiscal_funding", ...
bool ParseReportPurpose(std::string_view name, ReportPurpose* out);

struct CreditReportCounts {
  uint32_t published_penalties_minor = 0;
  uint32_t published_penalties_general = 0;
  uint32_t published_penalties_serious = 0;
  uint32_t active_list_entries = 0;
  uint32_t commitments_fulfilled = 0;
  uint32_t commitments_breached = 0;
  uint32_t commitments_overdue = 0;
  uint32_t commitments_in_progress = 0;
  friend bool operator==(const CreditReportCounts&, const CreditReportCounts&) = default;
};

// The counts by their claim names (the credit-report schema's int claims), in schema order:
// the one table the node's report route, the CLI's claims file and its recompute check share.
struct CreditReportCountField {
  std::string_view name;
  uint32_t CreditReportCounts::*member;
};
std::span<const CreditReportCountField> CreditReportCountFields();

struct CreditReport {
  SubjectRef subject;
  ReportPurpose purpose = ReportPurpose::kCreditLending;
  CivilDay report_date = 0;
  uint64_t ledger_height = 0;  // the state the counts were compiled from
  CreditReportCounts counts;
};

core::Result<CreditReportCounts> CompileCreditReportCounts(const ContractState& state,
                                                           const SubjectRef& subject,
                                                           CivilDay report_date);

core::Result<CreditReport> CompileCreditReport(const ContractState& state,
                                               const SubjectRef& subject, ReportPurpose purpose,
                                               CivilDay report_date, uint64_t ledger_height);

// The integer claims of the credit-report schema (contracts/standard_schemas/credit-report.json),
// in schema order: name -> value. Every one is a provable int.
std::vector<std::pair<std::string, int64_t>> CreditReportIntClaims(const CreditReport& report);

}  // namespace credchain::contracts
