// Genesis golden vector (docs/formats/genesis.md): tests/vectors/genesis_v1.json must load, hash
// to the value the independent Python encoder (tests/vectors/contracts_golden.py) computes, and
// give the frozen state root and block 0 id. The last two were recorded from this implementation
// when the format was frozen: a change to either is a consensus-breaking format change (a new
// chain), never a refactor.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "contracts/block_executor.h"
#include "contracts/genesis.h"
#include "contracts/genesis_json.h"
#include "core/hex.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "unit/golden_file.h"

namespace credchain::contracts {
namespace {

std::string ReadVector(const std::string& file) {
  std::ifstream in(std::string(CREDCHAIN_VECTORS_DIR) + "/" + file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(GenesisGoldenTest, FileHashesStateAndBlockZeroAreFrozen) {
  const auto golden = credchain::testing::LoadGoldenFile("contracts_golden.txt");
  ASSERT_TRUE(golden.count("genesis_hash_v1"));
  auto genesis = GenesisFromJson(ReadVector("genesis_v1.json"));
  ASSERT_TRUE(genesis.ok()) << genesis.status();
  EXPECT_EQ(core::HexEncode(GenesisHash(*genesis)), golden.at("genesis_hash_v1"));

  ledger::MemKvStore kv;
  auto tree = ledger::StateTree::Open(&kv, crypto::HashSuite::kSha256);
  ASSERT_TRUE(tree.ok()) << tree.status();
  auto prepared = PrepareGenesis(**tree, *genesis);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  const ledger::BlockHeader& header = prepared->block.block.header;
  EXPECT_EQ(core::HexEncode(header.exec_state_root), golden.at("genesis_state_root_v1"));
  EXPECT_EQ(core::HexEncode(ledger::BlockId(header)), golden.at("genesis_block_id_v1"));
}

}  // namespace
}  // namespace credchain::contracts
