#include "node/tx_admission.h"

#include "contracts/block_context.h"
#include "contracts/dispatch.h"
#include "contracts/execute.h"

namespace credchain::node {

core::Status CheckTxAdmission(const Chain& chain, const ledger::SignedTx& stx,
                              uint64_t sequence_window) {
  RETURN_IF_ERROR(contracts::CheckPayload(stx.tx.kind, stx.tx.payload));
  const uint64_t committed = chain.Tip().height;
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> state, chain.StateAt(committed));
  contracts::BlockContext ctx;
  ctx.chain_id = chain.chain_id();
  ctx.suite = chain.suite();
  ctx.height = committed + 1;
  ctx.signatures = contracts::SignatureCheck::kAlreadyVerified;
  return contracts::CheckEnvelope(*state, ctx, stx, sequence_window);
}

}  // namespace credchain::node
