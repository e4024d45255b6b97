#include "credentials/sd_jwt_vc.h"

#include <nlohmann/json.hpp>
#include <set>

#include <gtest/gtest.h>

#include "core/base64url.h"
#include "credentials/did.h"
#include "credentials/disclosure.h"
#include "credentials/jws.h"
#include "credentials/sd_jwt.h"
#include "crypto/range_proof.h"
#include "fixture.h"
#include "test_util.h"

namespace credchain::credentials {
namespace {

using nlohmann::json;
using namespace testing;

TEST(DidTest, ParsesAndFormatsIssuerIdentifiers) {
  auto did = IssuerDid::Parse("did:credchain:nj:credit-center");
  ASSERT_TRUE(did.ok());
  EXPECT_EQ(did->chain_id, "nj");
  EXPECT_EQ(did->org, "credit-center");
  EXPECT_EQ(did->ToString(), "did:credchain:nj:credit-center");
  auto kid = IssuerKeyRef::Parse("did:credchain:nj:credit-center#k1");
  ASSERT_TRUE(kid.ok());
  EXPECT_EQ(kid->key_id, "k1");
  EXPECT_EQ(kid->ToString(), "did:credchain:nj:credit-center#k1");
  auto vct = SchemaRef::ParseVct("urn:credchain:credit-grade:12");
  ASSERT_TRUE(vct.ok());
  EXPECT_EQ(vct->schema_id, "credit-grade");
  EXPECT_EQ(vct->schema_version, 12u);
  EXPECT_EQ(vct->ToVct(), "urn:credchain:credit-grade:12");
  for (const char* bad : {"did:web:x", "did:credchain:nj", "did:credchain::x",
                          "did:credchain:a:b c", "did:credchain:a:b/c"}) {
    EXPECT_FALSE(IssuerDid::Parse(bad).ok()) << bad;
  }
  for (const char* bad : {"did:credchain:a:b", "did:credchain:a:b#", "did:credchain:a:b#k 1"}) {
    EXPECT_FALSE(IssuerKeyRef::Parse(bad).ok()) << bad;
  }
  for (const char* bad : {"urn:credchain:x", "urn:credchain:x:01", "urn:credchain:x:4294967296",
                          "urn:other:x:1", "urn:credchain::1", "urn:credchain:x:-1"}) {
    EXPECT_FALSE(SchemaRef::ParseVct(bad).ok()) << bad;
  }
}

TEST(DidTest, StatusListUriNamesItsDepartment) {
  auto list = StatusListRef::Parse("credchain://nj/status-lists/samr/12");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->chain_id, "nj");
  EXPECT_EQ(list->org, "samr");
  EXPECT_EQ(list->number, 12u);
  EXPECT_EQ(list->Owner().ToString(), "did:credchain:nj:samr");
  EXPECT_EQ(list->ToUri(), "credchain://nj/status-lists/samr/12");
  for (const char* bad :
       {"", "credchain://nj/status-lists/samr", "credchain://nj/status-lists/samr/",
        "credchain://nj/status-lists/samr/01", "credchain://nj/status-lists/samr/4294967296",
        "credchain://nj/status-lists//1", "credchain:///status-lists/samr/1",
        "credchain://nj/status-lists/sa mr/1", "credchain://nj/lists/samr/1",
        "credchain:nj/status-lists/samr/1", "credchain://nj/status-lists/samr/1/2",
        "credchain://nj/status-lists/samr/-1"}) {
    EXPECT_FALSE(StatusListRef::Parse(bad).ok()) << bad;
  }
}

TEST(ClaimsValidationTest, AcceptsValidClaimsAndNamesTheBadClaim) {
  const ledger::Schema schema = CreditGradeSchema();
  const FormatCheckers formats = TestFormats();
  EXPECT_TRUE(ValidateClaims(schema, json::parse(kClaims), formats).ok());
  struct Case {
    const char* patch;
    core::RejectCode code;
    const char* field;
  };
  const Case cases[] = {
      {R"({"grade":"E"})", core::RejectCode::kInvalidField, "claims.grade"},
      {R"({"grade":3})", core::RejectCode::kInvalidField, "claims.grade"},
      {R"({"fine_fen":1.5})", core::RejectCode::kInvalidField, "claims.fine_fen"},
      {R"({"fine_fen":"100"})", core::RejectCode::kInvalidField, "claims.fine_fen"},
      {R"({"fine_fen":18446744073709551615})", core::RejectCode::kInvalidField, "claims.fine_fen"},
      {R"({"decided_on":"2026-02-30"})", core::RejectCode::kInvalidField, "claims.decided_on"},
      {R"({"decided_on":"2026-3-01"})", core::RejectCode::kInvalidField, "claims.decided_on"},
      {R"({"listed":"no"})", core::RejectCode::kInvalidField, "claims.listed"},
      {R"({"uscc":"123"})", core::RejectCode::kInvalidField, "claims.uscc"},
      {R"({"salary":1})", core::RejectCode::kInvalidField, "claims.salary"},
      {R"({"name":5})", core::RejectCode::kInvalidField, "claims.name"},
  };
  for (const Case& c : cases) {
    json claims = json::parse(kClaims);
    claims.merge_patch(json::parse(c.patch));
    const core::Status s = ValidateClaims(schema, claims, formats);
    EXPECT_EQ(s.reject_code(), c.code) << c.patch;
    EXPECT_NE(s.message().find(c.field), std::string::npos) << s.message();
    // The value never appears in the error (privacy).
    EXPECT_EQ(s.message().find("123"), std::string::npos);
  }
  json missing = json::parse(kClaims);
  missing.erase("grade");
  EXPECT_EQ(ValidateClaims(schema, missing, formats).reject_code(),
            core::RejectCode::kMissingField);
  EXPECT_EQ(ValidateClaims(schema, json::parse(kClaims), {}).code(),
            core::StatusCode::kFailedPrecondition);  // no checker for "uscc"
  EXPECT_FALSE(ValidateClaims(schema, json::array(), formats).ok());
}

TEST(ClaimsValidationTest, IsoDatesFollowTheCalendar) {
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_TRUE(IsIsoDate("2000-02-29"));
  EXPECT_FALSE(IsIsoDate("1900-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-13-01"));
  EXPECT_FALSE(IsIsoDate("2023-04-31"));
  EXPECT_FALSE(IsIsoDate("0999-01-01"));
  EXPECT_FALSE(IsIsoDate("2023-01-0a"));
}

TEST(ClaimsValidationTest, SchemaUsingAReservedNameCannotIssue) {
  ledger::Schema schema = CreditGradeSchema();
  schema.claims[1].name = "exp";
  json claims = json::parse(kClaims);
  claims["exp"] = claims["name"];
  claims.erase("name");
  EXPECT_EQ(ValidateClaims(schema, claims, TestFormats()).code(),
            core::StatusCode::kFailedPrecondition);
}

TEST(SdJwtVcTest, IssuesTheProfile) {
  World w;
  const IssuedCredential c = w.IssueAnchored();
  const SdJwt sd = SdJwt::Parse(c.sd_jwt).value();
  EXPECT_EQ(c.id, CredentialId(sd.issuer_jwt));
  const CompactJws jws = ParseCompactJws(sd.issuer_jwt, "t").value();
  EXPECT_TRUE(VerifyCompactJws(jws, w.issuer_key.public_key()));
  const json header = json::parse(jws.header_json);
  EXPECT_EQ(
      header,
      json({{"alg", "EdDSA"}, {"typ", "dc+sd-jwt"}, {"kid", "did:credchain:nj:credit-center#k1"}}));
  const json payload = json::parse(jws.payload_json);
  EXPECT_EQ(payload["iss"], "did:credchain:nj:credit-center");
  EXPECT_EQ(payload["vct"], "urn:credchain:credit-grade:1");
  EXPECT_EQ(payload["cnf"]["jwk"], Ed25519Jwk(w.holder_key.public_key()));
  EXPECT_EQ(payload["status"], json({{"status_list", {{"idx", 7}, {"uri", kStatusUri}}}}));
  EXPECT_EQ(payload["region"], "NJ");  // not selectively disclosable in the schema
  EXPECT_FALSE(payload.contains("grade"));
  // 6 disclosable claims and the commitment to grade, the schema's provable claim.
  EXPECT_EQ(payload["_sd"].size(), 7u + kDefaultDecoyCount);
  EXPECT_EQ(sd.disclosures.size(), 7u);
  auto fields = ReadVcFields(header, payload);
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(fields->holder_key, w.holder_key.public_key());
  EXPECT_EQ(fields->status_index, 7u);
  auto all = ProcessDisclosures(payload, sd.disclosures);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)["grade"], "A");
  EXPECT_EQ((*all)["fine_fen"], 120000);
  ASSERT_EQ(c.openings.size(), 1u);
  EXPECT_TRUE(
      crypto::PedersenOpens(FindCommitment(*all, "grade").value(), c.openings[0].ToPedersen()));
}

// Salts and decoy digests come from the request's RandomSource when a test sets one: the same
// source issues the same credential byte for byte, and the salts are the source's bytes.
TEST(SdJwtVcTest, APinnedRandomSourcePinsSaltsAndDecoys) {
  World w;
  CredentialRequest request = w.Request();
  request.committed_claims = std::vector<std::string>{};  // commitment blindings stay fresh
  ASSERT_GT(request.decoy_count, 0u);
  core::Bytes32 seed{};
  seed.fill(7);
  const CopyBinding binding{w.holder_key.public_key(), 1};
  auto issue = [&](crypto::RandomSource random) {
    request.random = std::move(random);
    return IssueCredential(request, binding, TestFormats(), w.issuer_key).value();
  };
  const IssuedCredential a = issue(crypto::DeterministicRandomForTesting(seed));
  const IssuedCredential b = issue(crypto::DeterministicRandomForTesting(seed));
  EXPECT_EQ(a.sd_jwt, b.sd_jwt);
  EXPECT_EQ(a.id, b.id);
  // Claims are issued in name order; the first Disclosure's salt is the source's first bytes.
  core::FixedBytes<kSaltBytes> first{};
  crypto::DeterministicRandomForTesting(seed)(first);
  EXPECT_EQ(ParseDisclosure(SdJwt::Parse(a.sd_jwt)->disclosures.front())->salt,
            core::Base64UrlEncode(core::ByteView(first)));
  // Left empty, as in production: the OS CSPRNG, different every time.
  const IssuedCredential c = issue(nullptr);
  const IssuedCredential d = issue(nullptr);
  EXPECT_NE(c.sd_jwt, d.sd_jwt);
  EXPECT_NE(c.sd_jwt, a.sd_jwt);
}

TEST(SdJwtVcTest, BatchCopiesShareNoSaltDigestOrHolderKey) {
  World w;
  const crypto::SecretKey k2 = KeyFromByte(23), k3 = KeyFromByte(24);
  const std::vector<CopyBinding> bindings = {
      {w.holder_key.public_key(), 1}, {k2.public_key(), 2}, {k3.public_key(), 3}};
  auto batch = IssueCredentialBatch(w.Request(), bindings, TestFormats(), w.issuer_key);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->size(), 3u);
  std::set<std::string> digests, salts;
  std::set<core::Bytes32> ids;
  size_t total_digests = 0;
  for (const auto& c : *batch) {
    ids.insert(c.id);
    const SdJwt sd = SdJwt::Parse(c.sd_jwt).value();
    const json payload = UnverifiedPayload(sd.issuer_jwt);
    for (const auto& d : payload["_sd"]) digests.insert(d.get<std::string>());
    total_digests += payload["_sd"].size();
    for (const auto& d : sd.disclosures) salts.insert(ParseDisclosure(d)->salt);
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(digests.size(), total_digests);  // no digest shared between copies
  EXPECT_EQ(salts.size(), 21u);
  std::set<core::Bytes32> commitments;  // fresh commitments per copy
  for (const auto& c : *batch) {
    const SdJwt sd = SdJwt::Parse(c.sd_jwt).value();
    const json all = ProcessDisclosures(UnverifiedPayload(sd.issuer_jwt), sd.disclosures).value();
    commitments.insert(FindCommitment(all, "grade").value().bytes());
  }
  EXPECT_EQ(commitments.size(), 3u);
}

TEST(SdJwtVcTest, RefusesBadRequests) {
  World w;
  const CopyBinding binding{w.holder_key.public_key(), 1};
  CredentialRequest r = w.Request();
  r.exp_s = r.iat_s;
  EXPECT_FALSE(IssueCredential(r, binding, TestFormats(), w.issuer_key).ok());
  r = w.Request(R"({"uscc":"91512081MA62K0260E","name":"Acme"})");
  EXPECT_EQ(IssueCredential(r, binding, TestFormats(), w.issuer_key).status().reject_code(),
            core::RejectCode::kMissingField);
  r = w.Request("{not json");
  EXPECT_FALSE(IssueCredential(r, binding, TestFormats(), w.issuer_key).ok());
  r = w.Request();
  r.schema = nullptr;
  EXPECT_FALSE(IssueCredential(r, binding, TestFormats(), w.issuer_key).ok());
  crypto::PublicKey identity{};
  identity.bytes[0] = 1;
  EXPECT_FALSE(IssueCredential(w.Request(), {identity, 1}, TestFormats(), w.issuer_key).ok());
  ledger::Schema record = w.schema;
  record.record_class = ledger::RecordClass::kPublicRecord;
  r = w.Request();
  r.schema = &record;
  EXPECT_FALSE(IssueCredential(r, binding, TestFormats(), w.issuer_key).ok());
  // The status list must be one of the issuer's own (another department's, or not a list URI).
  for (const char* uri : {"credchain://nj/status-lists/samr/1",
                          "credchain://other/status-lists/credit-center/1", "https://x/1", ""}) {
    r = w.Request();
    r.status_uri = uri;
    EXPECT_FALSE(IssueCredential(r, binding, TestFormats(), w.issuer_key).ok()) << uri;
  }
}

TEST(SdJwtVcTest, ReadVcFieldsRequiresEveryProfileClaimInClear) {
  World w;
  const SdJwt sd = SdJwt::Parse(w.IssueAnchored().sd_jwt).value();
  const CompactJws jws = ParseCompactJws(sd.issuer_jwt, "t").value();
  const json header = json::parse(jws.header_json);
  const json payload = json::parse(jws.payload_json);
  for (const char* member : {"iss", "iat", "exp", "vct", "cnf", "status"}) {
    json p = payload;
    p.erase(member);
    EXPECT_FALSE(ReadVcFields(header, p).ok()) << member;
  }
  json other_iss = payload;
  other_iss["iss"] = "did:credchain:nj:someone-else";
  EXPECT_FALSE(ReadVcFields(header, other_iss).ok());
  json wrong_typ = header;
  wrong_typ["typ"] = "JWT";
  EXPECT_FALSE(ReadVcFields(wrong_typ, payload).ok());
  json sd_alg = payload;
  sd_alg["_sd_alg"] = "sha-1";
  EXPECT_FALSE(ReadVcFields(header, sd_alg).ok());
  json ec_key = payload;
  ec_key["cnf"]["jwk"] = {{"kty", "EC"}, {"crv", "P-256"}, {"x", "a"}, {"y", "b"}};
  EXPECT_FALSE(ReadVcFields(header, ec_key).ok());
  json negative_idx = payload;
  negative_idx["status"]["status_list"]["idx"] = -1;
  EXPECT_FALSE(ReadVcFields(header, negative_idx).ok());
}

}  // namespace
}  // namespace credchain::credentials
