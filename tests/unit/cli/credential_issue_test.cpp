// credchain credential issue --node | --offline: signing and anchoring in one step against a
// fake node (what is anchored, by which key, waiting for the commit) and the failure paths
// (flag combinations, unreachable node, another chain, a contract refusal).
#include <time.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "contracts/credential_payloads.h"
#include "core/codec.h"
#include "core/hex.h"
#include "crypto/did_key.h"
#include "ledger/tx.h"
#include "node/api/api_json.h"
#include "signing_fixture.h"

namespace credchain::cli {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::FakeNode;
using testing::FakeResponse;
using testing::KeyFromByte;
using testing::kPassphraseEnv;
using testing::RunCli;

class CredentialIssueTest : public testing::SigningTest {
 protected:
  void SetUp() override {
    SigningTest::SetUp();
    SaveKey(issuer_file_, issuer_);
    SaveKey(account_file_, account_);
    testing::WriteFile(claims_, testing::kCreditGradeClaims);
  }

  // Chain `chain` at height 7 (sha256); any sender's next sequence is 3; POST /v1/txs records
  // the transaction in sent_ and answers with `submit`.
  FakeNode::Handler Node(std::string chain,
                         std::function<FakeResponse(const ledger::SignedTx&)> submit) {
    return testing::FakeChain{.chain_id = std::move(chain),
                              .next_sequence = 3,
                              .submit =
                                  [this, submit](const ledger::SignedTx& stx) {
                                    sent_ = stx;
                                    return submit(stx);
                                  }}
        .Handler();
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
                                     kPassphraseEnv};
    args.insert(args.end(), mode.begin(), mode.end());
    return RunCli(args);
  }

  const int64_t iat_s_ = static_cast<int64_t>(::time(nullptr)) - 60;
  crypto::SecretKey issuer_ = KeyFromByte(1), account_ = KeyFromByte(3);
  std::string issuer_file_ = dir_.Sub("issuer.json"), account_file_ = dir_.Sub("account.json");
  std::string claims_ = dir_.Sub("claims.json"), out_ = dir_.Sub("grade.cred.json");
  std::optional<ledger::SignedTx> sent_;
};

TEST_F(CredentialIssueTest, NodeAnchorsTheIdAndWaitsForTheCommit) {
  FakeNode node(Node("nj", [](const auto& stx) { return testing::Committed(stx); }));
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
  FakeNode node(Node("nj", [](const auto& stx) { return testing::Committed(stx); }));
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
              kPassphraseEnv,
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
  FakeNode node(Node("nj", [](const auto& stx) { return testing::Committed(stx); }));
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
  FakeNode other(Node("sh", [](const auto& stx) { return testing::Committed(stx); }));
  r = Issue({"--node", other.url()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "chain \"sh\"")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out_));
  EXPECT_FALSE(sent_.has_value());
  ::setenv(kPassphraseEnv, "wrong", 1);
  EXPECT_EQ(Issue({"--node", other.url(), "--account-key", account_file_}).exit_code, 4);
}

TEST_F(CredentialIssueTest, ContractRefusalIsExitOneAndSaysTheCredentialIsNotAnchored) {
  FakeNode node(Node("nj", [](const auto& stx) {
    return testing::Committed(stx, core::RejectCode::kUnauthorized);
  }));
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
