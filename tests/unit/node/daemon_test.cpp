#include "node/daemon.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/stat.h>
#include <thread>

#include <gtest/gtest.h>

#include "chain_fixture.h"
#include "core/hex.h"
#include "core/private_file.h"
#include "crypto/key_file.h"
#include "http_test_client.h"
#include "node/api/api_json.h"
#include "node/config.h"
#include "node/home_init.h"

namespace credchain::node {
namespace {

namespace fs = std::filesystem;
constexpr char kPassphrase[] = "daemon test passphrase";

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("credchaind-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    layout_ = HomeLayout::For(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // A home with a single-validator genesis, listening on free ports.
  void Init(const std::string& chain_id = "daemon-test",
            const std::function<void(NodeConfig&)>& adjust = nullptr) {
    InitOptions options;
    options.chain_id = chain_id;
    options.kdf = crypto::KeyFileKdfParams::MinimumForTests();
    auto result = InitHome(layout_, kPassphrase, options);
    ASSERT_TRUE(result.ok()) << result.status();
    NodeConfig config;
    config.p2p.listen = HostPort{"127.0.0.1", 0};
    config.api.listen = HostPort{"127.0.0.1", 0};
    config.consensus.round_timeout_ms = 500;
    config.consensus.empty_block_interval_ms = 100;  // at most half the round timeout
    if (adjust) adjust(config);
    ASSERT_TRUE(core::WritePrivateFileAtomically(layout_.node_config, NodeConfigToJson(config),
                                                 core::Overwrite::kYes)
                    .ok());
  }

  fs::path root_;
  HomeLayout layout_;
};

TEST_F(DaemonTest, InitCreatesTheHomeLayoutWithPrivateFiles) {
  Init();
  for (const auto& file : {layout_.node_config, layout_.node_key, layout_.genesis}) {
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
    EXPECT_EQ(st.st_mode & 077, 0u) << file;
  }
  EXPECT_TRUE(fs::is_directory(layout_.safety_dir));
  // Re-running init keeps the key.
  InitOptions options;
  options.kdf = crypto::KeyFileKdfParams::MinimumForTests();
  auto again = InitHome(layout_, kPassphrase, options);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created_key);
  EXPECT_FALSE(again->created_genesis);
}

TEST_F(DaemonTest, InitPointsTheRecordServiceAtTheLocalDepartmentsAccountKey) {
  InitOptions options;
  options.kdf = crypto::KeyFileKdfParams::MinimumForTests();
  ASSERT_TRUE(InitHome(layout_, kPassphrase, options).ok());
  auto config = ParseNodeConfig(core::ReadFileLimited(layout_.node_config, 1 << 20).value());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->records.account_key_file, "account_key.json");
  EXPECT_TRUE(fs::exists(layout_.config_dir / "account_key.json"));
}

TEST_F(DaemonTest, RefusesAKeyFileReadableByOthers) {
  Init();
  fs::permissions(layout_.node_key, fs::perms::others_read, fs::perm_options::add);
  auto daemon = Daemon::Open(layout_, kPassphrase);
  ASSERT_FALSE(daemon.ok());
  EXPECT_EQ(daemon.status().code(), core::StatusCode::kPermissionDenied);
  EXPECT_NE(daemon.status().message().find("refusing to start"), std::string::npos);
}

TEST_F(DaemonTest, RefusesWhenAnotherProcessHoldsTheDataDirectory) {
  Init();
  auto lock = DataDirLock::Acquire(layout_.lock_file);
  ASSERT_TRUE(lock.ok());
  auto daemon = Daemon::Open(layout_, kPassphrase);
  ASSERT_FALSE(daemon.ok());
  EXPECT_EQ(daemon.status().code(), core::StatusCode::kFailedPrecondition);
}

TEST_F(DaemonTest, RefusesAWrongPassphrase) {
  Init();
  auto daemon = Daemon::Open(layout_, "not the passphrase");
  ASSERT_FALSE(daemon.ok());
  EXPECT_EQ(daemon.status().code(), core::StatusCode::kPermissionDenied);
}

TEST_F(DaemonTest, RefusesAGenesisThatDoesNotMatchTheData) {
  Init("chain-a");
  {
    auto daemon = Daemon::Open(layout_, kPassphrase);
    ASSERT_TRUE(daemon.ok()) << daemon.status();
  }
  // Another chain's genesis over this data directory.
  fs::remove(layout_.genesis);
  InitOptions options;
  options.chain_id = "chain-b";
  options.kdf = crypto::KeyFileKdfParams::MinimumForTests();
  fs::remove(layout_.config_dir / "account_key.json");
  ASSERT_TRUE(InitHome(layout_, kPassphrase, options).ok());
  auto daemon = Daemon::Open(layout_, kPassphrase);
  ASSERT_FALSE(daemon.ok());
  EXPECT_EQ(daemon.status().code(), core::StatusCode::kFailedPrecondition);
}

TEST_F(DaemonTest, CreatesMissingDataDirectoriesOnStart) {
  Init();
  fs::remove_all(layout_.data_dir);  // a home written by another tool holds only config/
  auto daemon = Daemon::Open(layout_, kPassphrase);
  ASSERT_TRUE(daemon.ok()) << daemon.status();
  EXPECT_TRUE(fs::is_directory(layout_.safety_dir));
  EXPECT_EQ(fs::status(layout_.data_dir).permissions() & fs::perms::group_all, fs::perms::none);
}

TEST_F(DaemonTest, SingleValidatorCommitsAndShutsDownCleanly) {
  Init();
  auto daemon = Daemon::Open(layout_, kPassphrase);
  ASSERT_TRUE(daemon.ok()) << daemon.status();
  auto addresses = (*daemon)->Start();
  ASSERT_TRUE(addresses.ok()) << addresses.status();
  EXPECT_NE(addresses->api_port, 0);
  // n = 1: the only validator proposes, votes and commits on its own, every round.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool committed = false;
  while (!committed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    committed = (*daemon)->committed_height() >= 3;
  }
  EXPECT_TRUE(committed) << "height " << (*daemon)->committed_height();
  EXPECT_FALSE((*daemon)->halted());
  (*daemon)->Shutdown();
  daemon->reset();
  // The data directory is free again and the chain reopens at the height it reached.
  auto reopened = Daemon::Open(layout_, kPassphrase);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_GE((*reopened)->committed_height(), 3u);
}

// GET /metrics reports the node's memory: its resident set, the heap as the reader it was given
// counts it, and LevelDB's caches and memtables.
TEST_F(DaemonTest, ReportsItsMemoryInMetrics) {
  Init();
  const HeapReader fake_heap = [] { return HeapBytes{.allocated = 123456789, .free = 98765}; };
  auto daemon = Daemon::Open(layout_, kPassphrase, fake_heap);
  ASSERT_TRUE(daemon.ok()) << daemon.status();
  auto addresses = (*daemon)->Start();
  ASSERT_TRUE(addresses.ok()) << addresses.status();
  namespace http = boost::beast::http;
  const auto sample = [](const std::string& text, const std::string& name) {
    const size_t at = text.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(text.substr(at + name.size() + 2));
  };
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    testing::TestHttpClient client(addresses->api_port);
    const auto r = client.Request(http::verb::get, "/metrics");
    ASSERT_EQ(r.status, 200) << r.body;
    text = r.body;
    if (sample(text, "credchain_heap_allocated_bytes") > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(sample(text, "credchain_heap_allocated_bytes"), 123456789.0) << text;
  EXPECT_EQ(sample(text, "credchain_heap_free_bytes"), 98765.0);
  EXPECT_GT(sample(text, "process_resident_memory_bytes"), 1024.0 * 1024.0);
  // The two stores' block caches charge nothing yet, but a memtable starts with an arena block.
  EXPECT_GT(sample(text, "credchain_store_memory_bytes"), 0.0);
  (*daemon)->Shutdown();
}

// A ?wait=commit request still waiting when the node stops: the daemon answers nothing more and
// goes without touching its HTTP io_context after that is gone (its waiters held the request's
// timer and session past it; AddressSanitizer, which CI runs the unit tests under, caught it).
TEST_F(DaemonTest, ShutsDownWithACommitWaitPending) {
  Init(testing::kChainId, [](NodeConfig& c) { c.records.account_key_file = kInitAccountKeyFile; });
  auto daemon = Daemon::Open(layout_, kPassphrase);
  ASSERT_TRUE(daemon.ok()) << daemon.status();
  auto addresses = (*daemon)->Start();
  ASSERT_TRUE(addresses.ok()) << addresses.status();
  auto key = crypto::LoadKeyFile(layout_.config_dir / kInitAccountKeyFile, kPassphrase);
  ASSERT_TRUE(key.ok()) << key.status();
  // Sequence 5 while the account's next is 1: admitted behind the gap, never committed.
  const ledger::SignedTx stx = testing::PublishTx(*key, 5, testing::DigestOf("never committed"));
  const std::string body = api::ToJson(api::SubmitTxRequest{core::EncodeToBytes(stx)});
  testing::TestHttpClient waiting(addresses->api_port);
  ASSERT_TRUE(
      waiting.SendRaw("POST /v1/txs?wait=commit&timeout_ms=60000 HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/json\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body));
  namespace http = boost::beast::http;
  const std::string path =
      "/v1/txs/" + core::HexEncode(ledger::TxId(crypto::HashSuite::kSha256, stx.tx));
  bool pending = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!pending && std::chrono::steady_clock::now() < deadline) {
    testing::TestHttpClient reader(addresses->api_port);
    const auto r = reader.Request(http::verb::get, path);
    pending = r.status == 200 && nlohmann::json::parse(r.body)["status"] == "pending";
    if (!pending) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(pending) << "the tx never reached the mempool";
  (*daemon)->Shutdown();
  daemon->reset();
}

// A department node: records.account_key_file (the account key init wrote) turns on the record
// store and POST /v1/records behind the write token; a published record's content is served by
// GET /v1/records once its anchor commits.
TEST_F(DaemonTest, ServesTheRecordStoreOfADepartmentNode) {
  Init("daemon-test", [](NodeConfig& c) {
    c.records.account_key_file = "account_key.json";
    c.api.write_token = "department-token";
  });
  auto daemon = Daemon::Open(layout_, kPassphrase);
  ASSERT_TRUE(daemon.ok()) << daemon.status();
  auto addresses = (*daemon)->Start();
  ASSERT_TRUE(addresses.ok()) << addresses.status();
  EXPECT_TRUE(fs::is_directory(layout_.data_dir / "records"));

  namespace http = boost::beast::http;
  const nlohmann::json body = {{"schema_id", "administrative-penalty"},
                               {"record", nlohmann::json::parse(testing::PenaltyRecordJson(
                                              "某市监罚〔2026〕7号", "2026-11-20"))}};
  testing::TestHttpClient anonymous(addresses->api_port);
  EXPECT_EQ(anonymous.Request(http::verb::post, "/v1/records", body.dump()).status, 401);
  testing::TestHttpClient client(addresses->api_port);
  const auto published = client.Request(http::verb::post, "/v1/records", body.dump(),
                                        {{"Authorization", "Bearer department-token"}});
  ASSERT_EQ(published.status, 202) << published.body;

  const std::string path = std::string("/v1/records?subject=") + testing::kEnterprise;
  nlohmann::json records;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    testing::TestHttpClient reader(addresses->api_port);
    const auto r = reader.Request(http::verb::get, path);
    ASSERT_EQ(r.status, 200) << r.body;
    records = nlohmann::json::parse(r.body)["records"];
    if (!records.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(records.size(), 1u) << records.dump();
  EXPECT_EQ(records[0]["content"]["decision_doc_no"], "某市监罚〔2026〕7号");
  (*daemon)->Shutdown();
}

TEST_F(DaemonTest, RefusesARecordsAccountKeyReadableByOthers) {
  Init("daemon-test", [](NodeConfig& c) { c.records.account_key_file = "account_key.json"; });
  fs::permissions(layout_.config_dir / "account_key.json", fs::perms::group_read,
                  fs::perm_options::add);
  auto daemon = Daemon::Open(layout_, kPassphrase);
  ASSERT_FALSE(daemon.ok());
  EXPECT_NE(daemon.status().message().find("records.account_key_file"), std::string::npos)
      << daemon.status();
}

}  // namespace
}  // namespace credchain::node
