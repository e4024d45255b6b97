// Predicate proofs inside credentials: the issuer commits to provable claims, the holder proves
// predicates with the wallet's openings, the verifier checks them against the signed commitment.
#include "credentials/predicates.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "core/base64url.h"
#include "credentials/disclosure.h"
#include "credentials/key_binding.h"
#include "credentials/predicate_check.h"
#include "credentials/sd_jwt.h"
#include "fixture.h"
#include "test_util.h"

namespace credchain::credentials {
namespace {

using crypto::PredicateKind;
using nlohmann::json;
using namespace testing;

ClaimPredicate AtLeast(std::string claim, int64_t t, uint8_t bits = 8) {
  return {std::move(claim), PredicateKind::kAtLeast, t, 0, bits};
}

class PredicatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (ledger::ClaimSpec& c : world_.schema.claims) {
      if (c.name == "decided_on" || c.name == "fine_fen") c.provable = true;
    }
    credential_ = world_.IssueAnchored();
    policy_ = world_.policy;
    policy_.accept[0].required_claims = {"uscc"};
    policy_.required_predicates = {AtLeast("grade", 2)};
  }

  // Discloses uscc only and proves `prove` with the credential's openings.
  PresentRequest Request(std::vector<ClaimPredicate> prove) const {
    PresentRequest r = world_.Present({"uscc"});
    r.prove = std::move(prove);
    r.openings = credential_.openings;
    return r;
  }
  Presentation Present(std::vector<ClaimPredicate> prove, const IssuedCredential& c) const {
    PresentRequest r = Request(std::move(prove));
    r.openings = c.openings;
    return CreatePresentation(c.sd_jwt, AnchorProof{}, r, world_.holder_key).value();
  }
  Presentation Present(std::vector<ClaimPredicate> prove = {AtLeast("grade", 2)}) const {
    return Present(std::move(prove), credential_);
  }

  // The holder re-signs the KB-JWT over `p` as it is (for `nonce`), so only the predicate
  // proofs can be wrong.
  Presentation Resigned(Presentation p, std::string nonce = "nonce-42") const {
    SdJwt sd = SdJwt::Parse(p.sd_jwt).value();
    KeyBindingClaims claims{kNow - 5, std::string(kAudience), std::move(nonce),
                            SdHash(sd.PresentedPrefix()), ExtensionHash(p.predicates)};
    sd.kb_jwt = CreateKeyBindingJwt(claims, world_.holder_key);
    p.sd_jwt = sd.Serialize();
    return p;
  }

  // `p` with grade's commitment Disclosure replaced by one for `c` (not issuer-signed), or
  // dropped when `c` is nullopt.
  static Presentation EditCommitment(Presentation p, std::optional<crypto::RistrettoPoint> c) {
    SdJwt sd = SdJwt::Parse(p.sd_jwt).value();
    std::vector<std::string> kept;
    for (const std::string& d : sd.disclosures) {
      if (ParseDisclosure(d).value().name != "grade#commitment") kept.push_back(d);
    }
    if (c) {
      kept.push_back(MakeDisclosure(NewSalt(), "grade#commitment",
                                    core::Base64UrlEncode(core::ByteView(c->bytes())))
                         .encoded);
    }
    sd.disclosures = kept;
    p.sd_jwt = sd.Serialize();
    return p;
  }
  static Presentation WithCommitment(Presentation p, const crypto::RistrettoPoint& c) {
    return EditCommitment(std::move(p), c);
  }
  static Presentation WithoutCommitment(Presentation p) {
    return EditCommitment(std::move(p), std::nullopt);
  }

  VerificationReport Verify(const Presentation& p, std::string nonce = "nonce-42") const {
    VerifyRequest request = world_.Verify();
    request.nonce = std::move(nonce);
    return VerifyPresentation(p, request, policy_, world_.ledger);
  }

  static void ExpectFails(const VerificationReport& report, std::string_view name) {
    EXPECT_FALSE(report.accepted()) << report.ToText();
    const CheckResult* check = report.Find(name);
    ASSERT_NE(check, nullptr) << name << "\n" << report.ToText();
    EXPECT_EQ(check->outcome, CheckOutcome::kFail) << name << "\n" << report.ToText();
  }
  static void ExpectPasses(const VerificationReport& report, std::string_view name) {
    const CheckResult* check = report.Find(name);
    ASSERT_NE(check, nullptr) << name << "\n" << report.ToText();
    EXPECT_EQ(check->outcome, CheckOutcome::kPass) << name << "\n" << report.ToText();
  }

  World world_;
  IssuedCredential credential_;
  VerifierPolicy policy_;
};

TEST(CommitmentsTest, DatesBecomeDayNumbersAndIntegersKeepTheirOrder) {
  EXPECT_EQ(DateToDays("1970-01-01").value(), 0);
  EXPECT_EQ(DateToDays("1969-12-31").value(), -1);
  EXPECT_EQ(DateToDays("2026-12-02").value(), 20789);
  EXPECT_EQ(DateToDays("2000-02-29").value(), 11016);
  EXPECT_EQ(DateToDays("1000-01-01").value(), -354285);
  EXPECT_EQ(DateToDays("9999-12-31").value(), 2932896);
  for (const char* bad : {"2026-02-29", "1900-02-29", "2026-13-01", "999-01-01", "2026-1-01", ""}) {
    EXPECT_FALSE(DateToDays(bad).ok()) << bad;
  }
  for (int64_t d : {-354285, -1, 0, 59, 11016, 20789, 2932896}) {
    EXPECT_EQ(DateToDays(DaysToDate(d)).value(), d) << DaysToDate(d);
  }
  EXPECT_EQ(CommittedValue(INT64_MIN), 0u);
  EXPECT_EQ(CommittedValue(-1), 0x7fffffffffffffffu);
  EXPECT_EQ(CommittedValue(0), 0x8000000000000000u);
  EXPECT_EQ(CommittedValue(INT64_MAX), UINT64_MAX);
  for (int64_t x : {INT64_MIN, int64_t{-5}, int64_t{0}, int64_t{7}, INT64_MAX}) {
    EXPECT_EQ(ClaimInteger(CommittedValue(x)), x);
  }
}

TEST(ClaimPredicateTest, ParsesExpressions) {
  EXPECT_EQ(ClaimPredicate::Parse("grade>=2").value(), AtLeast("grade", 2, 32));
  EXPECT_EQ(ClaimPredicate::Parse(" grade >= 2 /8").value(), AtLeast("grade", 2, 8));
  EXPECT_EQ(ClaimPredicate::Parse("valid_until>=2026-12-02").value(),
            AtLeast("valid_until", 20789, 32));
  EXPECT_EQ(ClaimPredicate::Parse("fine_fen<1000000/64").value(),
            (ClaimPredicate{"fine_fen", PredicateKind::kAtMost, 0, 999999, 64}));
  EXPECT_EQ(ClaimPredicate::Parse("grade>1").value(), AtLeast("grade", 2, 32));
  EXPECT_EQ(ClaimPredicate::Parse("-5<=x<=1970-01-10").value(),
            (ClaimPredicate{"x", PredicateKind::kInRange, -5, 9, 32}));
  for (const char* bad :
       {"", "grade", "grade=2", "grade>=", ">=2", "grade>=two", "grade>=2/12", "grade>=2/",
        "grade>=9223372036854775808", "grade>9223372036854775807", "3<=grade<=2", "1>=grade>=0",
        "a<=b<=c", "gr#ade>=1", "grade>=2026-02-30", "1<=g<=2<=3"}) {
    EXPECT_FALSE(ClaimPredicate::Parse(bad).ok()) << bad;
  }
}

TEST_F(PredicatesTest, IssuerCommitsToProvableClaimsAndTheHolderGetsTheOpenings) {
  ASSERT_EQ(credential_.openings.size(), 3u);  // grade, fine_fen, decided_on (schema order)
  EXPECT_EQ(credential_.openings[0].claim, "grade");
  EXPECT_EQ(credential_.openings[0].value, 3);  // "A" in D < C < B < A
  EXPECT_EQ(credential_.openings[1].value, 120000);
  EXPECT_EQ(credential_.openings[2].value, DateToDays("2026-03-01").value());
  const SdJwt sd = SdJwt::Parse(credential_.sd_jwt).value();
  json payload = UnverifiedPayload(sd.issuer_jwt);
  const json claims = ProcessDisclosures(payload, sd.disclosures).value();
  for (const ClaimOpening& o : credential_.openings) {
    const crypto::RistrettoPoint c = FindCommitment(claims, o.claim).value();
    EXPECT_TRUE(crypto::PedersenOpens(c, o.ToPedersen())) << o.claim;
  }
  // Every copy of a batch has its own commitments.
  CredentialRequest request = world_.Request();
  request.committed_claims = std::vector<std::string>{"grade"};
  const CopyBinding bindings[2] = {{world_.holder_key.public_key(), 1},
                                   {world_.holder_key.public_key(), 2}};
  auto batch = IssueCredentialBatch(request, bindings, TestFormats(), world_.issuer_key).value();
  ASSERT_EQ(batch[0].openings.size(), 1u);
  EXPECT_NE(batch[0].openings[0].blinding, batch[1].openings[0].blinding);
  // Only present, provable claims can be committed.
  for (const char* name : {"uscc", "listed", "nosuch"}) {
    request.committed_claims = std::vector<std::string>{name};
    EXPECT_EQ(
        IssueCredential(request, bindings[0], TestFormats(), world_.issuer_key).status().code(),
        core::StatusCode::kInvalidArgument)
        << name;
  }
  request.committed_claims = std::vector<std::string>{};
  EXPECT_TRUE(
      IssueCredential(request, bindings[0], TestFormats(), world_.issuer_key)->openings.empty());
}

TEST_F(PredicatesTest, VerifierAcceptsAPredicateInsteadOfTheValue) {
  const Presentation p = Present();
  const VerificationReport report = Verify(p);
  EXPECT_TRUE(report.accepted()) << report.ToText();
  ExpectPasses(report, kCheckPredicates);
  ExpectPasses(report, "predicate:grade>=2");
  const json disclosed = json::parse(report.disclosed_claims_json);
  EXPECT_FALSE(disclosed.contains("grade"));
  EXPECT_FALSE(disclosed.contains("grade#commitment"));
  EXPECT_TRUE(disclosed.contains("uscc"));
  // The envelope round-trips through JSON and still verifies.
  const Presentation again = Presentation::FromJson(p.ToJson()).value();
  EXPECT_EQ(again, p);
  EXPECT_TRUE(Verify(again).accepted());
}

TEST_F(PredicatesTest, DatesNegativeIntegersAndRangesWith32Bits) {
  policy_.required_predicates = {ClaimPredicate::Parse("decided_on>=2026-01-01").value(),
                                 ClaimPredicate::Parse("-10<=fine_fen<=200000/32").value()};
  const Presentation p = Present(policy_.required_predicates);
  const VerificationReport report = Verify(p);
  EXPECT_TRUE(report.accepted()) << report.ToText();
  ExpectPasses(report, "predicate:decided_on>=20454");
  ExpectPasses(report, "predicate:-10<=fine_fen<=200000");
}

TEST_F(PredicatesTest, HolderCannotProveAFalsePredicateOrWithoutAnOpening) {
  PresentRequest r = Request({AtLeast("grade", 4)});  // grade is A = 3
  EXPECT_EQ(
      CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).status().code(),
      core::StatusCode::kInvalidArgument);
  r.prove = {{"fine_fen", PredicateKind::kAtMost, 0, 119999, 32}};
  EXPECT_EQ(
      CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).status().code(),
      core::StatusCode::kInvalidArgument);
  r.prove = {AtLeast("fine_fen", -1000, 8)};  // true, but 121000 does not fit in 8 bits
  EXPECT_FALSE(CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).ok());
  r.prove = {AtLeast("grade", 2)};
  r.openings.clear();
  EXPECT_EQ(
      CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).status().code(),
      core::StatusCode::kNotFound);
  r.openings = credential_.openings;
  r.openings[0].value = 2;  // a lie about the committed value does not open the commitment
  EXPECT_EQ(
      CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).status().code(),
      core::StatusCode::kInvalidArgument);
  r.openings = credential_.openings;
  r.prove = {AtLeast("name", 1)};  // not committed
  EXPECT_EQ(
      CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).status().code(),
      core::StatusCode::kNotFound);
}

TEST_F(PredicatesTest, ProofForAnotherNonceOrAudienceFails) {
  PresentRequest r = Request({AtLeast("grade", 2)});
  r.nonce = "old-nonce";
  Presentation p =
      CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).value();
  const VerificationReport report = Verify(Resigned(p));  // KB-JWT fresh, proof replayed
  ExpectPasses(report, kCheckNonce);
  ExpectFails(report, "predicate:grade>=2");
  r.nonce = "nonce-42";
  r.audience = "did:credchain:nj:bank-b";
  p = CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).value();
  const VerificationReport other = Verify(Resigned(p));
  ExpectPasses(other, kCheckAudience);
  ExpectFails(other, "predicate:grade>=2");
}

TEST_F(PredicatesTest, ProofForAnotherCredentialOrClaimFails) {
  const IssuedCredential second = world_.IssueAnchored(8);
  Presentation p = Present();
  p.predicates = Present({AtLeast("grade", 2)}, second).predicates;
  ExpectFails(Verify(Resigned(p)), "predicate:grade>=2");
  // A proof of the same predicate about fine_fen relabelled as a proof about grade.
  policy_.required_predicates = {AtLeast("grade", 2, 32)};
  p = Present({AtLeast("grade", 2, 32), AtLeast("fine_fen", 2, 32)});
  ASSERT_TRUE(Verify(p).accepted());
  p.predicates[0].proof = p.predicates[1].proof;
  const VerificationReport report = Verify(Resigned(p));
  ExpectFails(report, "predicate:grade>=2");
  EXPECT_NE(report.ToText().find("proof does not verify"), std::string::npos) << report.ToText();
}

TEST_F(PredicatesTest, TamperedProofOrCommitmentFails) {
  Presentation p = Present();
  // Every byte of the encoded proof: either the envelope no longer decodes or the proof fails.
  const core::Bytes good = p.predicates[0].proof.Encode();
  for (size_t i = 20; i < good.size(); i += 37) {
    core::Bytes bad = good;
    bad[i] ^= 0x01;
    auto decoded = crypto::PredicateProof::Decode(bad);
    if (!decoded.ok()) continue;
    Presentation tampered = p;
    tampered.predicates[0].proof = *decoded;
    ExpectFails(Verify(Resigned(tampered)), "predicate:grade>=2");
  }
  // A commitment the issuer did not sign: the disclosure digest is not in the payload.
  Presentation forged =
      WithCommitment(p, crypto::PedersenCommit(3, crypto::RistrettoScalar::One()));
  const VerificationReport report = Verify(Resigned(forged));
  ExpectFails(report, kCheckDisclosures);
  ExpectFails(report, "predicate:grade>=2");
  // The commitment withheld.
  ExpectFails(Verify(Resigned(WithoutCommitment(p))), "predicate:grade>=2");
}

TEST_F(PredicatesTest, PolicyFixesTheBitSizeAndUnverifiedIssuerMeansNoTrust) {
  policy_.required_predicates = {AtLeast("grade", 2, 16)};
  const VerificationReport report = Verify(Present());
  ExpectFails(report, "predicate:grade>=2");
  EXPECT_NE(report.ToText().find("presented with 8 bits"), std::string::npos) << report.ToText();
  policy_.required_predicates = {AtLeast("grade", 2)};
  InMemoryLedgerView other_keys("nj");
  other_keys.AddIssuerKey(std::string(kIssuerDid), "k1", KeyFromByte(99).public_key(), 100);
  other_keys.AddAuthorization(std::string(kIssuerDid), "credit-grade", 1, 50);
  other_keys.AddAnchor(credential_.id, {kAnchorHeight, std::string(kIssuerDid), 0});
  other_keys.SetStatus(std::string(kStatusUri), 7, {false, false, kAnchorHeight + 10, 0});
  const VerificationReport forged =
      VerifyPresentation(Present(), world_.Verify(), policy_, other_keys);
  ExpectFails(forged, kCheckIssuerSignature);
  ExpectFails(forged, "predicate:grade>=2");
}

TEST_F(PredicatesTest, EnvelopeRejectsPredicateJsonThatDisagreesWithTheProof) {
  const json good = json::parse(Present().ToJson());
  for (const char* patch :
       {R"({"lower":3})", R"({"bits":16})", R"({"kind":"at_most"})", R"({"upper":9})",
        R"({"claim":"grade#commitment"})", R"({"bits":null})"}) {
    json p = good;
    p["predicates"][0].merge_patch(json::parse(patch));
    EXPECT_FALSE(Presentation::FromJson(p.dump()).ok()) << patch;
  }
}

}  // namespace
}  // namespace credchain::credentials
