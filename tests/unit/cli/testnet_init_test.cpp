#include "cli/testnet_init.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/stat.h>
#include <thread>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "contracts/genesis_json.h"
#include "crypto/key_file.h"

namespace credchain::cli {
namespace {

namespace fs = std::filesystem;

class TestnetInitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("testnet_init_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  TestnetInitOptions Options(size_t n) {
    TestnetInitOptions o;
    o.validators = n;
    o.dir = dir_;
    o.passphrase = "correct horse";
    o.genesis_time_ms = 1'764'633'600'000;
    o.kdf = crypto::KeyFileKdfParams::MinimumForTests();
    return o;
  }

  static std::string Read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
};

TEST_F(TestnetInitTest, WritesOneHomePerValidatorWithSharedGenesis) {
  auto info = InitTestnet(Options(4));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  ASSERT_EQ(info->nodes.size(), 4u);
  std::string genesis0 = Read(dir_ / "node0/config/genesis.json");
  auto genesis = contracts::GenesisFromJson(genesis0);
  ASSERT_TRUE(genesis.ok()) << genesis.status().ToString();
  EXPECT_EQ(genesis->departments.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    const TestnetNode& n = info->nodes[i];
    fs::path config = n.home / "config";
    EXPECT_EQ(Read(config / "genesis.json"), genesis0);
    // The node key decrypts to the validator key named in genesis; files are private.
    auto key = crypto::LoadKeyFile(config / "node_key.json", "correct horse");
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(key->public_key(), n.validator_key);
    auto account = crypto::LoadKeyFile(n.account_key_file, "correct horse");
    ASSERT_TRUE(account.ok());
    EXPECT_EQ(account->public_key(), n.account_key);
    // The record store signs with its own account key of the same department.
    auto records = crypto::LoadKeyFile(config / "records_key.json", "correct horse");
    ASSERT_TRUE(records.ok()) << records.status().ToString();
    EXPECT_EQ(records->public_key(), n.records_key);
    EXPECT_NE(n.records_key, n.account_key);
    const auto dept = std::find_if(genesis->departments.begin(), genesis->departments.end(),
                                   [&n](const auto& d) { return d.id == n.department; });
    ASSERT_NE(dept, genesis->departments.end());
    const contracts::GenesisDepartment& d = *dept;
    EXPECT_EQ(d.account_keys.size(), 2u);
    EXPECT_NE(std::find(d.account_keys.begin(), d.account_keys.end(), n.records_key),
              d.account_keys.end());
    EXPECT_NE(std::find(d.account_keys.begin(), d.account_keys.end(), n.account_key),
              d.account_keys.end());
    struct stat st {};
    ASSERT_EQ(::stat((config / "node.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u);
    // Every other validator is a peer, with its key.
    auto config_json = nlohmann::json::parse(Read(config / "node.json"));
    ASSERT_EQ(config_json["p2p"]["peers"].size(), 3u);
    for (const auto& peer : config_json["p2p"]["peers"]) {
      EXPECT_EQ(peer.get<std::string>().find(n.validator_key.ToHex()), std::string::npos);
    }
    EXPECT_EQ(config_json["p2p"]["listen"], "127.0.0.1:" + std::to_string(26656 + i));
    EXPECT_EQ(config_json["records"]["account_key_file"], "records_key.json");
    // The nodes share this machine's cores.
    EXPECT_EQ(config_json["mempool"]["verify_threads"],
              SharedVerifyThreads(std::thread::hardware_concurrency(), 4));
    EXPECT_EQ(n.api_endpoint, "http://127.0.0.1:" + std::to_string(8080 + i));
  }
  auto summary = nlohmann::json::parse(Read(dir_ / "testnet.json"));
  EXPECT_EQ(summary["nodes"].size(), 4u);
  EXPECT_EQ(summary["nodes"][0]["department"], info->nodes[0].department);
}

// With a link proxy every validator dials the others through their own proxy port, which
// testnet.json lists with the P2P port it forwards to.
TEST_F(TestnetInitTest, LinkProxyPortsReplaceDirectPeerAddresses) {
  TestnetInitOptions o = Options(4);
  o.link_proxy_base_port = 30000;
  auto info = InitTestnet(o);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  ASSERT_EQ(info->links.size(), 12u);
  auto config = nlohmann::json::parse(Read(dir_ / "node1/config/node.json"));
  std::vector<std::string> peers;
  for (const auto& p : config["p2p"]["peers"]) peers.push_back(p.get<std::string>());
  EXPECT_EQ(peers,
            (std::vector<std::string>{info->nodes[0].validator_key.ToHex() + "@127.0.0.1:30004",
                                      info->nodes[2].validator_key.ToHex() + "@127.0.0.1:30006",
                                      info->nodes[3].validator_key.ToHex() + "@127.0.0.1:30007"}));
  auto summary = nlohmann::json::parse(Read(dir_ / "testnet.json"));
  ASSERT_EQ(summary["links"].size(), 12u);
  const auto& link = summary["links"][4];  // 1 -> 2
  EXPECT_EQ(link, nlohmann::json({{"from", 1}, {"to", 2}, {"listen", 30006}, {"target", 26658}}));

  o = Options(4);
  o.link_proxy_base_port = 26650;  // 26650..26665 overlaps the P2P ports
  EXPECT_EQ(InitTestnet(o).status().code(), core::StatusCode::kInvalidArgument);
  o.link_proxy_base_port = 65530;
  EXPECT_EQ(InitTestnet(o).status().code(), core::StatusCode::kInvalidArgument);
}

TEST_F(TestnetInitTest, RefusesToOverwriteAnExistingNetwork) {
  ASSERT_TRUE(InitTestnet(Options(1)).ok());
  std::string before = Read(dir_ / "node0/config/node_key.json");
  auto again = InitTestnet(Options(1));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), core::StatusCode::kAlreadyExists);
  EXPECT_EQ(Read(dir_ / "node0/config/node_key.json"), before);
}

TEST(SharedVerifyThreadsTest, GivesEachNodeItsShareOfTheCoresAndAtLeastOne) {
  EXPECT_EQ(SharedVerifyThreads(2, 4), 1u);
  EXPECT_EQ(SharedVerifyThreads(2, 1), 2u);
  EXPECT_EQ(SharedVerifyThreads(8, 4), 2u);
  EXPECT_EQ(SharedVerifyThreads(9, 4), 2u);
  EXPECT_EQ(SharedVerifyThreads(64, 7), 9u);
  EXPECT_EQ(SharedVerifyThreads(0, 4), 1u);  // hardware_concurrency() may not know
  EXPECT_EQ(SharedVerifyThreads(2, 0), 2u);  // no division by zero
}

TEST_F(TestnetInitTest, WritesTheVerifyThreadsAskedFor) {
  TestnetInitOptions o = Options(2);
  o.verify_threads = 3;
  ASSERT_TRUE(InitTestnet(o).ok());
  for (const char* node : {"node0", "node1"}) {
    auto config = nlohmann::json::parse(Read(dir_ / node / "config/node.json"));
    EXPECT_EQ(config["mempool"]["verify_threads"], 3) << node;
  }
}

TEST_F(TestnetInitTest, CommandRefusesTooManyVerifyThreadsBeforeWritingAnything) {
  const testing::CliResult r = testing::RunCli(
      {"testnet", "init", "--dir", dir_.string(), "--verify-threads",
       std::to_string(kMaxVerifyThreads + 1), "--passphrase-env", "CREDCHAIN_SURELY_UNSET"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--verify-threads"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_));
}

TEST_F(TestnetInitTest, RejectsBadOptionsBeforeWritingAnything) {
  TestnetInitOptions o = Options(4);
  o.passphrase.clear();
  EXPECT_EQ(InitTestnet(o).status().code(), core::StatusCode::kInvalidArgument);
  o = Options(0);
  EXPECT_EQ(InitTestnet(o).status().code(), core::StatusCode::kInvalidArgument);
  o = Options(4);
  o.api_base_port = 26658;  // overlaps 26656..26659
  EXPECT_EQ(InitTestnet(o).status().code(), core::StatusCode::kInvalidArgument);
  o = Options(4);
  o.verify_threads = kMaxVerifyThreads + 1;
  EXPECT_EQ(InitTestnet(o).status().code(), core::StatusCode::kInvalidArgument);
  o = Options(4);
  o.p2p_base_port = 65534;
  EXPECT_EQ(InitTestnet(o).status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(dir_));
}

}  // namespace
}  // namespace credchain::cli
