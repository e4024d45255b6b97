// credchain credential issue, wallet list|show|import, present and verify, run in-process: the
// whole holder journey with a predicate proof, offline verification against a trust file and a
// status proof bundle, and each command's failure paths.
#include <stdlib.h>
#include <time.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/contract_status_codec.h"
#include "cli_fixture.h"
#include "core/codec.h"
#include "core/hex.h"
#include "credentials/presentation.h"
#include "crypto/did_key.h"
#include "crypto/key_file.h"
#include "ledger/block.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "ledger/state_view.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::RunCli;

constexpr char kEnv[] = "CREDCHAIN_TEST_PASSPHRASE";
constexpr char kIssuer[] = "did:credchain:nj:samr";
constexpr char kStatusList[] = "credchain://nj/status-lists/samr/1";
constexpr char kAud[] = "did:credchain:nj:bank-a";

crypto::SecretKey KeyFromByte(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

class CredentialCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv(kEnv, "correct horse", 1);
    const auto save = [](const std::string& path, const crypto::SecretKey& key) {
      ASSERT_TRUE(crypto::SaveKeyFile(path, key, "correct horse",
                                      crypto::KeyFileKdfParams::MinimumForTests(),
                                      core::Overwrite::kNo)
                      .ok());
    };
    save(issuer_key_file_, issuer_);
    save(holder_key_file_, holder_);
    Write(claims_, R"({"subject_name":"Acme","subject_uscc":"91512081MA62K0260E","grade":"B",)"
                   R"("evaluation_year":2025,"valid_from":"2026-01-01","valid_until":"2027-12-31",)"
                   R"("evaluator":"SAMR Nanjing","evaluator_uscc":"91512081MA62K0260E"})");
  }
  void TearDown() override { ::unsetenv(kEnv); }

  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
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
                                     kEnv,
                                     "--offline"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args);
  }

  testing::CliResult Present(const std::string& id, std::vector<std::string> prove,
                             const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "present",        "--credential", id,   "--wallet",         wallet_, "--disclose",
        "subject_uscc",   "--aud",        kAud, "--nonce",          "n-1",   "--holder-key",
        holder_key_file_, "--out",        out,  "--passphrase-env", kEnv};
    for (const std::string& p : prove) args.insert(args.end(), {"--prove", p});
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args);
  }

  // A trust file naming the issuer's key, its authorisation, the anchor of `id` and the
  // validators, and a status proof bundle certifying that entry 17's chunk is absent (clear).
  void WriteTrustAndBundle(const std::string& id_hex) {
    ledger::ValidatorSet validators{1, {}};
    for (uint8_t i = 0; i < 4; ++i)
      validators.validators.push_back({"d" + std::to_string(i), KeyFromByte(70 + i).public_key()});
    json trust = {{"format", "credchain-verifier-trust"},
                  {"version", 1},
                  {"chain_id", "nj"},
                  {"hash_suite", "sha256"},
                  {"validator_sets", json::array()},
                  {"issuer_keys",
                   {{{"issuer", kIssuer},
                     {"key_id", "k1"},
                     {"public_key", issuer_.public_key().ToHex()},
                     {"from_height", 1}}}},
                  {"authorizations",
                   {{{"issuer", kIssuer},
                     {"schema", "credit-grade-samr-risk"},
                     {"schema_version", 1},
                     {"from_height", 1}}}},
                  {"anchors", {{{"id", id_hex}, {"issuer", kIssuer}, {"height", 40}}}}};
    json set = {{"epoch", 1}, {"validators", json::array()}};
    for (const auto& v : validators.validators) {
      set["validators"].push_back({{"department", v.department_id}, {"public_key", v.key.ToHex()}});
    }
    trust["validator_sets"].push_back(set);
    Write(trust_file_, trust.dump());

    ledger::MemKvStore store;
    auto tree = ledger::StateTree::Open(&store, crypto::HashSuite::kSha256).value();
    ledger::StateDelta delta;
    delta.Put(ledger::StateKey(crypto::HashSuite::kSha256, "other", core::Bytes{1}), {1});
    auto update = tree->PrepareUpdate(std::nullopt, delta).value();
    ASSERT_TRUE(tree->Commit(update, ledger::Durability::kNoSync).ok());
    ledger::BlockHeader header;
    header.chain_id = "nj";
    header.epoch = 1;
    header.round = 5;
    header.height = 50;
    header.timestamp_ms = static_cast<uint64_t>((now_ - 60) * 1000);
    header.proposer = KeyFromByte(70).public_key();
    header.exec_state_root = update.root;
    header.validator_set_hash = validators.Hash(crypto::HashSuite::kSha256);
    ledger::QuorumCert qc{1, 5, ledger::BlockId(header), {0x07}, {}};
    const core::Bytes vote = ledger::VoteSigningPreimage("nj", 1, 5, qc.block_id);
    for (uint8_t i = 0; i < 3; ++i)
      qc.signatures.push_back(crypto::Sign(KeyFromByte(70 + i), vote));
    const core::Bytes32 key =
        ContractStatusCodec().StatusKey(crypto::HashSuite::kSha256, kStatusList, 17).value();
    credentials::Presentation holder;
    holder.status_proof = credentials::StatusProofBundle{
        core::EncodeToBytes(header),
        core::EncodeToBytes(qc),
        {{key, std::nullopt, core::EncodeToBytes(tree->Prove(key, 0).value())}}};
    Write(bundle_file_, json::parse(holder.ToJson())["status_proof"].dump());
  }

  testing::CliResult VerifyOffline(const std::string& presentation, std::string nonce = "n-1") {
    return RunCli({"--json", "verify", "--presentation", presentation, "--aud", kAud, "--nonce",
                   nonce, "--offline", trust_file_, "--policy", policy_file_, "--now",
                   std::to_string(now_)});
  }

  const int64_t now_ = static_cast<int64_t>(::time(nullptr));
  credchain::testing::TempDir dir_;
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
  EXPECT_TRUE(Contains(Read(presentation), "\"kind\":\"at_least\"")) << Read(presentation);

  Write(policy_file_, R"({"version":1,"accept":[{"schema":"credit-grade-samr-risk",
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
  EXPECT_TRUE(Contains(r.out, "status proof bundle")) << r.out;
}

TEST_F(CredentialCommandsTest, IssueFailuresAreClearAndWriteNothing) {
  EXPECT_EQ(Issue({"--commit", "subject_name"}).exit_code, 3);  // not provable
  Write(claims_, R"({"subject_name":"Acme","grade":"E"})");
  auto r = Issue();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "claims.")) << r.err;
  EXPECT_FALSE(Contains(r.err, "\"E\"")) << "errors never echo claim values";
  ::setenv(kEnv, "wrong", 1);
  EXPECT_EQ(Issue().exit_code, 4);
  ::setenv(kEnv, "correct horse", 1);
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
  Write(dir_.Sub("garbage.json"), "{\"format\":\"x\"}");
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
              "--holder-key", issuer_key_file_, "--out", out, "--passphrase-env", kEnv});
  EXPECT_EQ(r.exit_code, 3);  // not the credential's cnf key
  EXPECT_TRUE(Contains(r.err, "holder key does not match")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  r = RunCli({"verify", "--presentation", out, "--aud", kAud, "--nonce", "n"});
  EXPECT_EQ(r.exit_code, 2);  // neither --online nor --offline
  Write(out, "{not json");
  Write(trust_file_, "{}");
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
