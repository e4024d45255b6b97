#include "credentials/status_bundle.h"

#include <gtest/gtest.h>

#include "core/codec.h"
#include "credentials/verifier.h"
#include "fixture.h"
#include "ledger/block.h"
#include "ledger/mem_kv_store.h"
#include "ledger/smt_proof.h"
#include "ledger/state_tree.h"
#include "ledger/state_view.h"

namespace credchain::credentials {
namespace {

using namespace testing;
constexpr crypto::HashSuite kSuite = crypto::HashSuite::kSha256;

// A stand-in for the credential contracts' layout: one key per (list, index), value = u8 bits
// (bit 0 revoked, bit 1 suspended). The real codec comes from contracts/.
class TestStatusCodec final : public StatusStateCodec {
 public:
  core::Result<core::Bytes32> StatusKey(crypto::HashSuite suite, std::string_view uri,
                                        uint64_t index) const override {
    core::Writer w;
    w.PutString(uri);
    w.PutU64(index);
    return ledger::StateKey(suite, "test.slist", w.bytes());
  }
  core::Result<CredentialStatus> DecodeStatus(const std::optional<core::Bytes>& value,
                                              uint64_t) const override {
    if (!value || value->size() != 1) {
      return core::Status::Rejected(core::RejectCode::kMalformed, "status value");
    }
    return CredentialStatus{((*value)[0] & 1) != 0, ((*value)[0] & 2) != 0, 0, 0};
  }
};

class StatusBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (uint8_t i = 0; i < 4; ++i) {
      validator_keys_.push_back(KeyFromByte(static_cast<uint8_t>(60 + i)));
      validators_.validators.push_back(
          {"dept-" + std::to_string(i), validator_keys_[i].public_key()});
    }
    validators_.epoch = 1;
    trust_.validators = {"nj", kSuite, {validators_}};
    trust_.codec = &codec_;
    credential_ = world_.IssueAnchored(7);
  }

  // State with the credential's status entry = `bits`, a header over it, a QC by `signers`.
  StatusProofBundle MakeBundle(uint8_t bits, int64_t age_s = 60, size_t signers = 3) {
    ledger::MemKvStore store;
    auto tree = ledger::StateTree::Open(&store, kSuite).value();
    const core::Bytes32 key = codec_.StatusKey(kSuite, kStatusUri, 7).value();
    ledger::StateDelta delta;
    delta.Put(key, core::Bytes{bits});
    delta.Put(codec_.StatusKey(kSuite, kStatusUri, 8).value(), core::Bytes{1});
    auto update = tree->PrepareUpdate(std::nullopt, delta).value();
    EXPECT_TRUE(tree->Commit(update, ledger::Durability::kNoSync).ok());
    ledger::BlockHeader header;
    header.chain_id = "nj";
    header.suite = kSuite;
    header.epoch = 1;
    header.round = 5;
    header.height = 10;
    header.timestamp_ms = static_cast<uint64_t>((kNow - age_s) * 1000);
    header.proposer = validator_keys_[0].public_key();
    header.exec_height = 0;
    header.exec_state_root = update.root;
    header.validator_set_hash = validators_.Hash(kSuite);
    StatusProofBundle bundle;
    bundle.header = core::EncodeToBytes(header);
    bundle.qc = core::EncodeToBytes(Sign(header, signers));
    bundle.entries.push_back(
        {key, core::Bytes{bits}, core::EncodeToBytes(tree->Prove(key, 0).value())});
    return bundle;
  }

  ledger::QuorumCert Sign(const ledger::BlockHeader& header, size_t signers) const {
    ledger::QuorumCert qc;
    qc.epoch = header.epoch;
    qc.round = header.round;
    qc.block_id = ledger::BlockId(header);
    qc.signer_bitmap = {0};
    const core::Bytes preimage = ledger::VoteSigningPreimage("nj", qc.epoch, qc.round, qc.block_id);
    for (size_t i = 0; i < signers; ++i) {
      qc.signer_bitmap[0] |= static_cast<uint8_t>(1u << i);
      qc.signatures.push_back(crypto::Sign(validator_keys_[i], preimage));
    }
    return qc;
  }

  VerificationReport VerifyOffline(const StatusProofBundle& bundle) {
    PresentRequest r = world_.Present();
    r.status_proof = bundle;
    Presentation p =
        CreatePresentation(credential_.sd_jwt, AnchorProof{}, r, world_.holder_key).value();
    VerifyRequest v = world_.Verify();
    v.status_source = StatusSource::kProofBundle;
    v.offline = &trust_;
    return VerifyPresentation(p, v, world_.policy, world_.ledger);
  }

  static CheckOutcome Outcome(const VerificationReport& r, std::string_view name) {
    return r.Find(name)->outcome;
  }

  World world_;
  IssuedCredential credential_;
  std::vector<crypto::SecretKey> validator_keys_;
  ledger::ValidatorSet validators_;
  TestStatusCodec codec_;
  OfflineTrust trust_;
};

TEST_F(StatusBundleTest, ValidBundleGivesCertifiedStatus) {
  const VerificationReport report = VerifyOffline(MakeBundle(0));
  EXPECT_TRUE(report.accepted()) << report.ToText();
  EXPECT_EQ(Outcome(report, kCheckStatusProof), CheckOutcome::kPass);
  auto status = StatusFromBundle(MakeBundle(2), trust_, kStatusUri, 7);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_FALSE(status->revoked);
  EXPECT_TRUE(status->suspended);
  EXPECT_EQ(status->as_of_time_ms, (kNow - 60) * 1000);
}

TEST_F(StatusBundleTest, RevokedAndSuspendedBitsFailTheirChecks) {
  VerificationReport revoked = VerifyOffline(MakeBundle(1));
  EXPECT_FALSE(revoked.accepted());
  EXPECT_EQ(Outcome(revoked, kCheckNotRevoked), CheckOutcome::kFail);
  EXPECT_EQ(Outcome(revoked, kCheckStatusProof), CheckOutcome::kPass);
  VerificationReport suspended = VerifyOffline(MakeBundle(2));
  EXPECT_EQ(Outcome(suspended, kCheckNotSuspended), CheckOutcome::kFail);
}

TEST_F(StatusBundleTest, ForgedStatusValueIsRefused) {
  StatusProofBundle bundle = MakeBundle(1);  // revoked on chain
  bundle.entries[0].value = core::Bytes{0};  // the holder claims "not revoked"
  const VerificationReport report = VerifyOffline(bundle);
  EXPECT_FALSE(report.accepted());
  EXPECT_EQ(Outcome(report, kCheckStatusProof), CheckOutcome::kFail);
  EXPECT_EQ(Outcome(report, kCheckNotRevoked), CheckOutcome::kFail);
  StatusProofBundle absent = MakeBundle(1);
  absent.entries[0].value.reset();  // claims the entry does not exist
  EXPECT_EQ(Outcome(VerifyOffline(absent), kCheckStatusProof), CheckOutcome::kFail);
}

TEST_F(StatusBundleTest, BundleFromAnotherChainIsRefused) {
  trust_.validators.chain_id = "sh";
  const VerificationReport report = VerifyOffline(MakeBundle(0));
  EXPECT_EQ(Outcome(report, kCheckStatusProof), CheckOutcome::kFail);
  EXPECT_NE(report.Find(kCheckStatusProof)->reason.find("chain"), std::string::npos);
  EXPECT_EQ(VerifyCertifiedHeader(MakeBundle(0), trust_.validators).status().reject_code(),
            core::RejectCode::kWrongChain);
}

TEST_F(StatusBundleTest, UncertifiedRootIsRefused) {
  // The header is changed after the QC was made: another root, no longer certified.
  StatusProofBundle bundle = MakeBundle(0);
  auto header = core::DecodeExact<ledger::BlockHeader>(bundle.header).value();
  header.exec_state_root[0] ^= 1;
  bundle.header = core::EncodeToBytes(header);
  EXPECT_EQ(Outcome(VerifyOffline(bundle), kCheckStatusProof), CheckOutcome::kFail);
  EXPECT_EQ(VerifyCertifiedHeader(bundle, trust_.validators).status().reject_code(),
            core::RejectCode::kUncertified);
  // Too few signatures (2 of 4) and signatures by keys outside the trusted set.
  EXPECT_EQ(Outcome(VerifyOffline(MakeBundle(0, 60, 2)), kCheckStatusProof), CheckOutcome::kFail);
  for (auto& key : validator_keys_) key = KeyFromByte(static_cast<uint8_t>(key.seed()[0] + 20));
  const StatusProofBundle rogue = MakeBundle(0);
  EXPECT_FALSE(VerifyCertifiedHeader(rogue, trust_.validators).ok());
  EXPECT_EQ(Outcome(VerifyOffline(rogue), kCheckStatusProof), CheckOutcome::kFail);
}

TEST_F(StatusBundleTest, StaleOrMissingBundleIsRefused) {
  const VerificationReport stale = VerifyOffline(MakeBundle(0, world_.policy.max_status_age_s + 1));
  EXPECT_EQ(Outcome(stale, kCheckStatusProof), CheckOutcome::kFail);
  EXPECT_NE(stale.Find(kCheckStatusProof)->reason.find("old"), std::string::npos);
  StatusProofBundle other_entry = MakeBundle(0);
  other_entry.entries[0].key = codec_.StatusKey(kSuite, kStatusUri, 9).value();
  EXPECT_EQ(Outcome(VerifyOffline(other_entry), kCheckStatusProof), CheckOutcome::kFail);
  trust_.codec = nullptr;
  EXPECT_EQ(Outcome(VerifyOffline(MakeBundle(0)), kCheckStatusProof), CheckOutcome::kFail);
}

TEST_F(StatusBundleTest, MalformedBundlesAreRefusedCleanly) {
  StatusProofBundle good = MakeBundle(0);
  for (int field = 0; field < 3; ++field) {
    for (size_t cut : {size_t{0}, size_t{1}, size_t{7}}) {
      StatusProofBundle bad = good;
      core::Bytes& target = field == 0 ? bad.header : field == 1 ? bad.qc : bad.entries[0].proof;
      target.resize(std::min(cut, target.size()));
      EXPECT_FALSE(StatusFromBundle(bad, trust_, kStatusUri, 7).ok());
    }
  }
}

}  // namespace
}  // namespace credchain::credentials
