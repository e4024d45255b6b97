#include "credentials/sd_jwt.h"

#include <nlohmann/json.hpp>
#include <set>

#include <gtest/gtest.h>

#include "credentials/disclosure.h"
#include "credentials/jws.h"
#include "credentials/key_binding.h"
#include "credentials/strict_json.h"
#include "test_util.h"

namespace credchain::credentials {
namespace {

using nlohmann::json;
using testing::LoadVector;
using testing::UnverifiedPayload;

crypto::SecretKey Key(uint8_t seed_byte) {
  core::Bytes32 seed{};
  seed.fill(seed_byte);
  return crypto::SecretKey::FromSeed(seed);
}

TEST(DisclosureTest, Rfc9901Section42VectorsDecodeAndHash) {
  const json vectors = LoadVector("sd_jwt_rfc9901.json");
  ASSERT_EQ(vectors["disclosures"].size(), 5u);
  for (const json& v : vectors["disclosures"]) {
    const std::string encoded = v["encoded"];
    auto d = ParseDisclosure(encoded);
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->salt, v["salt"].get<std::string>());
    EXPECT_EQ(d->name.has_value(), v.contains("name"));
    if (v.contains("name")) {
      EXPECT_EQ(*d->name, v["name"].get<std::string>());
    }
    EXPECT_EQ(json::parse(d->value_json), v["value"]);
    EXPECT_EQ(DisclosureDigest(encoded), v["digest"].get<std::string>());
    if (v.contains("rfc_digest")) {
      EXPECT_EQ(DisclosureDigest(encoded), v["rfc_digest"].get<std::string>());
    }
  }
  // §4.2.1: four encodings of one claim decode to the same value but hash differently.
  std::set<std::string> digests;
  for (size_t i = 0; i < 4; ++i) {
    digests.insert(DisclosureDigest(vectors["disclosures"][i]["encoded"].get<std::string>()));
  }
  EXPECT_EQ(digests.size(), 4u);
}

TEST(DisclosureTest, MakeDisclosureRoundTripsWithFreshSalts) {
  const Disclosure a = MakeDisclosure(NewSalt(), "grade", json("A"));
  const Disclosure b = MakeDisclosure(NewSalt(), "grade", json("A"));
  EXPECT_EQ(a.salt.size(), 22u);  // 128 bits, base64url without padding
  EXPECT_NE(a.salt, b.salt);
  EXPECT_NE(a.encoded, b.encoded);
  auto parsed = ParseDisclosure(a.encoded);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->salt, a.salt);
  EXPECT_EQ(*parsed->name, "grade");
  EXPECT_EQ(parsed->value_json, "\"A\"");
  const Disclosure element = MakeDisclosure(NewSalt(), std::nullopt, json(7));
  EXPECT_FALSE(ParseDisclosure(element.encoded)->name.has_value());
}

TEST(DisclosureTest, RejectsMalformedDisclosures) {
  const auto enc = [](std::string_view text) { return core::Base64UrlEncode(text); };
  for (const std::string& bad :
       {std::string("!!"), std::string("WyJh"), enc("{}"), enc("[\"s\"]"), enc("[1,\"n\",2]"),
        enc("[\"s\",2,3]"), enc("[\"s\",\"_sd\",1]"), enc("[\"s\",\"...\",1]"),
        enc("[\"s\",\"a\",1,2]"), enc("[\"s\",\"a\",{\"x\":1,\"x\":2}]"), enc("not json")}) {
    EXPECT_FALSE(ParseDisclosure(bad).ok()) << bad;
  }
}

TEST(SdJwtTest, Rfc9901ExampleProcessesToThePresentedClaims) {
  const json vectors = LoadVector("sd_jwt_rfc9901.json");
  const json& example = vectors["example"];
  auto presented = SdJwt::Parse(example["presentation"].get<std::string>());
  ASSERT_TRUE(presented.ok()) << presented.status();
  EXPECT_EQ(presented->disclosures.size(), 4u);
  EXPECT_FALSE(presented->kb_jwt.empty());
  EXPECT_EQ(SdHash(presented->PresentedPrefix()),
            example["presentation_sd_hash"].get<std::string>());
  EXPECT_EQ(presented->Serialize(), example["presentation"].get<std::string>());

  const json payload = UnverifiedPayload(presented->issuer_jwt);
  auto processed = ProcessDisclosures(payload, presented->disclosures);
  ASSERT_TRUE(processed.ok()) << processed.status();
  EXPECT_EQ(*processed, example["presented_claims"]);

  // The issued form carries every Disclosure, including both array elements.
  auto issued = SdJwt::Parse(example["issued_sd_jwt"].get<std::string>());
  ASSERT_TRUE(issued.ok());
  EXPECT_TRUE(issued->kb_jwt.empty());
  ASSERT_EQ(issued->disclosures.size(), example["issued_disclosures"].size());
  auto all = ProcessDisclosures(payload, issued->disclosures);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ((*all)["nationalities"], json({"US", "DE"}));
  EXPECT_EQ((*all)["updated_at"], 1570000000);
  EXPECT_FALSE(all->contains("_sd"));
  EXPECT_FALSE(all->contains("_sd_alg"));

  // No disclosures: only the clear claims remain, undisclosed array elements vanish.
  auto none = ProcessDisclosures(payload, {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)["nationalities"], json::array());
  EXPECT_FALSE(none->contains("given_name"));
}

TEST(SdJwtTest, CompactParserRejectsMalformedInput) {
  for (const std::string& bad :
       {std::string(""), std::string("abc"), std::string("~"), std::string("a.b.c~~"),
        std::string("a.b.c~d!~"), std::string("a.b.c~ ~"), std::string(kMaxSdJwtBytes + 1, 'a')}) {
    EXPECT_FALSE(SdJwt::Parse(bad).ok()) << bad.substr(0, 20);
  }
  std::string many = "a.b.c~";
  for (size_t i = 0; i <= kMaxDisclosures; ++i) many += "WyJh~";
  EXPECT_EQ(SdJwt::Parse(many).status().reject_code(), core::RejectCode::kTooLarge);
  auto ok = SdJwt::Parse("a.b.c~WyJh~kb");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->disclosures, std::vector<std::string>{"WyJh"});
  EXPECT_EQ(ok->kb_jwt, "kb");
}

class IssuedSdJwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_ = {{"iss", "did:credchain:test:samr"}, {"iat", 1700000000}};
    hidden_ = {{"name", "Acme"}, {"grade", "A"}, {"fine", 1200}};
    SdIssueOptions options;
    options.decoy_count = 3;
    auto issued = IssueSdJwt(json{{"typ", "dc+sd-jwt"}}, clear_, hidden_, options, issuer_);
    ASSERT_TRUE(issued.ok()) << issued.status();
    issued_ = SdJwt::Parse(*issued).value();
    jws_ = ParseCompactJws(issued_.issuer_jwt, "jwt").value();
    payload_ = json::parse(jws_.payload_json);
  }

  crypto::SecretKey issuer_ = Key(1);
  json clear_, hidden_, payload_;
  SdJwt issued_;
  CompactJws jws_;
};

TEST_F(IssuedSdJwtTest, IssuesSortedDigestsWithDecoysAndAValidSignature) {
  EXPECT_TRUE(VerifyCompactJws(jws_, issuer_.public_key()));
  EXPECT_FALSE(VerifyCompactJws(jws_, Key(2).public_key()));
  EXPECT_EQ(json::parse(jws_.header_json)["alg"], "EdDSA");
  EXPECT_EQ(payload_["_sd_alg"], "sha-256");
  const auto digests = payload_["_sd"].get<std::vector<std::string>>();
  EXPECT_EQ(digests.size(), 3u + 3u);
  EXPECT_TRUE(std::is_sorted(digests.begin(), digests.end()));
  EXPECT_EQ(issued_.disclosures.size(), 3u);
  auto processed = ProcessDisclosures(payload_, issued_.disclosures);
  ASSERT_TRUE(processed.ok()) << processed.status();
  json expected = clear_;
  expected.update(hidden_);
  EXPECT_EQ(*processed, expected);
}

TEST_F(IssuedSdJwtTest, RefusesDisclosableClaimsThatAreAlsoClearOrReserved) {
  for (const char* name : {"iss", "_sd", "...", "_sd_alg"}) {
    EXPECT_FALSE(IssueSdJwt(json::object(), clear_, json{{name, 1}}, {}, issuer_).ok()) << name;
  }
}

TEST_F(IssuedSdJwtTest, SelectsOnlyTheNamedDisclosures) {
  const std::vector<std::string> names = {"grade", "iss"};
  auto selected = SelectDisclosures(issued_, names);
  ASSERT_TRUE(selected.ok()) << selected.status();
  ASSERT_EQ(selected->disclosures.size(), 1u);
  auto processed = ProcessDisclosures(payload_, selected->disclosures);
  ASSERT_TRUE(processed.ok());
  EXPECT_EQ((*processed)["grade"], "A");
  EXPECT_FALSE(processed->contains("name"));
  const std::vector<std::string> unknown = {"salary"};
  EXPECT_EQ(SelectDisclosures(issued_, unknown).status().code(), core::StatusCode::kNotFound);
}

TEST_F(IssuedSdJwtTest, TamperedDisclosureValueIsNotReferenced) {
  auto d = ParseDisclosure(issued_.disclosures[0]).value();
  const Disclosure forged = MakeDisclosure(d.salt, d.name, json("forged"));
  std::vector<std::string> disclosures = {forged.encoded};
  auto result = ProcessDisclosures(payload_, disclosures);
  EXPECT_EQ(result.status().reject_code(), core::RejectCode::kBadProof);
}

TEST_F(IssuedSdJwtTest, DisclosureFromAnotherCredentialIsNotReferenced) {
  auto other = IssueSdJwt(json::object(), clear_, hidden_, {}, issuer_);
  const SdJwt other_sd = SdJwt::Parse(*other).value();
  std::vector<std::string> disclosures = {issued_.disclosures[0], other_sd.disclosures[1]};
  EXPECT_EQ(ProcessDisclosures(payload_, disclosures).status().reject_code(),
            core::RejectCode::kBadProof);
}

TEST_F(IssuedSdJwtTest, DuplicatedDisclosureIsRejected) {
  std::vector<std::string> disclosures = {issued_.disclosures[1], issued_.disclosures[1]};
  EXPECT_EQ(ProcessDisclosures(payload_, disclosures).status().reject_code(),
            core::RejectCode::kDuplicate);
}

TEST_F(IssuedSdJwtTest, DigestAppearingTwiceInThePayloadIsRejected) {
  json payload = payload_;
  payload["nested"] = {{"_sd", {payload_["_sd"][0]}}};
  EXPECT_EQ(ProcessDisclosures(payload, issued_.disclosures).status().reject_code(),
            core::RejectCode::kDuplicate);
}

TEST_F(IssuedSdJwtTest, DisclosedNameCollidingWithAClearClaimIsRejected) {
  const Disclosure shadow = MakeDisclosure(NewSalt(), "iss", json("did:credchain:evil:x"));
  json payload = payload_;
  payload["_sd"].push_back(DisclosureDigest(shadow.encoded));
  std::vector<std::string> disclosures = {shadow.encoded};
  EXPECT_EQ(ProcessDisclosures(payload, disclosures).status().reject_code(),
            core::RejectCode::kDuplicate);
}

TEST_F(IssuedSdJwtTest, WrongDisclosureShapeForItsPositionIsRejected) {
  const Disclosure element = MakeDisclosure(NewSalt(), std::nullopt, json("x"));
  json payload = payload_;
  payload["_sd"].push_back(DisclosureDigest(element.encoded));
  std::vector<std::string> disclosures = {element.encoded};
  EXPECT_EQ(ProcessDisclosures(payload, disclosures).status().reject_code(),
            core::RejectCode::kMalformed);
  const Disclosure property = MakeDisclosure(NewSalt(), "a", json("x"));
  json with_array = payload_;
  with_array["list"] = json::array({{{"...", DisclosureDigest(property.encoded)}}});
  disclosures = {property.encoded};
  EXPECT_EQ(ProcessDisclosures(with_array, disclosures).status().reject_code(),
            core::RejectCode::kMalformed);
  with_array["list"] = json::array({{{"...", "x"}, {"extra", 1}}});
  EXPECT_FALSE(ProcessDisclosures(with_array, {}).ok());
  json bad_sd = payload_;
  bad_sd["_sd"] = "not an array";
  EXPECT_FALSE(ProcessDisclosures(bad_sd, {}).ok());
}

TEST(KeyBindingTest, CreatesAndParsesKbJwt) {
  const crypto::SecretKey holder = Key(3);
  KeyBindingClaims claims{1700000000, "bank-a", "n-123", "hash", std::string("ext")};
  auto kb = ParseKeyBindingJwt(CreateKeyBindingJwt(claims, holder));
  ASSERT_TRUE(kb.ok()) << kb.status();
  EXPECT_TRUE(VerifyCompactJws(kb->jws, holder.public_key()));
  EXPECT_EQ(kb->claims.aud, "bank-a");
  EXPECT_EQ(kb->claims.nonce, "n-123");
  EXPECT_EQ(kb->claims.iat_s, 1700000000);
  EXPECT_EQ(kb->claims.ext_hash, std::optional<std::string>("ext"));
}

TEST(KeyBindingTest, RejectsWrongTypAlgNoneAndMissingClaims) {
  const crypto::SecretKey holder = Key(3);
  const auto sign = [&](const json& header, const json& payload) {
    return SignCompactJws(header.dump(), payload.dump(), holder);
  };
  const json good = {{"iat", 1}, {"aud", "a"}, {"nonce", "n"}, {"sd_hash", "h"}};
  EXPECT_TRUE(ParseKeyBindingJwt(sign({{"alg", "EdDSA"}, {"typ", "kb+jwt"}}, good)).ok());
  EXPECT_FALSE(ParseKeyBindingJwt(sign({{"alg", "EdDSA"}, {"typ", "JWT"}}, good)).ok());
  EXPECT_FALSE(ParseKeyBindingJwt(sign({{"alg", "none"}, {"typ", "kb+jwt"}}, good)).ok());
  EXPECT_FALSE(ParseKeyBindingJwt(sign({{"alg", "ES256"}, {"typ", "kb+jwt"}}, good)).ok());
  for (const char* missing : {"iat", "aud", "nonce", "sd_hash"}) {
    json payload = good;
    payload.erase(missing);
    EXPECT_FALSE(ParseKeyBindingJwt(sign({{"alg", "EdDSA"}, {"typ", "kb+jwt"}}, payload)).ok());
  }
  json string_iat = good;
  string_iat["iat"] = "1";
  EXPECT_FALSE(ParseKeyBindingJwt(sign({{"alg", "EdDSA"}, {"typ", "kb+jwt"}}, string_iat)).ok());
}

TEST(JwsTest, RejectsMalformedCompactJws) {
  const crypto::SecretKey key = Key(4);
  const std::string good = SignCompactJws("{\"alg\":\"EdDSA\"}", "{}", key);
  EXPECT_TRUE(ParseCompactJws(good, "t").ok());
  for (const std::string& bad :
       {std::string("a.b"), std::string("a.b.c.d"), good + "=",
        "e30." + good.substr(good.find('.') + 1),
        SignCompactJws("{\"alg\":\"EdDSA\",\"crit\":[\"x\"]}", "{}", key),
        SignCompactJws("{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\"}", "{}", key),
        SignCompactJws("[]", "{}", key), good.substr(0, good.size() - 4)}) {
    EXPECT_FALSE(ParseCompactJws(bad, "t").ok()) << bad;
  }
}

TEST(JwsTest, Ed25519JwkRoundTripsAndRejectsOtherKeys) {
  const crypto::PublicKey pub = Key(5).public_key();
  auto back = Ed25519KeyFromJwk(Ed25519Jwk(pub));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, pub);
  json jwk = Ed25519Jwk(pub);
  jwk["d"] = "secret";
  EXPECT_FALSE(Ed25519KeyFromJwk(jwk).ok());
  EXPECT_FALSE(Ed25519KeyFromJwk(json{{"kty", "EC"}, {"crv", "P-256"}, {"x", "a"}}).ok());
  EXPECT_FALSE(Ed25519KeyFromJwk(json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AAAA"}}).ok());
  // The identity point is small-order: refused.
  crypto::PublicKey identity{};
  identity.bytes[0] = 1;
  EXPECT_FALSE(Ed25519KeyFromJwk(Ed25519Jwk(identity)).ok());
}

TEST(StrictJsonTest, RejectsDuplicatesDepthAndSize) {
  EXPECT_TRUE(ParseStrictJson("{\"a\":{\"a\":1}}", 100, "t").ok());
  EXPECT_FALSE(ParseStrictJson("{\"a\":1,\"a\":1}", 100, "t").ok());
  EXPECT_FALSE(ParseStrictJson("[{\"b\":[{\"c\":1,\"c\":2}]}]", 100, "t").ok());
  EXPECT_FALSE(ParseStrictJson(std::string(100, '['), 1000, "t").ok());
  EXPECT_FALSE(ParseStrictJson("{}", 1, "t").ok());
  EXPECT_FALSE(ParseStrictJson("{\"a\":\"\xff\"}", 100, "t").ok());
  EXPECT_FALSE(ParseStrictJson("{} x", 100, "t").ok());
  // Brackets inside strings do not count as nesting.
  EXPECT_TRUE(ParseStrictJson("[\"" + std::string(100, '[') + "\"]", 1000, "t").ok());
}

}  // namespace
}  // namespace credchain::credentials
