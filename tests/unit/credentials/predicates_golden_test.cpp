// Golden vectors for the credential-level predicate formats, computed independently by
// tests/vectors/credentials_predicates_reference.py (Python datetime/hashlib and the textbook
// Bulletproofs prover): day numbers, the committed-value map, the proof binding, a predicate
// proof entry of a presentation envelope and the KB-JWT extension hash.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "core/base64url.h"
#include "core/hex.h"
#include "credentials/predicate_check.h"
#include "credentials/presentation.h"
#include "credentials/strict_json.h"
#include "test_util.h"

namespace credchain::credentials {
namespace {

using nlohmann::json;

TEST(PredicatesGoldenTest, DayNumbersAndCommittedValues) {
  const json v = testing::LoadVector("credentials_predicates.json");
  for (const json& d : v["dates"]) {
    EXPECT_EQ(DateToDays(d[0].get<std::string>()).value(), d[1].get<int64_t>()) << d[0];
    EXPECT_EQ(DaysToDate(d[1].get<int64_t>()), d[0].get<std::string>());
  }
  for (const json& c : v["committed_values"]) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(CommittedValue(c[0].get<int64_t>())));
    EXPECT_EQ(hex, c[1].get<std::string>()) << c[0];
  }
  EXPECT_EQ(ExtensionHash({}), v["ext_hash_empty"].get<std::string>());
}

TEST(PredicatesGoldenTest, ProofEntryAndExtensionHashReproduceByteForByte) {
  const json v = testing::LoadVector("credentials_predicates.json")["predicate"];
  const std::string claim = v["claim"];
  const auto blinding = crypto::RistrettoScalar::FromCanonicalBytes(
      core::Base64UrlDecode(v["blinding"].get<std::string>()).value());
  ASSERT_TRUE(blinding.ok());
  const ClaimOpening opening{claim, v["x"].get<int64_t>(), *blinding};
  const crypto::RistrettoPoint commitment =
      crypto::PedersenCommit(opening.ToPedersen().value, opening.blinding);
  EXPECT_EQ(core::Base64UrlEncode(core::ByteView(commitment.bytes())), v["commitment"]);
  const std::string audience = v["audience"], nonce = v["nonce"];
  const PredicateScope scope{
      audience, nonce, core::HexDecodeFixed<32>(v["credential_id"].get<std::string>()).value()};
  EXPECT_EQ(core::HexEncode(PredicateBinding(claim, scope.credential_id)), v["binding"]);

  const ClaimPredicate predicate =
      ClaimPredicateFromJson(v["entry"], BoundSyntax::kIntegers, "vector").value();
  const auto seed = core::HexDecodeFixed<32>(v["random_seed"].get<std::string>()).value();
  auto proof = ProveClaimPredicate(predicate, commitment, opening, scope,
                                   crypto::DeterministicRandomForTesting(seed));
  ASSERT_TRUE(proof.ok()) << proof.status();
  Presentation p;
  p.predicates = {*proof};
  const json entry = json::parse(p.ToJson())["predicates"][0];
  EXPECT_EQ(entry, v["entry"]);
  EXPECT_EQ(ExtensionHash(p.predicates), v["ext_hash"].get<std::string>());

  // And the frozen entry verifies against the commitment in its scope, and only there.
  const json claims = {{CommitmentClaimName(claim), v["commitment"]}};
  VerificationReport report;
  CheckPredicates({p.predicates, {}, &claims, scope}, &report);
  EXPECT_TRUE(report.accepted()) << report.ToText();
  VerificationReport other;
  CheckPredicates(
      {p.predicates, {}, &claims, PredicateScope{audience, "nonce-43", scope.credential_id}},
      &other);
  EXPECT_FALSE(other.accepted());
}

}  // namespace
}  // namespace credchain::credentials
