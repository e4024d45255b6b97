// The severe-dishonesty list contract (严重失信主体名单): list.include, list.remove, list.object
// (异议) and list.object_answer.
//
// Rules (国办发〔2020〕49号: a list exists only with a legal basis, so only lists named by the
// rule table in force at the inclusion date can be used; SAMR list: 3 years, early removal after
// 1 year, docs/formats/rule-table.md):
// - include: department sender (kUnknownSigner) authorised (kUnauthorized) for a usable
//   list-entry schema (kNotFound/kDeprecated/kInvalidField); inclusion date not after the block
//   date; list code known to the rule in force then; planned removal date equal to the rule's
//   (kInvalidField, the detail gives the expected date) and still ahead; legal basis and remedy
//   present (decoder); underlying penalty records exist (kNotFound) and concern the subject;
//   entry id new and the subject not already actively listed on that list (kAlreadyExists).
// - remove: the entry exists (kNotFound: "not listed"), the sender is its deciding department
//   (kUnauthorized), it is still listed (kInvalidState); early removal only from the early-removal
//   day (kTooEarly) and before the planned removal; expiry removal only from the planned removal
//   day (kTooEarly); annulment at any time.
// - object: the entry exists and is listed; the sender is a department or a holder key bound to
//   the entry's subject (kUnauthorized); the objection digest is new.
// - object_answer: the objection exists (kNotFound) and is pending (kInvalidState); only the
//   entry's deciding department answers (kUnauthorized). An upheld objection does not remove the
//   entry by itself: the department then annuls or corrects it with its own decision.
// Thread safety: handlers run on the executing thread.
#pragma once

#include "contracts/tx_context.h"
#include "core/status.h"

namespace credchain::contracts {

core::Status ExecuteListInclude(TxContext& ctx);
core::Status ExecuteListRemove(TxContext& ctx);
core::Status ExecuteListObject(TxContext& ctx);
core::Status ExecuteListObjectAnswer(TxContext& ctx);

}  // namespace credchain::contracts
