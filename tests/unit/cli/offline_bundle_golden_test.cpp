// Golden vector tests/vectors/credentials_offline_bundle.json: a presentation for offline
// verification with a predicate proof and the full five-proof bundle (anchor, issuer key
// history, authorisation, status list, status chunk in the contracts' state layout), made from
// fixed keys (seed bytes), a frozen issued credential (its salts, decoys and commitment
// blinding fixed in the vector), a fixed verifier nonce/audience/time and deterministic prover
// randomness. The test rebuilds it and compares byte for byte, so a change to the envelope,
// the KB-JWT, the bundle's encodings, the state layout or the predicate proof cannot slip
// through; and it verifies the frozen bytes offline, every check named.
//
// The vector is written only by CREDCHAIN_REGENERATE_VECTORS=1 (after a deliberate format
// change, with a new format version): then the credential is issued afresh by the CLI.
#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "contract_bundle.h"
#include "core/hex.h"
#include "credentials/verifier.h"
#include "credentials/wallet.h"
#include "crypto/did_key.h"
#include "crypto/key_file.h"
#include "unit/credentials/test_util.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

constexpr char kVector[] = "credentials_offline_bundle.json";
constexpr char kGoldenStatusList[] = "credchain://nj/status-lists/samr/1";
constexpr int64_t kIat = 1796083200;  // 2026-12-01T00:00:00Z: issuance
constexpr int64_t kNow = kIat + 3600;

const crypto::SecretKey& Issuer() {
  static const crypto::SecretKey key = credentials::testing::SeedKey(1);
  return key;
}
const crypto::SecretKey& Holder() {
  static const crypto::SecretKey key = credentials::testing::SeedKey(2);
  return key;
}

testing::BundleFacts Facts(const credentials::HeldCredential& credential) {
  return {credential.Id(),
          "credit-grade-samr-risk",
          Issuer().public_key(),
          kGoldenStatusList,
          17,
          static_cast<uint64_t>(kNow - 600) * 1000};
}

// The presentation the holder makes from `credential` for the vector's verifier.
std::string Present(const credentials::HeldCredential& credential, const json& present) {
  credentials::PresentRequest request;
  request.disclose = present["disclose"].get<std::vector<std::string>>();
  request.audience = present["audience"];
  request.nonce = present["nonce"];
  request.iat_s = present["iat"];
  for (const json& p : present["prove"]) {
    request.prove.push_back(
        credentials::ClaimPredicateFromJson(p, credentials::BoundSyntax::kIntegers, "vector")
            .value());
  }
  request.openings = credential.openings;
  request.random = crypto::DeterministicRandomForTesting(
      core::HexDecodeFixed<32>(present["random_seed"].get<std::string>()).value());
  request.status_proof = testing::MakeContractBundle(Facts(credential)).bundle;
  auto p = credentials::CreatePresentation(credential.sd_jwt, credential.anchor, request, Holder());
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? p->ToJson() : "";
}

credentials::VerificationReport VerifyOffline(const std::string& presentation, const json& v) {
  const testing::ContractBundle made = testing::MakeContractBundle(
      Facts(credentials::HeldCredential::FromJson(v["credential"].dump()).value()));
  static const ContractLedgerCodec codec;
  const credentials::VerifierPolicy policy =
      credentials::VerifierPolicy::FromJson(v["verify"]["policy"].dump()).value();
  return credentials::VerifyPresentationOffline(
      presentation, {v["present"]["nonce"], v["present"]["audience"], v["verify"]["now"]}, policy,
      {made.trust, &codec});
}

json Checks(const credentials::VerificationReport& report) {
  json out = json::object();
  for (const auto& c : report.checks) out[c.name] = credentials::CheckOutcomeName(c.outcome);
  return out;
}

json EntriesJson(const credentials::StatusProofBundle& bundle) {
  json out = json::array();
  for (const auto& e : bundle.entries) {
    out.push_back({{"key", core::HexEncode(e.key)},
                   {"value", e.value ? json(core::HexEncode(*e.value)) : json(nullptr)}});
  }
  return out;
}

// Issues the credential afresh with the CLI (fixed keys, time and status entry; fresh salts)
// and writes the whole vector.
void Regenerate() {
  credchain::testing::TempDir dir;
  ::setenv("CREDCHAIN_VECTOR_PASSPHRASE", "golden", 1);
  ASSERT_TRUE(crypto::SaveKeyFile(dir.Sub("issuer.json"), Issuer(), "golden",
                                  crypto::KeyFileKdfParams::MinimumForTests(), core::Overwrite::kNo)
                  .ok());
  std::ofstream(dir.Sub("claims.json"))
      << R"({"subject_name":"Acme","subject_uscc":"91512081MA62K0260E","grade":"B",)"
         R"("evaluation_year":2025,"valid_from":"2026-01-01","valid_until":"2027-12-31",)"
         R"("evaluator":"SAMR Nanjing","evaluator_uscc":"91512081MA62K0260E"})";
  const auto r = testing::RunCli({"credential",
                                  "issue",
                                  "--schema",
                                  "credit-grade-samr-risk",
                                  "--claims",
                                  dir.Sub("claims.json"),
                                  "--holder",
                                  crypto::EncodeDidKey(Holder().public_key()),
                                  "--key",
                                  dir.Sub("issuer.json"),
                                  "--issuer",
                                  "did:credchain:nj:samr#k1",
                                  "--status-list",
                                  kGoldenStatusList,
                                  "--status-index",
                                  "17",
                                  "--iat",
                                  std::to_string(kIat),
                                  "--commit",
                                  "grade",
                                  "--out",
                                  dir.Sub("cred.json"),
                                  "--passphrase-env",
                                  "CREDCHAIN_VECTOR_PASSPHRASE",
                                  "--offline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json v;
  v["comment"] =
      "credchain offline presentation with the five-proof bundle; see "
      "tests/unit/cli/offline_bundle_golden_test.cpp. Keys: SecretKey::FromSeed(32 x byte): "
      "issuer 0x01, holder 0x02, validators 0x46..0x49 (70..73).";
  v["credential"] = json::parse(credentials::testing::ReadFile(dir.Sub("cred.json")));
  const auto credential = credentials::HeldCredential::FromJson(v["credential"].dump()).value();
  v["credential_id"] = core::HexEncode(credential.Id());
  v["present"] = {
      {"disclose", {"subject_uscc"}},
      {"audience", "did:credchain:nj:bank-a"},
      {"nonce", "8c1d0e5f"},
      {"iat", kNow - 30},
      {"prove", {{{"claim", "grade"}, {"kind", "at_least"}, {"lower", 2}, {"bits", 8}}}},
      {"random_seed", std::string(64, '7')}};
  v["bundle_entries"] = EntriesJson(testing::MakeContractBundle(Facts(credential)).bundle);
  v["presentation"] = Present(credential, v["present"]);
  v["verify"] = {{"now", kNow},
                 {"policy",
                  {{"version", 1},
                   {"accept",
                    {{{"schema", "credit-grade-samr-risk"},
                      {"schema_version", 1},
                      {"issuers", {"did:credchain:nj:samr"}},
                      {"required_claims", {"subject_uscc"}}}}},
                   {"required_predicates",
                    {{{"claim", "grade"}, {"kind", "at_least"}, {"lower", 2}, {"bits", 8}}}}}}};
  v["verify"]["checks"] = Checks(VerifyOffline(v["presentation"], v));
  std::ofstream(std::string(CREDCHAIN_VECTORS_DIR) + "/" + kVector) << v.dump(1) << "\n";
}

class OfflineBundleGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::getenv("CREDCHAIN_REGENERATE_VECTORS") != nullptr) Regenerate();
    v_ = credentials::testing::LoadVector(kVector);
    auto held = credentials::HeldCredential::FromJson(v_["credential"].dump());
    ASSERT_TRUE(held.ok()) << held.status();
    credential_ = std::move(held).value();
  }
  json v_;
  credentials::HeldCredential credential_;
};

TEST_F(OfflineBundleGoldenTest, ReproducesByteForByte) {
  EXPECT_EQ(core::HexEncode(credential_.Id()), v_["credential_id"]);
  // The state layout: the five proven keys and values.
  EXPECT_EQ(EntriesJson(testing::MakeContractBundle(Facts(credential_)).bundle),
            v_["bundle_entries"]);
  EXPECT_EQ(Present(credential_, v_["present"]), v_["presentation"].get<std::string>());
}

TEST_F(OfflineBundleGoldenTest, TheFrozenPresentationVerifiesOfflineAndOnlyUnchanged) {
  const std::string frozen = v_["presentation"];
  const credentials::VerificationReport report = VerifyOffline(frozen, v_);
  EXPECT_TRUE(report.accepted()) << report.ToText();
  EXPECT_EQ(Checks(report), v_["verify"]["checks"]);
  EXPECT_EQ(v_["verify"]["checks"].size(), 21u);
  for (const auto& item : v_["verify"]["checks"].items()) {
    EXPECT_EQ(item.value(), "pass") << item.key();
  }
  // One proven state value changed (the issuer key history's last byte): the bundle fails.
  json envelope = json::parse(frozen);
  std::string& value = envelope["status_proof"]["entries"][1]["value"].get_ref<std::string&>();
  value.back() = value.back() == 'A' ? 'B' : 'A';
  const credentials::VerificationReport tampered = VerifyOffline(envelope.dump(), v_);
  EXPECT_FALSE(tampered.accepted());
  EXPECT_EQ(tampered.Find("status_proof")->outcome, credentials::CheckOutcome::kFail);
}

}  // namespace
}  // namespace credchain::cli
