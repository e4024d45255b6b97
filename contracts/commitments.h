// The credit commitment letter contract (信用承诺书): commitment.record, commitment.fulfil,
// commitment.breach. Status moves only forward: 履约中 (in progress) -> 已履约 (fulfilled) or
// 违诺 (breached).
//
// Rules:
// - record: the sender acts for a department (kUnknownSigner) that is the letter's accepting
//   authority (kUnauthorized); the committer's signature over CommitmentSigningPreimage verifies
//   under committer_key (kBadSignature); the letter digest is new (kAlreadyExists); a deadline is
//   not before the block date (kInvalidField); a 信用修复 letter names an existing penalty record
//   (kNotFound) about the same subject (kInvalidField). Recording binds committer_key to the
//   subject (contracts/commitment_state.h).
// - fulfil / breach: the letter exists (kNotFound), the sender acts for its accepting department
//   (kUnauthorized), and it is still in progress (kInvalidState: no double fulfil, no breach
//   after fulfilment). A breach carries an evidence digest.
// Thread safety: handlers run on the executing thread.
#pragma once

#include "contracts/tx_context.h"
#include "core/status.h"

namespace credchain::contracts {

core::Status ExecuteCommitmentRecord(TxContext& ctx);
core::Status ExecuteCommitmentFulfil(TxContext& ctx);
core::Status ExecuteCommitmentBreach(TxContext& ctx);

}  // namespace credchain::contracts
