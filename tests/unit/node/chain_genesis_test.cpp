// The node's genesis from a genesis file: the contracts loader's state, the same block 0 as
// contracts::MakeGenesisBlock, and a chain that starts from it and refuses another genesis.
#include "node/chain_genesis.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "contracts/genesis_json.h"
#include "contracts/testnet_genesis.h"
#include "ledger/mem_kv_store.h"
#include "node/chain.h"

namespace credchain::node {
namespace {

crypto::SecretKey GenesisKey(uint8_t a, uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(a);
  seed[0] = b;
  return crypto::SecretKey::FromSeed(seed);
}

contracts::Genesis TestnetGenesis(uint64_t time_ms = 1'780'286'400'000ull) {
  contracts::TestnetGenesisOptions options;
  options.chain_id = "genesis-test";
  options.genesis_time_ms = time_ms;
  for (uint8_t i = 0; i < 4; ++i) {
    options.departments.push_back(
        {GenesisKey(0x51, i).public_key(), GenesisKey(0x52, i).public_key()});
  }
  return contracts::MakeTestnetGenesis(options).value();
}

TEST(ChainGenesisTest, SameBlockZeroAsTheContractsGenesis) {
  const contracts::Genesis genesis = TestnetGenesis();
  const ChainGenesis chain_genesis = ChainGenesisFrom(genesis).value();
  EXPECT_EQ(chain_genesis.chain_id, "genesis-test");
  const GenesisBlock ours = BuildGenesisBlock(chain_genesis).value();
  const contracts::GenesisBlock theirs = contracts::MakeGenesisBlock(genesis, ours.state_root);
  EXPECT_EQ(ours.block, theirs.block);
  EXPECT_EQ(ours.qc, theirs.qc);
  EXPECT_EQ(ours.validators, contracts::GenesisValidatorSet(genesis));
}

TEST(ChainGenesisTest, LoadsAGenesisFileAndRefusesABadOne) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("credchain-genesis-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "genesis.json";
  std::ofstream(file) << contracts::GenesisToJson(TestnetGenesis());
  const ChainGenesis loaded = LoadChainGenesis(file).value();
  auto chain = Chain::Open(std::make_unique<ledger::MemKvStore>(), loaded, {}).value();
  EXPECT_EQ(chain->genesis().validators.size(), 4u);
  EXPECT_EQ(chain->chain_id(), "genesis-test");

  std::ofstream(file) << R"({"format":"credchain-genesis/1","chain_id":""})";
  const auto bad = LoadChainGenesis(file);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("genesis."), std::string::npos) << bad.status();
  EXPECT_EQ(LoadChainGenesis(dir / "missing.json").status().code(), core::StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(ChainGenesisTest, AnotherGenesisFileDoesNotMatchTheData) {
  const ChainGenesis a = ChainGenesisFrom(TestnetGenesis()).value();
  const ChainGenesis b = ChainGenesisFrom(TestnetGenesis(1'780'286'400'001ull)).value();
  EXPECT_NE(BuildGenesisBlock(a).value().qc.block_id, BuildGenesisBlock(b).value().qc.block_id);
}

}  // namespace
}  // namespace credchain::node
