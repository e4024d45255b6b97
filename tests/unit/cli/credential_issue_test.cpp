// credchain credential issue --node | --offline: signing and anchoring in one step against a
// fake node (what is anchored, by which key, waiting for the commit), batch issuance of copies
// (one per holder key, anchored by their Merkle root) and the failure paths (flag combinations,
// unreachable node, another chain, a contract refusal, a taken file name).
#include <time.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "contracts/credential_payloads.h"
#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "credentials/sd_jwt.h"
#include "credentials/wallet.h"
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
    return IssueTo(out_, {crypto::EncodeDidKey(KeyFromByte(2).public_key())}, std::move(mode));
  }

  testing::CliResult IssueTo(const std::string& out, const std::vector<std::string>& holders,
                             std::vector<std::string> mode) {
    std::vector<std::string> args = {"--json",
                                     "credential",
                                     "issue",
                                     "--schema",
                                     "credit-grade-samr-risk",
                                     "--claims",
                                     claims_,
                                     "--key",
                                     issuer_file_,
                                     "--issuer",
                                     "did:credchain:nj:samr#k1",
                                     "--status-list",
                                     "credchain://nj/status-lists/samr/1",
                                     "--status-index",
                                     status_index_,
                                     "--iat",
                                     std::to_string(iat_s_),
                                     "--valid-days",
                                     "10",
                                     "--out",
                                     out,
                                     "--passphrase-env",
                                     kPassphraseEnv};
    for (const std::string& holder : holders) args.insert(args.end(), {"--holder", holder});
    if (text_output_) args.erase(args.begin());  // drop --json
    args.insert(args.end(), mode.begin(), mode.end());
    return RunCli(args);
  }

  const int64_t iat_s_ = static_cast<int64_t>(::time(nullptr)) - 60;
  crypto::SecretKey issuer_ = KeyFromByte(1), account_ = KeyFromByte(3);
  std::string issuer_file_ = dir_.Sub("issuer.json"), account_file_ = dir_.Sub("account.json");
  std::string claims_ = dir_.Sub("claims.json"), out_ = dir_.Sub("grade.cred.json");
  std::string status_index_ = "17";
  bool text_output_ = false;
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

// The issuer-signed JWT's payload of a credential file.
json PayloadOf(const credentials::HeldCredential& held) {
  const auto sd_jwt = credentials::SdJwt::Parse(held.sd_jwt);
  const std::string& jwt = sd_jwt->issuer_jwt;
  const size_t first = jwt.find('.'), second = jwt.find('.', first + 1);
  const auto bytes = core::Base64UrlDecode(jwt.substr(first + 1, second - first - 1));
  return json::parse(std::string(bytes->begin(), bytes->end()));
}

credentials::HeldCredential ReadCredentialFile(const std::string& path) {
  auto held = credentials::HeldCredential::FromJson(testing::ReadFile(path));
  EXPECT_TRUE(held.ok()) << held.status();
  return held.ok() ? *held : credentials::HeldCredential{};
}

std::vector<std::string> Holders(std::initializer_list<uint8_t> seeds) {
  std::vector<std::string> dids;
  for (uint8_t seed : seeds) dids.push_back(crypto::EncodeDidKey(KeyFromByte(seed).public_key()));
  return dids;
}

TEST_F(CredentialIssueTest, SeveralHoldersGetOneCopyEachAnchoredAlone) {
  std::vector<ledger::SignedTx> anchors;
  FakeNode node(Node("nj", [&anchors](const auto& stx) {
    anchors.push_back(stx);
    return testing::Committed(stx);
  }));
  const uint8_t seeds[] = {2, 4, 5};
  auto r = IssueTo(dir_.Sub("grade.{i}.cred.json"), Holders({seeds[0], seeds[1], seeds[2]}),
                   {"--node", node.url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  EXPECT_TRUE(out["anchored"]);
  ASSERT_EQ(out["copies"].size(), 3u);
  ASSERT_EQ(anchors.size(), 3u);
  std::set<std::string> ids;
  for (uint8_t i = 0; i < 3; ++i) {
    const json& copy = out["copies"][i];
    const std::string file = dir_.Sub("grade." + std::to_string(i + 1) + ".cred.json");
    EXPECT_EQ(copy["file"], file);
    EXPECT_EQ(copy["status_index"], 17 + i);
    const credentials::HeldCredential held = ReadCredentialFile(file);
    EXPECT_EQ(core::HexEncode(held.Id()), copy["id"]);
    EXPECT_EQ(held.anchor.kind, credentials::AnchorKind::kSingle);
    EXPECT_FALSE(held.openings.empty());
    ids.insert(copy["id"]);
    // Each copy binds its own holder key and status entry.
    const json vc = PayloadOf(held);
    EXPECT_EQ(vc["status"]["status_list"]["idx"], 17 + i);
    EXPECT_EQ(vc["cnf"]["jwk"]["x"],
              core::Base64UrlEncode(KeyFromByte(seeds[i]).public_key().bytes));
    // Its own anchor transaction, in sequence from the sender's next one.
    const ledger::SignedTx& stx = anchors[i];
    EXPECT_EQ(stx.tx.kind, ledger::TxKind::kCredentialAnchor);
    EXPECT_EQ(stx.tx.sequence, 3u + i);
    EXPECT_TRUE(ledger::VerifyTxSignature(stx).ok());
    EXPECT_EQ(copy["anchor"]["tx"],
              core::HexEncode(ledger::TxId(crypto::HashSuite::kSha256, stx.tx)));
    auto payload = core::DecodeExact<contracts::CredentialAnchorPayload>(stx.tx.payload);
    ASSERT_TRUE(payload.ok()) << payload.status();
    EXPECT_EQ(payload->credential_id, held.Id());
    EXPECT_EQ(payload->terms.schema_id, "credit-grade-samr-risk");
  }
  EXPECT_EQ(ids.size(), 3u);  // fresh salts: three different credentials
}

TEST_F(CredentialIssueTest, OfflineCopiesAreWrittenWithAnAnchorCommandEach) {
  const std::vector<std::string> holders = Holders({2, 4});
  status_index_ = "40";
  text_output_ = true;
  // One --holder flag with a comma-separated list.
  auto r = IssueTo(dir_.Sub("g{i}.json"), {holders[0] + "," + holders[1]}, {"--offline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "copies:        2")) << r.out;
  EXPECT_TRUE(Contains(r.out, "copy 2 (status index 41)")) << r.out;
  for (int i = 1; i <= 2; ++i) {
    const auto held = ReadCredentialFile(dir_.Sub("g" + std::to_string(i) + ".json"));
    EXPECT_TRUE(Contains(r.out, "anchor --credential-id " + core::HexEncode(held.Id()))) << r.out;
  }
  EXPECT_FALSE(sent_.has_value());
}

TEST_F(CredentialIssueTest, ARefusedCopyAnchorSaysWhichCopiesAreAnchored) {
  int submitted = 0;
  FakeNode node(Node("nj", [&submitted](const auto& stx) {
    return ++submitted == 2 ? testing::Committed(stx, core::RejectCode::kUnauthorized)
                            : testing::Committed(stx);
  }));
  auto r = IssueTo(dir_.Sub("c{i}.json"), Holders({2, 4, 5}), {"--node", node.url()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(submitted, 2);  // stops at the refusal
  EXPECT_TRUE(Contains(r.err, "copy 2 of 3")) << r.err;
  EXPECT_TRUE(Contains(r.err, "1 before it anchored, 1 after it not")) << r.err;
  EXPECT_TRUE(Contains(r.err, "c2.json but NOT anchored")) << r.err;
  for (const char* file : {"c1.json", "c2.json", "c3.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir_.Sub(file))) << file;
  }
}

TEST_F(CredentialIssueTest, BadCopyRequestsWriteNothingAndSendNothing) {
  FakeNode node(Node("nj", [](const auto& stx) { return testing::Committed(stx); }));
  const std::vector<std::string> mode = {"--node", node.url()};
  // Several holders need a file pattern.
  auto r = IssueTo(out_, Holders({2, 4}), mode);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "{i}")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out_));
  // A malformed second holder names its position.
  const std::string pattern = dir_.Sub("c{i}.json");
  r = IssueTo(pattern, {Holders({2})[0], "did:key:z6MkNotAKey"}, mode);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "--holder 2")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("c1.json")));
  // A taken name for copy 2: copy 1 is not written either, and nothing is anchored.
  testing::WriteFile(dir_.Sub("c2.json"), "taken");
  r = IssueTo(pattern, Holders({2, 4}), mode);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "c2.json")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("c1.json")));
  EXPECT_EQ(testing::ReadFile(dir_.Sub("c2.json")), "taken");
  // A status index whose copies would pass the 32-bit status-list range.
  std::filesystem::remove(dir_.Sub("c2.json"));
  status_index_ = "4294967295";
  r = IssueTo(pattern, Holders({2, 4}), mode);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "--status-index")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("c1.json")));
  EXPECT_FALSE(sent_.has_value());
}

}  // namespace
}  // namespace credchain::cli
