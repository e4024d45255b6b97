// credchain credential issue, wallet list|show|import, present and verify, run in-process: the
// whole holder journey with a predicate proof, offline verification against a trust file and a
// status proof bundle, and each command's failure paths.
#include <time.h>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "contract_bundle.h"
#include "core/hex.h"
#include "credentials/presentation.h"
#include "credentials/trust_file.h"
#include "crypto/did_key.h"
#include "fake_node.h"
#include "signing_fixture.h"

namespace credchain::cli {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::KeyFromByte;
using testing::kPassphraseEnv;
using testing::ReadFile;
using testing::RunCli;
using testing::WriteFile;

constexpr char kIssuer[] = "did:credchain:nj:samr";
constexpr char kStatusList[] = "credchain://nj/status-lists/samr/1";
constexpr char kAud[] = "did:credchain:nj:bank-a";

class CredentialCommandsTest : public testing::SigningTest {
 protected:
  void SetUp() override {
    SigningTest::SetUp();
    SaveKey(issuer_key_file_, issuer_);
    SaveKey(holder_key_file_, holder_);
    WriteFile(claims_, testing::kCreditGradeClaims);
  }

  testing::CliResult Issue(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--json",
                                     "credential",
                                     "issue",
                                     "--schema",
                                     "credit-grade-samr-risk",
                                     "--claims",
                                     claims_,
                                     "--holder",
                                     crypto::EncodeDidKey(holder_.public_key()),
                                     "--key",
                                     issuer_key_file_,
                                     "--issuer",
                                     std::string(kIssuer) + "#k1",
                                     "--status-list",
                                     kStatusList,
                                     "--status-index",
                                     "17",
                                     "--iat",
                                     std::to_string(now_ - 86400),
                                     "--out",
                                     credential_file_,
                                     "--passphrase-env",
                                     kPassphraseEnv,
                                     "--offline"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args);
  }

  testing::CliResult Present(const std::string& id, std::vector<std::string> prove,
                             const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "present",        "--credential", id,   "--wallet",         wallet_,       "--disclose",
        "subject_uscc",   "--aud",        kAud, "--nonce",          "n-1",         "--holder-key",
        holder_key_file_, "--out",        out,  "--passphrase-env", kPassphraseEnv};
    for (const std::string& p : prove) args.insert(args.end(), {"--prove", p});
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args);
  }

  // A trust file with the validators alone, and a proof bundle (the contracts' real state
  // layout) certifying the anchor of `id`, the issuer's key k1, its authorisation for the schema,
  // the status list and that entry 17's chunk is absent (all clear).
  void WriteTrustAndBundle(const std::string& id_hex) {
    const testing::ContractBundle made = testing::MakeContractBundle(
        {core::HexDecodeFixed<32>(id_hex).value(), "credit-grade-samr-risk", issuer_.public_key(),
         kStatusList, 17, static_cast<uint64_t>((now_ - 60) * 1000)});
    WriteFile(trust_file_, credentials::TrustFileToJson(made.trust));
    WriteFile(bundle_file_, credentials::StatusProofBundleToJson(made.bundle));
  }

  testing::CliResult VerifyOffline(const std::string& presentation, std::string nonce = "n-1") {
    return RunCli({"--json", "verify", "--presentation", presentation, "--aud", kAud, "--nonce",
                   nonce, "--offline", trust_file_, "--policy", policy_file_, "--now",
                   std::to_string(now_)});
  }

  const int64_t now_ = static_cast<int64_t>(::time(nullptr));
  crypto::SecretKey issuer_ = KeyFromByte(1), holder_ = KeyFromByte(2);
  std::string issuer_key_file_ = dir_.Sub("issuer.json"),
              holder_key_file_ = dir_.Sub("holder.json");
  std::string claims_ = dir_.Sub("claims.json"), credential_file_ = dir_.Sub("grade.cred.json");
  std::string wallet_ = dir_.Sub("wallet"), trust_file_ = dir_.Sub("trust.json");
  std::string bundle_file_ = dir_.Sub("bundle.json"), policy_file_ = dir_.Sub("policy.json");
};

TEST_F(CredentialCommandsTest, IssueImportPresentWithAPredicateAndVerifyOffline) {
  auto r = Issue({"--commit", "grade,valid_until"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json issued = json::parse(r.out);
  const std::string id = issued["id"];
  EXPECT_EQ(issued["committed"], json::array({"grade", "valid_until"}));

  r = RunCli({"wallet", "import", credential_file_, "--wallet", wallet_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "imported " + id)) << r.out;
  r = RunCli({"--json", "wallet", "list", "--wallet", wallet_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)[0]["id"], id);
  EXPECT_EQ(json::parse(r.out)[0]["committed"], json::array({"grade", "valid_until"}));
  r = RunCli({"wallet", "show", id.substr(0, 10), "--wallet", wallet_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "\"grade\": \"B\"")) << r.out;

  WriteTrustAndBundle(id);
  const std::string presentation = dir_.Sub("p.json");
  r = Present(id.substr(0, 12), {"grade>=2/8", "valid_until>=2026-12-02"}, presentation,
              {"--status-proof", bundle_file_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(ReadFile(presentation), "\"kind\":\"at_least\"")) << ReadFile(presentation);

  WriteFile(policy_file_, R"({"version":1,"accept":[{"schema":"credit-grade-samr-risk",
    "schema_version":1,"issuers":["did:credchain:nj:samr"],"required_claims":["subject_uscc"]}],
    "required_predicates":[{"claim":"grade","kind":"at_least","lower":2,"bits":8},
                           {"claim":"valid_until","kind":"at_least","lower":"2026-12-02"}]})");
  r = VerifyOffline(presentation);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const json report = json::parse(r.out);
  EXPECT_TRUE(report["accepted"]);
  EXPECT_EQ(report["disclosed"]["subject_uscc"], "91512081MA62K0260E");
  EXPECT_FALSE(report["disclosed"].contains("grade"));
  EXPECT_TRUE(Contains(r.out, "predicate:grade>=2")) << r.out;

  // The same presentation replayed with another nonce is rejected (exit 1), text report.
  r = RunCli({"verify", "--presentation", presentation, "--aud", kAud, "--nonce", "n-2",
              "--offline", trust_file_, "--policy", policy_file_, "--now", std::to_string(now_)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.out, "FAIL     nonce")) << r.out;
  EXPECT_TRUE(Contains(r.out, "REJECTED")) << r.out;
  // Without the status proof bundle offline verification cannot accept.
  const std::string bare = dir_.Sub("bare.json");
  ASSERT_EQ(Present(id.substr(0, 12), {"grade>=2/8", "valid_until>=2026-12-02"}, bare).exit_code,
            0);
  r = VerifyOffline(bare);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.out, "proof bundle")) << r.out;
}

// present --offline-proof --node: the bundle comes from GET /v1/credentials/{id} naming the
// credential's own status entry, and the offline verifier accepts it with the trust file alone.
TEST_F(CredentialCommandsTest, PresentFetchesTheOfflineProofFromTheNode) {
  auto r = Issue();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = json::parse(r.out)["id"];
  ASSERT_EQ(RunCli({"wallet", "import", credential_file_, "--wallet", wallet_}).exit_code, 0);
  WriteTrustAndBundle(id);
  const std::string expected =
      "/v1/credentials/" + id + "?status_list=" + kStatusList + "&index=17";
  testing::FakeNode node([&](const testing::FakeRequest& q) -> testing::FakeResponse {
    if (q.target == "/v1/status") return {200, R"({"chain_id":"nj","height":51})"};
    if (q.target == expected) return {200, R"({"proof":)" + ReadFile(bundle_file_) + "}"};
    return {404, R"({"error":{"code":"not_found","message":"no"}})"};
  });
  const std::string presentation = dir_.Sub("p.json");
  r = Present(id.substr(0, 12), {}, presentation, {"--offline-proof", "--node", node.url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  WriteFile(policy_file_, R"({"version":1,"accept":[{"schema":"credit-grade-samr-risk",
    "schema_version":1,"required_claims":["subject_uscc"]}]})");
  r = VerifyOffline(presentation);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Contains(r.out, "anchored at height 40")) << r.out;
  // --offline-proof and --node go together; a node without the anchor is a clear error.
  EXPECT_EQ(Present(id, {}, dir_.Sub("q.json"), {"--offline-proof"}).exit_code, 2);
  EXPECT_EQ(Present(id, {}, dir_.Sub("q.json"), {"--node", node.url()}).exit_code, 2);
  testing::FakeNode empty([](const testing::FakeRequest& q) -> testing::FakeResponse {
    if (q.target == "/v1/status") return {200, R"({"chain_id":"nj","height":51})"};
    return {404, R"({"error":{"code":"not_found","message":"no such anchor"}})"};
  });
  r = Present(id, {}, dir_.Sub("q.json"), {"--offline-proof", "--node", empty.url()});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "no anchor")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("q.json")));
}

TEST_F(CredentialCommandsTest, IssueFailuresAreClearAndWriteNothing) {
  EXPECT_EQ(Issue({"--commit", "subject_name"}).exit_code, 3);  // not provable
  WriteFile(claims_, R"({"subject_name":"Acme","grade":"E"})");
  auto r = Issue();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "claims.")) << r.err;
  EXPECT_FALSE(Contains(r.err, "\"E\"")) << "errors never echo claim values";
  ::setenv(kPassphraseEnv, "wrong", 1);
  EXPECT_EQ(Issue().exit_code, 4);
  ::setenv(kPassphraseEnv, "correct horse", 1);
  r = RunCli({"credential", "issue", "--schema", "no-such-schema", "--claims", claims_, "--holder",
              "did:key:zBad", "--key", issuer_key_file_, "--issuer", "x", "--status-list",
              kStatusList, "--status-index", "1", "--out", credential_file_, "--offline"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "credchain: error: ")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(credential_file_));
  EXPECT_EQ(RunCli({"credential", "issue", "--schema", "s"}).exit_code, 2);
}

TEST_F(CredentialCommandsTest, WalletAndPresentFailures) {
  ASSERT_EQ(Issue().exit_code, 0);
  WriteFile(dir_.Sub("garbage.json"), "{\"format\":\"x\"}");
  EXPECT_EQ(RunCli({"wallet", "import", dir_.Sub("garbage.json"), "--wallet", wallet_}).exit_code,
            3);
  EXPECT_EQ(RunCli({"wallet", "import", dir_.Sub("missing"), "--wallet", wallet_}).exit_code, 3);
  ASSERT_EQ(RunCli({"wallet", "import", credential_file_, "--wallet", wallet_}).exit_code, 0);
  EXPECT_EQ(RunCli({"wallet", "import", credential_file_, "--wallet", wallet_}).exit_code, 4);
  EXPECT_EQ(RunCli({"wallet", "show", "00000000", "--wallet", wallet_}).exit_code, 3);
  const std::string out = dir_.Sub("p.json");
  auto r = Present(credential_file_, {"grade>=3/8"}, out);  // grade is B = 2
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "cannot prove grade>=3")) << r.err;
  EXPECT_EQ(Present(credential_file_, {"grade=>2"}, out).exit_code, 3);
  EXPECT_EQ(Present(credential_file_, {"subject_name>=1"}, out).exit_code, 3);  // no commitment
  r = RunCli({"present", "--credential", credential_file_, "--aud", kAud, "--nonce", "n",
              "--holder-key", issuer_key_file_, "--out", out, "--passphrase-env", kPassphraseEnv});
  EXPECT_EQ(r.exit_code, 3);  // not the credential's cnf key
  EXPECT_TRUE(Contains(r.err, "holder key does not match")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  r = RunCli({"verify", "--presentation", out, "--aud", kAud, "--nonce", "n"});
  EXPECT_EQ(r.exit_code, 2);  // neither --online nor --offline
  WriteFile(out, "{not json");
  WriteFile(trust_file_, "{}");
  EXPECT_EQ(VerifyOffline(out).exit_code, 3);  // the trust file is refused
}

TEST(CredentialCommandsHelpTest, EveryCommandHasAnExample) {
  for (std::vector<std::string> command : {std::vector<std::string>{"credential", "issue"},
                                           {"wallet", "list"},
                                           {"wallet", "show"},
                                           {"wallet", "import"},
                                           {"present"},
                                           {"verify"}}) {
    command.push_back("--help");
    const auto r = RunCli(command);
    EXPECT_EQ(r.exit_code, 0) << command[0];
    EXPECT_TRUE(Contains(r.out, "Example:")) << command[0] << "\n" << r.out;
  }
}

}  // namespace
}  // namespace credchain::cli
