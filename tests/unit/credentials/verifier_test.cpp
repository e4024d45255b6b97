#include "credentials/verifier.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "core/hex.h"
#include "credentials/disclosure.h"
#include "credentials/jws.h"
#include "credentials/key_binding.h"
#include "credentials/sd_jwt.h"
#include "crypto/merkle.h"
#include "fixture.h"

namespace credchain::credentials {
namespace {

using nlohmann::json;
using namespace testing;

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    credential_ = world_.IssueAnchored();
    presentation_ =
        CreatePresentation(credential_.sd_jwt, AnchorProof{}, world_.Present(), world_.holder_key)
            .value();
  }

  VerificationReport Verify(const Presentation& p) const {
    return VerifyPresentation(p, world_.Verify(), world_.policy, world_.ledger);
  }
  VerificationReport Verify() const { return Verify(presentation_); }

  // Asserts the report is rejected and `name` is among the failed checks.
  static void ExpectFails(const VerificationReport& report, std::string_view name) {
    EXPECT_FALSE(report.accepted()) << report.ToText();
    const CheckResult* check = report.Find(name);
    ASSERT_NE(check, nullptr) << name << "\n" << report.ToText();
    EXPECT_EQ(check->outcome, CheckOutcome::kFail) << name << "\n" << report.ToText();
  }

  // The presentation with its SD-JWT rewritten by `edit` (the KB-JWT is kept as signed).
  Presentation WithSdJwt(const std::function<void(SdJwt&)>& edit) const {
    Presentation p = presentation_;
    SdJwt sd = SdJwt::Parse(p.sd_jwt).value();
    edit(sd);
    p.sd_jwt = sd.Serialize();
    return p;
  }

  // A presentation re-signed by the holder after `edit`, so only the edited fact is wrong.
  Presentation Resigned(const std::function<void(SdJwt&)>& edit, const PresentRequest& request) {
    SdJwt sd = SdJwt::Parse(presentation_.sd_jwt).value();
    sd.kb_jwt.clear();
    edit(sd);
    KeyBindingClaims claims{request.iat_s, request.audience, request.nonce,
                            SdHash(sd.PresentedPrefix()), ExtensionHash(presentation_.predicates)};
    sd.kb_jwt = CreateKeyBindingJwt(claims, world_.holder_key);
    Presentation p = presentation_;
    p.sd_jwt = sd.Serialize();
    return p;
  }

  World world_;
  IssuedCredential credential_;
  Presentation presentation_;
};

TEST_F(VerifierTest, AcceptsAValidPresentationAndNamesEveryCheck) {
  const VerificationReport report = Verify();
  EXPECT_TRUE(report.accepted()) << report.ToText();
  for (std::string_view name :
       {kCheckFormat, kCheckSchemaAccepted, kCheckAnchored, kCheckIssuerKey, kCheckIssuerSignature,
        kCheckIssuerAuthorized, kCheckDisclosures, kCheckNotExpired, kCheckNotRevoked,
        kCheckNotSuspended, kCheckHolderBinding, kCheckNonce, kCheckAudience, kCheckFreshness,
        kCheckSdHash, kCheckExtensionHash, kCheckRequiredClaims, kCheckPredicates}) {
    const CheckResult* c = report.Find(name);
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->outcome, CheckOutcome::kPass) << name << ": " << c->reason;
  }
  EXPECT_EQ(report.Find(kCheckStatusProof)->outcome, CheckOutcome::kSkipped);
  const json disclosed = json::parse(report.disclosed_claims_json);
  EXPECT_EQ(disclosed["grade"], "A");
  EXPECT_EQ(disclosed["uscc"], "91512081MA62K0260E");
  EXPECT_EQ(disclosed["region"], "NJ");
  EXPECT_FALSE(disclosed.contains("name"));
  EXPECT_FALSE(disclosed.contains("fine_fen"));
  EXPECT_EQ(report.credential_id, core::HexEncode(credential_.id));
  const json as_json = json::parse(report.ToJson());
  EXPECT_TRUE(as_json["accepted"].get<bool>());
  EXPECT_EQ(as_json["checks"].size(), report.checks.size());
  EXPECT_NE(report.ToText().find("ACCEPTED"), std::string::npos);
}

TEST_F(VerifierTest, EnvelopeJsonRoundTripsAndVerifies) {
  const std::string text = presentation_.ToJson();
  EXPECT_EQ(Presentation::FromJson(text).value(), presentation_);
  EXPECT_TRUE(VerifyPresentation(text, world_.Verify(), world_.policy, world_.ledger).accepted());
}

// --- Attacks (issue 5), each failing the check that names it. ---

TEST_F(VerifierTest, TamperedDisclosureValue) {
  ExpectFails(Verify(WithSdJwt([](SdJwt& sd) {
                Disclosure d = ParseDisclosure(sd.disclosures[0]).value();
                sd.disclosures[0] = MakeDisclosure(d.salt, d.name, json("D")).encoded;
              })),
              kCheckDisclosures);
}

TEST_F(VerifierTest, DisclosureTakenFromAnotherCredential) {
  const IssuedCredential other = world_.IssueAnchored(8);
  const SdJwt other_sd = SdJwt::Parse(other.sd_jwt).value();
  ExpectFails(Verify(Resigned([&](SdJwt& sd) { sd.disclosures.push_back(other_sd.disclosures[2]); },
                              world_.Present())),
              kCheckDisclosures);
}

TEST_F(VerifierTest, DuplicatedDisclosure) {
  ExpectFails(Verify(Resigned([](SdJwt& sd) { sd.disclosures.push_back(sd.disclosures[0]); },
                              world_.Present())),
              kCheckDisclosures);
}

TEST_F(VerifierTest, DigestNotInThePayload) {
  ExpectFails(
      Verify(Resigned(
          [](SdJwt& sd) {
            sd.disclosures.push_back(MakeDisclosure(NewSalt(), "grade2", json("A")).encoded);
          },
          world_.Present())),
      kCheckDisclosures);
}

TEST_F(VerifierTest, WrongIssuerKey) {
  // Signed by a key that is not the issuer's k1, though the header claims k1.
  const crypto::SecretKey impostor = KeyFromByte(99);
  IssuedCredential forged = IssueCredential(world_.Request(), {world_.holder_key.public_key(), 7},
                                            TestFormats(), impostor)
                                .value();
  world_.ledger.AddAnchor(forged.id, {kAnchorHeight, std::string(kIssuerDid), 0});
  Presentation p =
      CreatePresentation(forged.sd_jwt, AnchorProof{}, world_.Present(), world_.holder_key).value();
  const VerificationReport report = Verify(p);
  ExpectFails(report, kCheckIssuerSignature);
  EXPECT_EQ(report.Find(kCheckIssuerKey)->outcome, CheckOutcome::kPass);
  EXPECT_EQ(report.disclosed_claims_json, "{}");  // nothing unvouched reaches the application
}

TEST_F(VerifierTest, IssuerNotAuthorisedAtIssuance) {
  InMemoryLedgerView ledger("nj");
  ledger.AddIssuerKey(std::string(kIssuerDid), "k1", world_.issuer_key.public_key(), 100);
  ledger.AddAuthorization(std::string(kIssuerDid), "credit-grade", 1, kAnchorHeight + 1);
  ledger.AddAnchor(credential_.id, {kAnchorHeight, std::string(kIssuerDid), 0});
  ledger.SetStatus(std::string(kStatusUri), 7, {});
  ExpectFails(VerifyPresentation(presentation_, world_.Verify(), world_.policy, ledger),
              kCheckIssuerAuthorized);
}

TEST_F(VerifierTest, Revoked) {
  world_.ledger.SetStatus(std::string(kStatusUri), 7, {true, false, 900, 0});
  const VerificationReport report = Verify();
  ExpectFails(report, kCheckNotRevoked);
  EXPECT_EQ(report.Find(kCheckNotSuspended)->outcome, CheckOutcome::kPass);
}

TEST_F(VerifierTest, SuspendedRepairedRecord) {
  world_.ledger.SetStatus(std::string(kStatusUri), 7, {false, true, 900, 0});
  const VerificationReport report = Verify();
  ExpectFails(report, kCheckNotSuspended);
  EXPECT_EQ(report.Find(kCheckNotRevoked)->outcome, CheckOutcome::kPass);
}

// ADR 0006: the credential names its status list; a list of another department (which the issuer
// cannot revoke in, and whose bits that department sets) must not pass as the credential's status.
TEST_F(VerifierTest, StatusListOfAnotherDepartment) {
  EXPECT_EQ(Verify().Find(kCheckStatusList)->outcome, CheckOutcome::kPass);
  const std::string foreign = "credchain://nj/status-lists/samr/1";
  json header = {{"alg", "EdDSA"}, {"typ", "dc+sd-jwt"}, {"kid", std::string(kIssuerDid) + "#k1"}};
  json clear = {{"iss", kIssuerDid},
                {"iat", kNow - 100},
                {"exp", kNow + 86400},
                {"vct", "urn:credchain:credit-grade:1"},
                {"cnf", {{"jwk", Ed25519Jwk(world_.holder_key.public_key())}}},
                {"status", {{"status_list", {{"idx", 7}, {"uri", foreign}}}}},
                {"grade", "A"},
                {"uscc", "91512081MA62K0260E"}};
  const std::string sd_jwt =
      IssueSdJwt(header, clear, json::object(), {}, world_.issuer_key).value();
  world_.ledger.AddAnchor(CredentialId(SdJwt::Parse(sd_jwt)->issuer_jwt),
                          {kAnchorHeight, std::string(kIssuerDid), 0});
  world_.ledger.SetStatus(foreign, 7, {});  // clear in samr's list
  Presentation p =
      CreatePresentation(sd_jwt, AnchorProof{}, world_.Present({}), world_.holder_key).value();
  const VerificationReport report = Verify(p);
  ExpectFails(report, kCheckStatusList);
  ExpectFails(report, kCheckNotRevoked);
  ExpectFails(report, kCheckNotSuspended);
  EXPECT_EQ(report.Find(kCheckIssuerSignature)->outcome, CheckOutcome::kPass);
  EXPECT_NE(report.Find(kCheckStatusList)->reason.find("did:credchain:nj:samr"), std::string::npos);
}

TEST_F(VerifierTest, Expired) {
  VerifyRequest late = world_.Verify();
  late.now_s = kNow + 2 * 365 * 86400;
  ExpectFails(VerifyPresentation(presentation_, late, world_.policy, world_.ledger),
              kCheckNotExpired);
}

TEST_F(VerifierTest, NoKeyBindingWhenPolicyRequiresIt) {
  Presentation stripped = WithSdJwt([](SdJwt& sd) { sd.kb_jwt.clear(); });
  ExpectFails(Verify(stripped), kCheckHolderBinding);
  // The same presentation passes only under a policy that does not require binding.
  VerifierPolicy optional = world_.policy;
  optional.holder_binding = HolderBinding::kOptional;
  const VerificationReport report =
      VerifyPresentation(stripped, world_.Verify(), optional, world_.ledger);
  EXPECT_TRUE(report.accepted()) << report.ToText();
  EXPECT_EQ(report.Find(kCheckHolderBinding)->outcome, CheckOutcome::kSkipped);
}

TEST_F(VerifierTest, KeyBindingSignedByAnotherKey) {
  Presentation p =
      CreatePresentation(credential_.sd_jwt, AnchorProof{}, world_.Present(), world_.holder_key)
          .value();
  SdJwt sd = SdJwt::Parse(p.sd_jwt).value();
  const PresentRequest r = world_.Present();
  sd.kb_jwt = CreateKeyBindingJwt(
      {r.iat_s, r.audience, r.nonce, SdHash(sd.PresentedPrefix()), ExtensionHash({})},
      KeyFromByte(77));
  p.sd_jwt = sd.Serialize();
  const VerificationReport report = Verify(p);
  ExpectFails(report, kCheckHolderBinding);
  EXPECT_EQ(report.Find(kCheckSdHash)->outcome, CheckOutcome::kPass);
}

TEST_F(VerifierTest, WrongNonce) {
  VerifyRequest other = world_.Verify();
  other.nonce = "nonce-43";
  ExpectFails(VerifyPresentation(presentation_, other, world_.policy, world_.ledger), kCheckNonce);
}

TEST_F(VerifierTest, WrongAudience) {
  PresentRequest r = world_.Present();
  r.audience = "did:credchain:nj:bank-b";
  Presentation p =
      CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).value();
  ExpectFails(Verify(p), kCheckAudience);
}

TEST_F(VerifierTest, StaleIat) {
  PresentRequest r = world_.Present();
  r.iat_s = kNow - world_.policy.kb_max_age_s - 1;
  ExpectFails(
      Verify(CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).value()),
      kCheckFreshness);
  r.iat_s = kNow + world_.policy.clock_skew_s + 1;  // from the future
  ExpectFails(
      Verify(CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).value()),
      kCheckFreshness);
}

TEST_F(VerifierTest, ReplayedToAnotherVerifier) {
  // Bank B receives bank A's presentation: B's audience and its own fresh nonce.
  VerifyRequest bank_b = world_.Verify();
  bank_b.audience = "did:credchain:nj:bank-b";
  bank_b.nonce = "b-nonce-1";
  const VerificationReport report =
      VerifyPresentation(presentation_, bank_b, world_.policy, world_.ledger);
  ExpectFails(report, kCheckAudience);
  ExpectFails(report, kCheckNonce);
}

TEST_F(VerifierTest, SdHashMismatch) {
  // Dropping a disclosure after the holder signed keeps every disclosure valid but not sd_hash.
  const VerificationReport report = Verify(WithSdJwt([](SdJwt& sd) { sd.disclosures.pop_back(); }));
  ExpectFails(report, kCheckSdHash);
  EXPECT_EQ(report.Find(kCheckDisclosures)->outcome, CheckOutcome::kPass);
}

TEST_F(VerifierTest, OfflineModeNeverAcceptsUnverifiedStatus) {
  // Offline without a bundle or without trusted validators: never accepted (status_bundle_test
  // covers real bundles).
  const OfflineTrust no_trust;
  ExpectFails(VerifyPresentationOffline(presentation_, world_.Verify(), world_.policy, no_trust),
              kCheckStatusProof);
  // A forged bundle (garbage header, QC and proof) is not accepted either.
  Presentation forged = presentation_;
  forged.status_proof =
      StatusProofBundle{core::Bytes{1, 2}, core::Bytes{3}, {{{}, core::Bytes{1}, {}}}};
  const VerificationReport report =
      VerifyPresentationOffline(forged, world_.Verify(), world_.policy, no_trust);
  ExpectFails(report, kCheckStatusProof);
  ExpectFails(report, kCheckAnchored);
}

TEST_F(VerifierTest, NotAnchored) {
  InMemoryLedgerView empty("nj");
  const VerificationReport report =
      VerifyPresentation(presentation_, world_.Verify(), world_.policy, empty);
  ExpectFails(report, kCheckAnchored);
  ExpectFails(report, kCheckIssuerSignature);
  ExpectFails(report, kCheckIssuerAuthorized);
}

TEST_F(VerifierTest, AnchoredByAnotherDepartment) {
  world_.ledger.AddAnchor(credential_.id, {kAnchorHeight, "did:credchain:nj:other", 0});
  ExpectFails(Verify(), kCheckAnchored);
}

TEST_F(VerifierTest, IssuerKeyIsJudgedAtIssuanceHeight) {
  // k1 retired at height 600, k2 from 600: a credential anchored at 500 still verifies.
  InMemoryLedgerView rotated("nj");
  rotated.AddIssuerKey(std::string(kIssuerDid), "k1", world_.issuer_key.public_key(), 100, 600);
  rotated.AddIssuerKey(std::string(kIssuerDid), "k2", KeyFromByte(12).public_key(), 600);
  rotated.AddAuthorization(std::string(kIssuerDid), "credit-grade", 1, 50);
  rotated.AddAnchor(credential_.id, {kAnchorHeight, std::string(kIssuerDid), 0});
  rotated.SetStatus(std::string(kStatusUri), 7, {});
  EXPECT_TRUE(
      VerifyPresentation(presentation_, world_.Verify(), world_.policy, rotated).accepted());
  // Anchored after k1 was retired: refused.
  rotated.AddAnchor(credential_.id, {700, std::string(kIssuerDid), 0});
  ExpectFails(VerifyPresentation(presentation_, world_.Verify(), world_.policy, rotated),
              kCheckIssuerKey);
}

TEST_F(VerifierTest, BatchAnchoredCredentialVerifiesWithItsMerklePath) {
  std::vector<core::Bytes32> ids = {crypto::Sha256(core::AsBytes("a")), credential_.id,
                                    crypto::Sha256(core::AsBytes("c"))};
  const core::Bytes32 root = crypto::MerkleRoot(crypto::HashSuite::kSha256, ids);
  AnchorProof anchor;
  anchor.kind = AnchorKind::kBatch;
  anchor.batch_root = root;
  anchor.path = crypto::MerkleProve(crypto::HashSuite::kSha256, ids, 1).value();
  InMemoryLedgerView ledger("nj");
  ledger.AddIssuerKey(std::string(kIssuerDid), "k1", world_.issuer_key.public_key(), 100);
  ledger.AddAuthorization(std::string(kIssuerDid), "credit-grade", 1, 50);
  ledger.AddAnchor(root, {kAnchorHeight, std::string(kIssuerDid), 3});
  ledger.SetStatus(std::string(kStatusUri), 7, {});
  Presentation p = presentation_;
  p.anchor = anchor;
  const auto verify = [&](const Presentation& q) {
    return VerifyPresentation(q, world_.Verify(), world_.policy, ledger);
  };
  EXPECT_TRUE(verify(p).accepted()) << verify(p).ToText();
  EXPECT_TRUE(verify(Presentation::FromJson(p.ToJson()).value()).accepted());
  Presentation wrong_index = p;
  wrong_index.anchor.path.leaf_index = 0;
  ExpectFails(verify(wrong_index), kCheckAnchored);
  Presentation wrong_size = p;
  wrong_size.anchor.path =
      crypto::MerkleProve(crypto::HashSuite::kSha256, std::vector<core::Bytes32>{ids[0], ids[1]}, 1)
          .value();
  wrong_size.anchor.batch_root =
      crypto::MerkleRoot(crypto::HashSuite::kSha256, std::vector<core::Bytes32>{ids[0], ids[1]});
  ledger.AddAnchor(wrong_size.anchor.batch_root, {kAnchorHeight, std::string(kIssuerDid), 3});
  ExpectFails(verify(wrong_size), kCheckAnchored);
}

TEST_F(VerifierTest, LedgerUnavailableFailsTheLedgerChecks) {
  world_.ledger.SetUnavailable(core::Status::Unavailable("node unreachable"));
  const VerificationReport report = Verify();
  for (std::string_view name : {kCheckAnchored, kCheckIssuerKey, kCheckNotRevoked}) {
    ExpectFails(report, name);
  }
  EXPECT_NE(report.Find(kCheckAnchored)->reason.find("node unreachable"), std::string::npos);
}

// --- Policy ---

TEST_F(VerifierTest, SchemaOrIssuerOutsideThePolicy) {
  VerifierPolicy other_issuer = world_.policy;
  other_issuer.accept[0].issuers = {"did:credchain:nj:samr"};
  ExpectFails(VerifyPresentation(presentation_, world_.Verify(), other_issuer, world_.ledger),
              kCheckSchemaAccepted);
  VerifierPolicy other_schema = world_.policy;
  other_schema.accept[0].schema_version = 2;
  const VerificationReport report =
      VerifyPresentation(presentation_, world_.Verify(), other_schema, world_.ledger);
  ExpectFails(report, kCheckSchemaAccepted);
  ExpectFails(report, kCheckRequiredClaims);
}

TEST_F(VerifierTest, RequiredClaimNotDisclosed) {
  Presentation p = CreatePresentation(credential_.sd_jwt, AnchorProof{}, world_.Present({"grade"}),
                                      world_.holder_key)
                       .value();
  const VerificationReport report = Verify(p);
  ExpectFails(report, kCheckRequiredClaims);
  EXPECT_NE(report.Find(kCheckRequiredClaims)->reason.find("uscc"), std::string::npos);
}

TEST_F(VerifierTest, RequiredPredicateNotPresentedFails) {
  VerifierPolicy needs = world_.policy;
  needs.required_predicates.push_back({"grade", crypto::PredicateKind::kAtLeast, 2, 0, 8});
  const VerificationReport report =
      VerifyPresentation(presentation_, world_.Verify(), needs, world_.ledger);
  ExpectFails(report, kCheckPredicates);
  ExpectFails(report, "predicate:grade>=2");
}

TEST(PolicyTest, ParsesAndRoundTrips) {
  const char* text = R"({"version":1,
    "accept":[{"schema":"credit-grade","schema_version":1,"issuers":["did:credchain:nj:cc"],
               "required_claims":["grade"]}],
    "holder_binding":"optional","kb_max_age_s":120,"clock_skew_s":30,"max_status_age_s":3600,
    "required_predicates":[{"claim":"grade","kind":"at_least","lower":2,"bits":8},
                           {"claim":"valid_until","kind":"at_least","lower":"2026-12-02"},
                           {"claim":"fine_fen","kind":"in_range","lower":-5,"upper":999999}]})";
  auto policy = VerifierPolicy::FromJson(text);
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(policy->holder_binding, HolderBinding::kOptional);
  EXPECT_EQ(policy->kb_max_age_s, 120);
  EXPECT_EQ(policy->accept[0].issuers[0], "did:credchain:nj:cc");
  ASSERT_EQ(policy->required_predicates.size(), 3u);
  EXPECT_EQ(policy->required_predicates[0],
            (ClaimPredicate{"grade", crypto::PredicateKind::kAtLeast, 2, 0, 8}));
  EXPECT_EQ(policy->required_predicates[1],
            (ClaimPredicate{"valid_until", crypto::PredicateKind::kAtLeast, 20789, 0, 32}));
  EXPECT_EQ(policy->required_predicates[2],
            (ClaimPredicate{"fine_fen", crypto::PredicateKind::kInRange, -5, 999999, 32}));
  auto again = VerifierPolicy::FromJson(policy->ToJson());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToJson(), policy->ToJson());
  // Defaults: binding required.
  auto minimal =
      VerifierPolicy::FromJson(R"({"version":1,"accept":[{"schema":"s","schema_version":1}]})");
  ASSERT_TRUE(minimal.ok());
  EXPECT_EQ(minimal->holder_binding, HolderBinding::kRequired);
}

TEST(PolicyTest, RejectsBadPolicies) {
  for (const char* bad :
       {"", "[]", R"({"version":2,"accept":[{"schema":"s","schema_version":1}]})",
        R"({"version":1,"accept":[]})", R"({"version":1,"accept":[{"schema":"s"}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],"holder_binding":"no"})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],"kb_max_age_s":-1})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],"typo":1})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1,"issuers":[1]}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],
               "required_predicates":[{"claim":"g","kind":"gt"}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],
               "required_predicates":[{"claim":"g","kind":"at_least"}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],
               "required_predicates":[{"claim":"g","kind":"at_least","lower":1,"bits":12}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],
               "required_predicates":[{"claim":"g","kind":"at_most","lower":1,"upper":2}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],
               "required_predicates":[{"claim":"g","kind":"in_range","lower":3,"upper":2}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],
               "required_predicates":[{"claim":"g","kind":"at_least",
                                       "lower":9223372036854775808}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],
               "required_predicates":[{"claim":"g","kind":"at_least","lower":"2026-02-30"}]})",
        R"({"version":1,"accept":[{"schema":"s","schema_version":1}],
               "required_predicates":[{"claim":"g#commitment","kind":"at_least","lower":1}]})"}) {
    EXPECT_FALSE(VerifierPolicy::FromJson(bad).ok()) << bad;
  }
}

TEST_F(VerifierTest, MalformedEnvelopesGetAClearFormatFailure) {
  const std::string good = presentation_.ToJson();
  const json base = json::parse(good);
  std::vector<std::string> bad = {"",
                                  "null",
                                  "[]",
                                  "{",
                                  good.substr(0, good.size() / 2),
                                  std::string(kMaxPresentationBytes + 1, ' ')};
  for (const char* patch :
       {R"({"format":"other"})", R"({"version":2})", R"({"sd_jwt":5})", R"({"sd_jwt":"x"})",
        R"({"sd_jwt":"a.b.c~"})", R"({"anchor":{"type":"triple"}})",
        R"({"anchor":{"type":"batch","root":"zz","leaf_index":0,"tree_size":1,"path":[]}})",
        R"({"anchor":{"type":"batch","root":"00","leaf_index":2,"tree_size":1,"path":[]}})",
        R"({"predicates":[{"claim":"g","kind":"at_least","proof":"!"}]})", R"({"predicates":{}})",
        R"({"status_proof":{"header":"","qc":"","entries":[]}})", R"({"extra":1})",
        R"({"anchor":null})"}) {
    json p = base;
    p.merge_patch(json::parse(patch));
    bad.push_back(p.dump());
  }
  for (const std::string& text : bad) {
    const VerificationReport report =
        VerifyPresentation(text, world_.Verify(), world_.policy, world_.ledger);
    EXPECT_FALSE(report.accepted()) << text.substr(0, 80);
    ASSERT_FALSE(report.checks.empty());
    EXPECT_EQ(report.checks[0].name, kCheckFormat) << text.substr(0, 80);
    EXPECT_EQ(report.checks[0].outcome, CheckOutcome::kFail) << text.substr(0, 80);
    EXPECT_FALSE(report.checks[0].reason.empty());
  }
}

TEST_F(VerifierTest, HolderCannotPresentWithTheWrongKeyOrAPresentedCredential) {
  EXPECT_EQ(CreatePresentation(credential_.sd_jwt, AnchorProof{}, world_.Present(), KeyFromByte(5))
                .status()
                .code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(
      CreatePresentation(presentation_.sd_jwt, AnchorProof{}, world_.Present(), world_.holder_key)
          .ok());
}

}  // namespace
}  // namespace credchain::credentials
