// Offline verification from a presentation's proof bundle alone (credentials/status_bundle.h,
// bundle_ledger_view.h, VerifyPresentationOffline): every ledger fact — anchor, issuer key
// history, authorisation, status list and entry — must be proven under one certified state
// root, and each attack fails the check it concerns.
#include "credentials/status_bundle.h"

#include <gtest/gtest.h>

#include "certified_world.h"
#include "credentials/bundle_ledger_view.h"
#include "credentials/verifier.h"

namespace credchain::credentials {
namespace {

using namespace testing;

constexpr std::string_view kIssuerOrg = "credit-center";

class OfflineVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    credential_ = world_.IssueAnchored(7);
    keys_ = {chain_.PutAnchor(credential_.id, kIssuerOrg, kAnchorHeight),
             chain_.PutIssuerKey(kIssuerOrg, "k1", world_.issuer_key.public_key(), 100),
             chain_.PutAuthorization(kIssuerOrg, "credit-grade", 50),
             chain_.PutStatusList(kStatusUri, 4096), chain_.PutStatus(kStatusUri, 7, 0)};
  }

  Presentation Present(std::optional<StatusProofBundle> bundle) const {
    PresentRequest r = world_.Present();
    r.status_proof = std::move(bundle);
    return CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).value();
  }
  VerificationReport Verify(std::optional<StatusProofBundle> bundle) const {
    return VerifyPresentationOffline(Present(std::move(bundle)), world_.Verify(), world_.policy,
                                     chain_.trust);
  }
  VerificationReport Verify() const { return Verify(chain_.Bundle(keys_)); }

  static CheckOutcome Outcome(const VerificationReport& r, std::string_view name) {
    return r.Find(name)->outcome;
  }
  static void ExpectFails(const VerificationReport& r,
                          std::initializer_list<std::string_view> names) {
    EXPECT_FALSE(r.accepted()) << r.ToText();
    for (std::string_view name : names) {
      EXPECT_EQ(Outcome(r, name), CheckOutcome::kFail) << name << "\n" << r.ToText();
    }
  }

  World world_;
  CertifiedWorld chain_;
  IssuedCredential credential_;
  std::vector<core::Bytes32> keys_;
};

TEST_F(OfflineVerifyTest, EveryLedgerFactComesFromTheBundle) {
  const VerificationReport report = Verify();
  EXPECT_TRUE(report.accepted()) << report.ToText();
  EXPECT_EQ(report.Find(kCheckAnchored)->reason, "anchored at height 500");
  EXPECT_EQ(Outcome(report, kCheckStatusProof), CheckOutcome::kPass);
  EXPECT_NE(report.Find(kCheckStatusProof)->reason.find("height 899"), std::string::npos);
  // The verifier's own (in-memory) ledger was never consulted: emptying it changes nothing.
  world_.ledger.SetUnavailable(core::Status::Unavailable("no node"));
  EXPECT_TRUE(Verify().accepted());
}

TEST_F(OfflineVerifyTest, RevokedAndSuspendedBits) {
  chain_.PutStatus(kStatusUri, 7, 1);
  VerificationReport revoked = Verify();
  ExpectFails(revoked, {kCheckNotRevoked});
  EXPECT_EQ(Outcome(revoked, kCheckStatusProof), CheckOutcome::kPass);
  chain_.PutStatus(kStatusUri, 7, 2);
  ExpectFails(Verify(), {kCheckNotSuspended});
}

TEST_F(OfflineVerifyTest, ForgedProofValuesAreRefused) {
  chain_.PutStatus(kStatusUri, 7, 1);  // revoked on chain
  for (size_t i = 0; i < keys_.size(); ++i) {
    StatusProofBundle bundle = chain_.Bundle(keys_);
    if (i == 4) {
      bundle.entries[i].value = core::Bytes{0};  // "not revoked"
    } else {
      bundle.entries[i].value->back() ^= 1;  // e.g. another anchor height or issuer key
    }
    const VerificationReport report = Verify(bundle);
    ExpectFails(report, {kCheckStatusProof, kCheckAnchored, kCheckIssuerKey, kCheckNotRevoked});
    EXPECT_NE(report.Find(kCheckStatusProof)->reason.find("entry " + std::to_string(i)),
              std::string::npos)
        << report.ToText();
  }
  StatusProofBundle absent = chain_.Bundle(keys_);
  absent.entries[0].value.reset();  // claims "never anchored" with an inclusion proof
  ExpectFails(Verify(absent), {kCheckStatusProof, kCheckAnchored});
}

TEST_F(OfflineVerifyTest, AnchorProofOfAnotherCredentialDoesNotAnchorThisOne) {
  const IssuedCredential other = world_.IssueAnchored(8);
  std::vector<core::Bytes32> keys = keys_;
  keys[0] = chain_.PutAnchor(other.id, kIssuerOrg, kAnchorHeight);
  const VerificationReport report = Verify(chain_.Bundle(keys));
  ExpectFails(report, {kCheckAnchored, kCheckIssuerKey, kCheckIssuerSignature});
  EXPECT_EQ(Outcome(report, kCheckStatusProof), CheckOutcome::kPass);
  EXPECT_NE(report.Find(kCheckAnchored)->reason.find("does not prove"), std::string::npos);
}

TEST_F(OfflineVerifyTest, EachMissingFactFailsItsCheck) {
  const std::vector<std::string_view> check_of = {
      kCheckAnchored, kCheckIssuerKey, kCheckIssuerAuthorized, kCheckNotRevoked, kCheckNotRevoked};
  for (size_t i = 0; i < keys_.size(); ++i) {
    std::vector<core::Bytes32> keys = keys_;
    keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(i));
    const VerificationReport report = Verify(chain_.Bundle(keys));
    ExpectFails(report, {check_of[i]});
    const std::string_view reason_in = i < 3 ? check_of[i] : kCheckStatusProof;
    EXPECT_NE(report.Find(reason_in)->reason.find("does not prove"), std::string::npos)
        << report.ToText();
  }
}

TEST_F(OfflineVerifyTest, ProvenFactsThatSayNo) {
  CertifiedWorld later;  // the key is valid only from after the anchor; authorisation ended
  std::vector<core::Bytes32> keys = {
      later.PutAnchor(credential_.id, kIssuerOrg, kAnchorHeight),
      later.PutIssuerKey(kIssuerOrg, "k1", world_.issuer_key.public_key(), kAnchorHeight + 1),
      later.PutAuthorization(kIssuerOrg, "credit-grade", 50, kAnchorHeight - 1),
      later.PutStatusList(kStatusUri, 7),  // entry 7 does not exist
      later.PutStatus(kStatusUri, 7, 0)};
  VerificationReport report = VerifyPresentationOffline(
      Present(later.Bundle(keys)), world_.Verify(), world_.policy, later.trust);
  ExpectFails(report, {kCheckIssuerKey, kCheckIssuerAuthorized, kCheckNotRevoked});
  EXPECT_EQ(Outcome(report, kCheckAnchored), CheckOutcome::kPass);
  // Proven absent (non-inclusion proofs): never anchored.
  CertifiedWorld empty;
  const core::Bytes32 single = empty.codec.AnchorKeys(kSuite, credential_.id)->single;
  const core::Bytes32 batch = empty.codec.AnchorKeys(kSuite, credential_.id)->batch;
  report = VerifyPresentationOffline(Present(empty.Bundle({single, batch})), world_.Verify(),
                                     world_.policy, empty.trust);
  EXPECT_EQ(report.Find(kCheckAnchored)->reason, "not anchored on chain");
  // Absent in one namespace only is not proof of "not anchored".
  report = VerifyPresentationOffline(Present(empty.Bundle({single})), world_.Verify(),
                                     world_.policy, empty.trust);
  EXPECT_NE(report.Find(kCheckAnchored)->reason.find("one namespace"), std::string::npos);
}

TEST_F(OfflineVerifyTest, BundleFromAnotherChainIsRefused) {
  const VerificationReport report = Verify(chain_.Bundle(keys_, {.chain = "sh"}));
  ExpectFails(report, {kCheckStatusProof, kCheckAnchored, kCheckNotRevoked});
  EXPECT_NE(report.Find(kCheckStatusProof)->reason.find("chain"), std::string::npos);
  EXPECT_EQ(VerifyCertifiedHeader(chain_.Bundle(keys_, {.chain = "sh"}), chain_.trust.validators)
                .status()
                .reject_code(),
            core::RejectCode::kWrongChain);
}

TEST_F(OfflineVerifyTest, UncertifiedRootIsRefused) {
  // The header is changed after the QC was made: another root, no longer certified.
  StatusProofBundle bundle = chain_.Bundle(keys_);
  auto header = core::DecodeExact<ledger::BlockHeader>(bundle.header).value();
  header.exec_state_root[0] ^= 1;
  bundle.header = core::EncodeToBytes(header);
  ExpectFails(Verify(bundle), {kCheckStatusProof, kCheckAnchored});
  EXPECT_EQ(VerifyCertifiedHeader(bundle, chain_.trust.validators).status().reject_code(),
            core::RejectCode::kUncertified);
  // Too few signatures (2 of 4), and a QC by keys outside the trusted set.
  ExpectFails(Verify(chain_.Bundle(keys_, {.signers = 2})), {kCheckStatusProof, kCheckAnchored});
  for (auto& key : chain_.validator_keys) {
    key = KeyFromByte(static_cast<uint8_t>(key.seed()[0] + 20));
  }
  const StatusProofBundle rogue = chain_.Bundle(keys_);
  EXPECT_FALSE(VerifyCertifiedHeader(rogue, chain_.trust.validators).ok());
  ExpectFails(Verify(rogue), {kCheckStatusProof, kCheckAnchored});
}

TEST_F(OfflineVerifyTest, StaleBundleFailsTheStatusButNotTheHistory) {
  const VerificationReport stale =
      Verify(chain_.Bundle(keys_, {.age_s = world_.policy.max_status_age_s + 1}));
  ExpectFails(stale, {kCheckStatusProof, kCheckNotRevoked, kCheckNotSuspended});
  EXPECT_NE(stale.Find(kCheckStatusProof)->reason.find("old"), std::string::npos);
  EXPECT_EQ(Outcome(stale, kCheckAnchored), CheckOutcome::kPass);
  EXPECT_EQ(Outcome(stale, kCheckIssuerSignature), CheckOutcome::kPass);
}

TEST_F(OfflineVerifyTest, MissingBundleOrCodecFailsEveryLedgerCheck) {
  for (const VerificationReport& report : {Verify(std::nullopt), [&] {
                                             OfflineTrust no_codec = chain_.trust;
                                             no_codec.codec = nullptr;
                                             return VerifyPresentationOffline(
                                                 Present(chain_.Bundle(keys_)), world_.Verify(),
                                                 world_.policy, no_codec);
                                           }()}) {
    ExpectFails(report, {kCheckStatusProof, kCheckAnchored, kCheckIssuerKey, kCheckIssuerAuthorized,
                         kCheckNotRevoked, kCheckNotSuspended});
  }
}

TEST_F(OfflineVerifyTest, MalformedBundlesAreRefusedCleanly) {
  const StatusProofBundle good = chain_.Bundle(keys_);
  for (int field = 0; field < 3; ++field) {
    for (size_t cut : {size_t{0}, size_t{1}, size_t{7}}) {
      StatusProofBundle bad = good;
      core::Bytes& target = field == 0 ? bad.header : field == 1 ? bad.qc : bad.entries[2].proof;
      target.resize(std::min(cut, target.size()));
      EXPECT_FALSE(BundleLedgerView::Open(bad, chain_.trust).ok());
      ExpectFails(Verify(bad), {kCheckStatusProof});
    }
  }
}

}  // namespace
}  // namespace credchain::credentials
