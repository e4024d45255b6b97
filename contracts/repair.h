// The credit repair contract (信用修复): repair.apply and repair.decide, with their payloads
// and state.
//
// Layout (docs/formats/state-layout.md, credit domain):
//   repair.app  application digest -> RepairApplication
//
// Rules (令第36号; "谁认定、谁修复"):
// - apply: the tx is signed by the subject, i.e. tx.sender is the committer key of a 信用修复型
//   commitment letter (kUnauthorized otherwise) that names the target record (kInvalidField) and
//   is not breached (kInvalidState); a letter of another type is kPolicyViolation ("repair
//   without a repair commitment"), a missing one kNotFound. The target is a published penalty
//   record (kNotFound / kInvalidField / kInvalidState), still inside its publication window
//   (kInvalidState), whose minimum publication period has elapsed on the block date
//   (kTooEarly), with no other pending application (kAlreadyExists).
// - decide: the application exists (kNotFound) and is pending (kInvalidState); only the
//   department that published the target record decides (kUnauthorized). Approval sets the
//   record's status to "repaired" (its suspension bit) and ends its publication from the block
//   date; rejection leaves the record published and allows a new application.
// Thread safety: handlers run on the executing thread; plain-value records.
#pragma once

#include <optional>

#include "contracts/civil_date.h"
#include "contracts/contract_state.h"
#include "contracts/tx_context.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::contracts {

struct RepairApplyPayload {
  uint16_t version = 1;
  core::Bytes32 application_digest{};  // the application document; also the application id
  core::Bytes32 target_record{};
  core::Bytes32 commitment{};  // the 信用修复型 letter digest

  void EncodeTo(core::Writer& w) const;
  static core::Result<RepairApplyPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const RepairApplyPayload&, const RepairApplyPayload&) = default;
};

enum class RepairOutcome : uint8_t { kApprove = 0, kReject = 1 };

struct RepairDecidePayload {
  uint16_t version = 1;
  core::Bytes32 application_digest{};
  RepairOutcome outcome = RepairOutcome::kApprove;
  core::Bytes32 decision_digest{};  // the repair decision document

  void EncodeTo(core::Writer& w) const;
  static core::Result<RepairDecidePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const RepairDecidePayload&, const RepairDecidePayload&) = default;
};

enum class RepairStatus : uint8_t { kPending = 0, kApproved = 1, kRejected = 2 };
std::string_view RepairStatusName(RepairStatus status);

struct RepairApplication {
  uint16_t version = 1;
  RepairApplyPayload application;
  crypto::PublicKey applicant_key;
  CivilDay applied_on = 0;
  uint64_t applied_height = 0;
  RepairStatus status = RepairStatus::kPending;
  std::optional<core::Bytes32> decision_digest;
  std::optional<CivilDay> decided_on;

  void EncodeTo(core::Writer& w) const;
  static core::Result<RepairApplication> DecodeFrom(core::Reader& r);
  friend bool operator==(const RepairApplication&, const RepairApplication&) = default;
};

core::Result<std::optional<RepairApplication>> ReadRepairApplication(const ContractState& state,
                                                                     const core::Bytes32& digest);

core::Status ExecuteRepairApply(TxContext& ctx);
core::Status ExecuteRepairDecide(TxContext& ctx);

}  // namespace credchain::contracts
