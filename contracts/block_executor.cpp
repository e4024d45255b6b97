#include "contracts/block_executor.h"

#include <string>
#include <utility>

namespace credchain::contracts {
namespace {

// The genesis record names the chain; a block of another chain must not touch this state.
core::Status CheckChain(const ledger::StateReader& reader, const ledger::BlockHeader& header) {
  StateOverlay overlay(reader);
  ContractState state(header.suite, overlay);
  ASSIGN_OR_RETURN(std::optional<GenesisInfo> info, ReadGenesisInfo(state));
  if (info && info->chain_id != header.chain_id) {
    return core::Status::FailedPrecondition("block of chain " + header.chain_id +
                                            " on a state of chain " + info->chain_id);
  }
  return core::Status::Ok();
}

}  // namespace

BlockContext ContextOf(const ledger::BlockHeader& header, SignatureCheck signatures) {
  BlockContext ctx;
  ctx.chain_id = header.chain_id;
  ctx.suite = header.suite;
  ctx.height = header.height;
  ctx.epoch = header.epoch;
  ctx.timestamp_ms = header.timestamp_ms;
  ctx.signatures = signatures;
  return ctx;
}

core::Result<ExecutedBlock> ExecuteBlock(const ledger::StateTree& tree, const ledger::Block& block,
                                         SignatureCheck signatures,
                                         std::span<const core::Bytes32> tx_ids) {
  const ledger::BlockHeader& header = block.header;
  if (header.suite != tree.suite()) {
    return core::Status::FailedPrecondition("block suite differs from the state tree's suite");
  }
  const std::optional<uint64_t> latest = tree.latest_version();
  if (header.height == 0 || !latest || *latest != header.height - 1) {
    return core::Status::FailedPrecondition(
        "block " + std::to_string(header.height) + " does not extend state version " +
        (latest ? std::to_string(*latest) : std::string("(none)")));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> reader, tree.ReaderAt(*latest));
  RETURN_IF_ERROR(CheckChain(*reader, header));
  ExecutedBlock out;
  ASSIGN_OR_RETURN(out.execution,
                   Execute(*reader, ContextOf(header, signatures), block.txs, tx_ids));
  ASSIGN_OR_RETURN(out.state_update, tree.PrepareUpdate(latest, std::move(out.execution.delta)));
  return out;
}

core::Result<PreparedGenesis> PrepareGenesis(const ledger::StateTree& tree,
                                             const Genesis& genesis) {
  if (tree.latest_version().has_value()) {
    return core::Status::FailedPrecondition("genesis needs an empty state tree");
  }
  if (genesis.suite != tree.suite()) {
    return core::Status::FailedPrecondition("genesis suite differs from the state tree's suite");
  }
  ASSIGN_OR_RETURN(ledger::StateDelta delta, GenesisStateDelta(genesis));
  PreparedGenesis out;
  ASSIGN_OR_RETURN(out.state_update, tree.PrepareUpdate(std::nullopt, std::move(delta)));
  out.block = MakeGenesisBlock(genesis, out.state_update.root);
  return out;
}

}  // namespace credchain::contracts
