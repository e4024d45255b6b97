// credchain credential issue --node | --offline: signing and anchoring in one step against a
// fake node (what is anchored, by which key, waiting for the commit) and the failure paths
// (flag combinations, unreachable node, another chain, a contract refusal).
#include <stdlib.h>
#include <time.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "contracts/credential_payloads.h"
#include "core/codec.h"
#include "core/hex.h"
#include "crypto/did_key.h"
#include "crypto/key_file.h"
#include "fake_node.h"
#include "ledger/tx.h"
#include "node/api/api_json.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::FakeNode;
using testing::FakeRequest;
using testing::FakeResponse;
using testing::RunCli;

constexpr char kEnv[] = "CREDCHAIN_TEST_PASSPHRASE";

crypto::SecretKey KeyFromByte(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

class CredentialIssueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv(kEnv, "correct horse", 1);
    for (const auto& [path, key] :
         {std::pair{&issuer_file_, &issuer_}, {&account_file_, &account_}}) {
      ASSERT_TRUE(crypto::SaveKeyFile(*path, *key, "correct horse",
                                      crypto::KeyFileKdfParams::MinimumForTests(),
                                      core::Overwrite::kNo)
                      .ok());
    }
    std::ofstream(claims_) << R"({"subject_name":"Acme","subject_uscc":"91512081MA62K0260E",)"
                              R"("grade":"B","evaluation_year":2025,"valid_from":"2026-01-01",)"
                              R"("valid_until":"2027-12-31","evaluator":"SAMR Nanjing",)"
                              R"("evaluator_uscc":"91512081MA62K0260E"})";
  }
  void TearDown() override { ::unsetenv(kEnv); }

  // A node of chain `chain` at height 7 (sha256); any sender's next sequence is 3; POST /v1/txs
  // records the transaction and answers with `submit`.
  FakeNode::Handler Node(std::string chain,
                         std::function<FakeResponse(const ledger::SignedTx&)> submit) {
    return [this, chain, submit](const FakeRequest& r) -> FakeResponse {
      if (r.target == "/v1/status") {
        node::api::NodeStatus s;
        s.chain_id = chain;
        s.height = 7;
        return {200, node::api::ToJson(s)};
      }
      if (r.target == "/v1/blocks/7") return {200, R"({"header":{"suite":"sha256"}})"};
      if (r.target.starts_with("/v1/accounts/")) return {200, R"({"next_sequence":3})"};
      if (r.method == "POST" && r.target.starts_with("/v1/txs")) {
        auto request = node::api::SubmitTxRequestFromJson(r.body);
        auto stx = core::DecodeExact<ledger::SignedTx>(request->signed_tx);
        sent_ = *stx;
        return submit(*stx);
      }
      return {404, R"({"error":{"code":"not_found","message":"no such route"}})"};
    };
  }

  static FakeResponse Committed(const ledger::SignedTx& stx, core::RejectCode code) {
    node::api::SubmitTxResponse r;
    r.tx_id = ledger::TxId(crypto::HashSuite::kSha256, stx.tx);
    r.state = node::api::TxState::kCommitted;
    r.height = 8;
    r.receipt = node::api::ApiReceipt{code, code == core::RejectCode::kNone ? "" : "not yours", {}};
    return {200, node::api::ToJson(r)};
  }

  testing::CliResult Issue(std::vector<std::string> mode) {
    std::vector<std::string> args = {"--json",
                                     "credential",
                                     "issue",
                                     "--schema",
                                     "credit-grade-samr-risk",
                                     "--claims",
                                     claims_,
                                     "--holder",
                                     crypto::EncodeDidKey(KeyFromByte(2).public_key()),
                                     "--key",
                                     issuer_file_,
                                     "--issuer",
                                     "did:credchain:nj:samr#k1",
                                     "--status-list",
                                     "credchain://nj/status-lists/samr/1",
                                     "--status-index",
                                     "17",
                                     "--iat",
                                     std::to_string(iat_s_),
                                     "--valid-days",
                                     "10",
                                     "--out",
                                     out_,
                                     "--passphrase-env",
                                     kEnv};
    args.insert(args.end(), mode.begin(), mode.end());
    return RunCli(args);
  }

  const int64_t iat_s_ = static_cast<int64_t>(::time(nullptr)) - 60;
  credchain::testing::TempDir dir_;
  crypto::SecretKey issuer_ = KeyFromByte(1), account_ = KeyFromByte(3);
  std::string issuer_file_ = dir_.Sub("issuer.json"), account_file_ = dir_.Sub("account.json");
  std::string claims_ = dir_.Sub("claims.json"), out_ = dir_.Sub("grade.cred.json");
  std::optional<ledger::SignedTx> sent_;
};

TEST_F(CredentialIssueTest, NodeAnchorsTheIdAndWaitsForTheCommit) {
  FakeNode node(
      Node("nj", [](const auto& stx) { return Committed(stx, core::RejectCode::kNone); }));
  auto r = Issue({"--node", node.url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  ASSERT_TRUE(sent_.has_value());
  EXPECT_TRUE(out["anchored"]);
  EXPECT_EQ(out["anchor"]["height"], 8);
  EXPECT_EQ(out["anchor"]["tx"],
            core::HexEncode(ledger::TxId(crypto::HashSuite::kSha256, sent_->tx)));
  EXPECT_EQ(sent_->tx.kind, ledger::TxKind::kCredentialAnchor);
  EXPECT_EQ(sent_->tx.chain_id, "nj");
  EXPECT_EQ(sent_->tx.sequence, 3u);
  EXPECT_EQ(sent_->tx.sender, issuer_.public_key());  // default: the issuer key is the account key
  EXPECT_TRUE(ledger::VerifyTxSignature(*sent_).ok());
  auto payload = core::DecodeExact<contracts::CredentialAnchorPayload>(sent_->tx.payload);
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_EQ(core::HexEncode(payload->credential_id), out["id"]);
  EXPECT_EQ(payload->terms.schema_id, "credit-grade-samr-risk");
  EXPECT_EQ(payload->terms.schema_version, 1u);
  EXPECT_EQ(payload->terms.key_id, "k1");
  EXPECT_EQ(payload->terms.valid_until_ms, static_cast<uint64_t>(iat_s_ + 10 * 86400) * 1000);
  EXPECT_TRUE(node.requests().back().target.starts_with("/v1/txs?wait=commit"));
  EXPECT_TRUE(std::filesystem::exists(out_));
}

TEST_F(CredentialIssueTest, AccountKeySignsTheAnchorAndTextOutputSaysSo) {
  FakeNode node(
      Node("nj", [](const auto& stx) { return Committed(stx, core::RejectCode::kNone); }));
  std::vector<std::string> mode = {"--node", node.url(), "--account-key", account_file_};
  auto r = Issue(mode);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sent_->tx.sender, account_.public_key());
  std::filesystem::remove(out_);
  r = RunCli({"credential",
              "issue",
              "--schema",
              "credit-grade-samr-risk",
              "--claims",
              claims_,
              "--holder",
              crypto::EncodeDidKey(KeyFromByte(2).public_key()),
              "--key",
              issuer_file_,
              "--issuer",
              "did:credchain:nj:samr#k1",
              "--status-list",
              "credchain://nj/status-lists/samr/1",
              "--status-index",
              "18",
              "--out",
              out_,
              "--passphrase-env",
              kEnv,
              "--offline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "anchored:      no (--offline)")) << r.out;
}

TEST_F(CredentialIssueTest, OfflineSignsWithoutTalkingToANode) {
  auto r = Issue({"--offline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(json::parse(r.out)["anchored"]);
  EXPECT_FALSE(json::parse(r.out).contains("anchor"));
}

TEST_F(CredentialIssueTest, BadFlagCombinationsAreUsageErrorsAndWriteNothing) {
  FakeNode node(
      Node("nj", [](const auto& stx) { return Committed(stx, core::RejectCode::kNone); }));
  for (const std::vector<std::string>& mode : {std::vector<std::string>{},
                                               {"--offline", "--node", node.url()},
                                               {"--offline", "--account-key", account_file_}}) {
    auto r = Issue(mode);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(Contains(r.err, "--node")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out_));
  }
  EXPECT_FALSE(sent_.has_value());
}

TEST_F(CredentialIssueTest, UnreachableNodeOrAnotherChainSignsAndWritesNothing) {
  auto r = Issue({"--node", "http://127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out_));
  FakeNode other(
      Node("sh", [](const auto& stx) { return Committed(stx, core::RejectCode::kNone); }));
  r = Issue({"--node", other.url()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "chain \"sh\"")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out_));
  EXPECT_FALSE(sent_.has_value());
  ::setenv(kEnv, "wrong", 1);
  EXPECT_EQ(Issue({"--node", other.url(), "--account-key", account_file_}).exit_code, 4);
}

TEST_F(CredentialIssueTest, ContractRefusalIsExitOneAndSaysTheCredentialIsNotAnchored) {
  FakeNode node(
      Node("nj", [](const auto& stx) { return Committed(stx, core::RejectCode::kUnauthorized); }));
  auto r = Issue({"--node", node.url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "unauthorized")) << r.err;
  EXPECT_TRUE(Contains(r.err, "NOT anchored")) << r.err;
  EXPECT_TRUE(r.out.empty());
  FakeNode refusing(Node("nj", [](const auto&) {
    return FakeResponse{409, R"({"error":{"code":"replay","message":"sequence 3 already used"}})"};
  }));
  std::filesystem::remove(out_);
  r = Issue({"--node", refusing.url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "replay")) << r.err;
}

}  // namespace
}  // namespace credchain::cli
