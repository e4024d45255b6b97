// The 双公示 record contract: record.publish, record.correct (纠错), record.withdraw.
//
// Rules (DESIGN.md §6; docs/formats/rule-table.md for the periods):
// - publish: the sender acts for a department authorised for the record's schema, which must be
//   a usable public-record schema; the decision date is not after the block's Beijing date;
//   rule_version must name the rule table in force at the decision date; the publication window
//   is computed from that table and frozen in the record; the digest is new.
//   Rejections: kUnknownSigner, kUnauthorized, kNotFound/kDeprecated (schema), kInvalidField,
//   kAlreadyExists.
// - correct: as publish for the new record, and the superseded record must exist (kNotFound),
//   belong to the sender's department (kUnauthorized) and be in status published
//   (kInvalidState); it becomes "corrected" and stops being published from today, and the new
//   record is published from today (its window end still counts from its decision date).
// - withdraw: the record must exist (kNotFound), belong to the sender's department
//   (kUnauthorized) and be published (kInvalidState); it becomes "withdrawn" from today.
// Every rejection leaves state unchanged (the executor drops the handler's writes).
// Thread safety: handlers run on the executing thread.
#pragma once

#include "contracts/tx_context.h"
#include "core/status.h"

namespace credchain::contracts {

core::Status ExecuteRecordPublish(TxContext& ctx);
core::Status ExecuteRecordCorrect(TxContext& ctx);
core::Status ExecuteRecordWithdraw(TxContext& ctx);

}  // namespace credchain::contracts
