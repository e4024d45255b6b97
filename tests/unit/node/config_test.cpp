#include "node/config.h"

#include <gtest/gtest.h>

#include "cli/testnet_init.h"

namespace credchain::node {
namespace {

TEST(ConfigTest, EmptyObjectGivesDocumentedDefaults) {
  const NodeConfig c = ParseNodeConfig("{}").value();
  EXPECT_EQ(c, NodeConfig{});
  EXPECT_EQ(c.p2p.listen.ToString(), "0.0.0.0:26656");
  EXPECT_EQ(c.api.listen.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(c.p2p.max_frame_bytes, 8u * 1024 * 1024);
  EXPECT_EQ(c.log_level, core::LogLevel::kInfo);
}

TEST(ConfigTest, RoundTripsThroughItsJsonForm) {
  NodeConfig c;
  c.log_level = core::LogLevel::kDebug;
  c.p2p.listen = {"::1", 7000};
  c.p2p.peers.push_back(ParsePeerAddress("127.0.0.1:7001").value());
  c.p2p.peers.push_back(ParsePeerAddress(std::string(64, 'a') + "@10.1.2.3:7002").value());
  c.api.write_token = "tok";
  c.api.max_requests_per_connection = 7;
  c.api.keep_alive_timeout_ms = 1500;
  c.mempool.verify_threads = 2;
  c.consensus.round_timeout_ms = 700;
  c.consensus.empty_block_interval_ms = 350;
  c.records.account_key_file = "keys/tax.json";
  c.records.tx_lifetime_blocks = 50;
  const std::string text = NodeConfigToJson(c);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\"[::1]:7000\""), std::string::npos) << text;
  EXPECT_EQ(ParseNodeConfig(text).value(), c);
}

TEST(ConfigTest, OverridesOnlyWhatIsGiven) {
  const NodeConfig c =
      ParseNodeConfig(R"({"p2p":{"max_peers":7,"peers":["127.0.0.1:1"]},"log_level":"warn"})")
          .value();
  EXPECT_EQ(c.p2p.max_peers, 7u);
  ASSERT_EQ(c.p2p.peers.size(), 1u);
  EXPECT_EQ(c.p2p.peers[0].address.port, 1);
  EXPECT_FALSE(c.p2p.peers[0].key.has_value());
  EXPECT_EQ(c.log_level, core::LogLevel::kWarn);
  EXPECT_EQ(c.p2p.handshake_timeout_ms, P2pConfig{}.handshake_timeout_ms);
}

TEST(ConfigTest, RefusesBadValuesNamingTheMember) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"", "node.json: not valid JSON"},
      {"[]", "node.json: expected an object"},
      {R"({"p2p":{"max_peer":3}})", "p2p.max_peer: unknown member"},
      {R"({"typo":1})", "typo: unknown member"},
      {R"({"p2p":{"max_peers":0}})", "p2p.max_peers: must be between 1 and 1000"},
      {R"({"p2p":{"max_peers":"5"}})", "p2p.max_peers: expected an integer"},
      {R"({"p2p":{"max_peers":1.5}})", "p2p.max_peers: expected an integer"},
      {R"({"p2p":{"max_peers":18446744073709551615}})", "p2p.max_peers: out of range"},
      {R"({"p2p":{"listen":"localhost:1"}})", "p2p.listen: host must be an IP address"},
      {R"({"p2p":{"listen":"1.2.3.4"}})", "p2p.listen: expected host:port"},
      {R"({"p2p":{"listen":"1.2.3.4:70000"}})", "p2p.listen: port must be 0..65535"},
      {R"({"p2p":{"listen":"1.2.3.256:1"}})", "p2p.listen: host must be an IP address"},
      {R"({"p2p":{"listen":"::1:1"}})", "p2p.listen: write IPv6 addresses as [addr]:port"},
      {R"({"p2p":{"peers":"1.2.3.4:5"}})", "p2p.peers: expected an array"},
      {R"({"p2p":{"peers":["1.2.3.4:0"]}})", "p2p.peers[0]: peer port must not be 0"},
      {R"({"p2p":{"peers":["1.2.3.4:5","zz@1.2.3.4:5"]}})", "p2p.peers[1]: peer key:"},
      {R"({"p2p":"x"})", "p2p: expected an object"},
      {R"({"log_level":"loud"})", "log_level: expected debug"},
      {R"({"api":{"write_token":5}})", "api.write_token: expected a string"},
      {R"({"api":{"max_requests_per_connection":0}})", "api.max_requests_per_connection: must be"},
      {R"({"api":{"keep_alive_timeout_ms":10}})", "api.keep_alive_timeout_ms: must be between"},
      {R"({"p2p":{"reconnect_min_ms":5000,"reconnect_max_ms":1000}})",
       "p2p.reconnect_min_ms: must not exceed"},
      {R"({"p2p":{"max_frame_bytes":1048576}})", "consensus.max_block_bytes: must be at least"},
      {R"({"p2p":{"ping_interval_ms":40000}})", "p2p.idle_timeout_ms: must exceed"},
      {R"({"consensus":{"empty_block_interval_ms":501}})",
       "consensus.empty_block_interval_ms: must be at most half"},
      {R"({"consensus":{"round_timeout_ms":600}})",
       "consensus.empty_block_interval_ms: must be at most half"},
      {R"({"consensus":{"empty_block_interval_ms":-1}})", "consensus.empty_block_interval_ms:"},
      {R"({"records":{"account_key":"a.json"}})", "records.account_key: unknown member"},
      {R"({"records":{"tx_lifetime_blocks":0}})", "records.tx_lifetime_blocks: must be between"},
  };
  for (const Case& c : cases) {
    const auto r = ParseNodeConfig(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), core::StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message().rfind(c.message, 0), 0u)
        << c.json << " -> " << r.status().message();
  }
}

// `credchain testnet init` refuses more verify threads than the daemon takes, with its own copy
// of the limit (the CLI does not link the daemon's config): the two must agree.
TEST(ConfigTest, TakesAsManyVerifyThreadsAsTestnetInitMayWrite) {
  const std::string at_limit =
      R"({"mempool":{"verify_threads":)" + std::to_string(cli::kMaxVerifyThreads) + "}}";
  const auto parsed = ParseNodeConfig(at_limit);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->mempool.verify_threads, cli::kMaxVerifyThreads);
  const std::string above =
      R"({"mempool":{"verify_threads":)" + std::to_string(cli::kMaxVerifyThreads + 1) + "}}";
  EXPECT_FALSE(ParseNodeConfig(above).ok());
}

TEST(ConfigTest, ParsesPeerAddresses) {
  const std::string key(64, 'b');
  const PeerAddress p = ParsePeerAddress(key + "@[fe80::1]:26656").value();
  EXPECT_EQ(p.address.host, "fe80::1");
  EXPECT_EQ(p.address.port, 26656);
  ASSERT_TRUE(p.key.has_value());
  EXPECT_EQ(p.key->ToHex(), key);
  EXPECT_EQ(p.ToString(), key + "@[fe80::1]:26656");
  EXPECT_FALSE(ParsePeerAddress(std::string(62, 'b') + "@1.2.3.4:5").ok());
  EXPECT_FALSE(ParsePeerAddress("1.2.3.4:5x").ok());
  EXPECT_FALSE(ParsePeerAddress("[1.2.3.4]:5").ok());
  EXPECT_FALSE(ParsePeerAddress(":5").ok());
}

}  // namespace
}  // namespace credchain::node
