#include "node/chain_genesis.h"

#include <memory>
#include <optional>

#include "contracts/genesis_json.h"
#include "contracts/governance_state.h"
#include "core/private_file.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "node/home.h"

namespace credchain::node {

core::Result<ChainGenesis> ChainGenesisFrom(const contracts::Genesis& genesis) {
  ChainGenesis out;
  out.chain_id = genesis.chain_id;
  out.suite = genesis.suite;
  out.genesis_time_ms = genesis.genesis_time_ms;
  ASSIGN_OR_RETURN(out.state, contracts::GenesisStateDelta(genesis));
  return out;
}

core::Result<ChainGenesis> LoadChainGenesis(const std::filesystem::path& path) {
  ASSIGN_OR_RETURN(std::string text, core::ReadFileLimited(path, kMaxHomeFileBytes));
  ASSIGN_OR_RETURN(contracts::Genesis genesis, contracts::GenesisFromJson(text));
  return ChainGenesisFrom(genesis);
}

core::Result<GenesisBlock> BuildGenesisBlock(const ChainGenesis& genesis) {
  if (genesis.chain_id.empty() || genesis.chain_id.size() > ledger::kMaxChainIdBytes) {
    return core::Status::InvalidArgument("genesis: chain id must be 1..64 bytes");
  }
  // The root and the validator set come from the genesis state in a scratch tree, so a node
  // can compare its data with a genesis file without touching its own stores.
  ledger::MemKvStore scratch;
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateTree> tree,
                   ledger::StateTree::Open(&scratch, genesis.suite));
  ASSIGN_OR_RETURN(ledger::PreparedUpdate update, tree->PrepareUpdate(std::nullopt, genesis.state));
  RETURN_IF_ERROR(tree->Commit(update, ledger::Durability::kNoSync));
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> reader, tree->ReaderAt(0));
  ASSIGN_OR_RETURN(std::optional<ledger::ValidatorSet> validators,
                   contracts::ReadValidatorSet(*reader, genesis.suite, 0));
  if (!validators || validators->size() == 0) {
    return core::Status::InvalidArgument("genesis: the state records no epoch-0 validator set");
  }

  GenesisBlock out;
  ledger::BlockHeader& h = out.block.header;
  h.chain_id = genesis.chain_id;
  h.suite = genesis.suite;
  h.tx_root = ledger::ComputeTxRoot(genesis.suite, {});
  h.timestamp_ms = genesis.genesis_time_ms;
  h.exec_state_root = update.root;
  h.validator_set_hash = validators->Hash(genesis.suite);
  out.qc.block_id = ledger::BlockId(h);
  out.state_root = update.root;
  out.validators = std::move(*validators);
  return out;
}

}  // namespace credchain::node
