// Block execution against the versioned state tree, ready for one-batch commit.
//
// The node's executor adapter calls, for each block the consensus commits, in height order:
//
//   ASSIGN_OR_RETURN(ExecutedBlock ex, ExecuteBlock(tree, block,
//   SignatureCheck::kAlreadyVerified)); RETURN_IF_ERROR(block_store.Commit(block, qc,
//   ex.execution.receipts, ex.state_update));
//   // ex.state_root() is the root of state version block.header.height (the next proposal's
//   // exec_state_root); ex.execution.pending_validator_set is the next epoch's set, if changed.
//
// and, once for a new chain, PrepareGenesis + Commit(genesis.block.block, genesis.block.qc, {},
// genesis.state_update). ExecuteBlock reads state version height - 1 (which must be the tree's
// latest version), runs contracts::Execute with the block's context (chain id, suite, height,
// epoch, timestamp from the header) and prepares the tree update WITHOUT writing anything:
// BlockStore::Commit writes block, receipts, state and commit pointer in one synced batch.
// Deterministic: two nodes with equal stores and the same block get equal roots and receipts.
//
// Errors (nothing written in any case): failed_precondition when the tree's latest version is
// not height - 1 or the header's chain/suite differ from the tree's; storage errors (io_error,
// data_loss) from reading state. Transaction rejections are receipts, never errors.
// Thread safety: reads the tree (thread-safe); one block at a time per tree, in order.
#pragma once

#include <span>

#include "contracts/block_context.h"
#include "contracts/execute.h"
#include "contracts/genesis.h"
#include "core/result.h"
#include "ledger/block.h"
#include "ledger/state_tree.h"

namespace credchain::contracts {

struct ExecutedBlock {
  // Receipts and pending validator set; its delta is moved into state_update.delta (empty here).
  ExecutionResult execution;
  ledger::PreparedUpdate state_update;  // version = block height; pass to BlockStore::Commit

  const core::Bytes32& state_root() const { return state_update.root; }
};

// The BlockContext of a block header (signature policy given by the caller).
BlockContext ContextOf(const ledger::BlockHeader& header, SignatureCheck signatures);

// `tx_ids`: the ids of block.txs if the caller has them (see Execute), else empty.
core::Result<ExecutedBlock> ExecuteBlock(const ledger::StateTree& tree, const ledger::Block& block,
                                         SignatureCheck signatures,
                                         std::span<const core::Bytes32> tx_ids = {});

struct PreparedGenesis {
  GenesisBlock block;                   // block 0 and its genesis QC
  ledger::PreparedUpdate state_update;  // state version 0
};

// Genesis state and block for an EMPTY tree (failed_precondition otherwise); errors of
// Genesis::Validate for a bad genesis. Commit with
// block_store.Commit(p.block.block, p.block.qc, {}, p.state_update).
core::Result<PreparedGenesis> PrepareGenesis(const ledger::StateTree& tree, const Genesis& genesis);

}  // namespace credchain::contracts
