// Credential contracts: anchors, batch anchors, issuer key rotation, status lists (with offline
// proofs) and evidence anchors; each forbidden path is a typed rejection that changes nothing
// but the sender's sequence.
#include "contracts/credentials.h"

#include <gtest/gtest.h>

#include "contracts/dispatch.h"
#include "genesis_fixture.h"
#include "ledger/mem_kv_store.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;
using testing::Digest;

class CredentialsTest : public testing::GenesisFixture {
 protected:
  void SetUp() override {
    GenesisFixture::SetUp();
    EXPECT_APPLIED(Submit(samr, TxKind::kIssuerKeyRotate, Rotate("key-1", 50), today));
  }

  static IssuerKeyRotatePayload Rotate(const std::string& id, uint8_t seed,
                                       std::optional<std::string> retire = std::nullopt) {
    return IssuerKeyRotatePayload{1, id, testing::TestKey(seed).public_key(), std::move(retire)};
  }

  static CredentialAnchorPayload Anchor(const std::string& label,
                                        const std::string& schema = "electronic-licence") {
    return CredentialAnchorPayload{1, Digest(label), AnchorTerms{schema, 1, "key-1", 0}};
  }

  static StatusSetPayload Set(StatusOp op, std::vector<uint32_t> indices,
                              const std::string& dept = "samr", uint32_t list = 1) {
    return StatusSetPayload{1, dept, list, op, std::move(indices)};
  }
};

TEST_F(CredentialsTest, AnchorRecordsIssuerSchemaKeyAndHeight) {
  EXPECT_APPLIED(Submit(samr, TxKind::kCredentialAnchor, Anchor("c1"), today));
  auto anchor = Query()->q.Anchor(Digest("c1")).value();
  ASSERT_TRUE(anchor.has_value());
  EXPECT_EQ(anchor->department, "samr");
  EXPECT_EQ(anchor->terms.key_id, "key-1");
  EXPECT_EQ(anchor->height, height);
  EXPECT_EQ(anchor->batch_size, 0u);
  EXPECT_FALSE(Query()->q.Anchor(Digest("c2")).value().has_value());
}

TEST_F(CredentialsTest, ForbiddenAnchorsAreRejectedAndChangeNothing) {
  EXPECT_APPLIED(Submit(samr, TxKind::kCredentialAnchor, Anchor("c1"), today));
  ExpectRejected(samr, TxKind::kCredentialAnchor, Anchor("c1"), today, RejectCode::kAlreadyExists);
  // tax is not authorised for electronic-licence.
  EXPECT_APPLIED(Submit(tax, TxKind::kIssuerKeyRotate, Rotate("key-1", 51), today));
  ExpectRejected(tax, TxKind::kCredentialAnchor, Anchor("c2"), today, RejectCode::kUnauthorized);
  ExpectRejected(holder, TxKind::kCredentialAnchor, Anchor("c2"), today,
                 RejectCode::kUnknownSigner);
  auto unknown_version = Anchor("c2");
  unknown_version.terms.schema_version = 9;
  ExpectRejected(samr, TxKind::kCredentialAnchor, unknown_version, today, RejectCode::kNotFound);
  ExpectRejected(samr, TxKind::kCredentialAnchor, Anchor("c2", "administrative-penalty"), today,
                 RejectCode::kInvalidField);
  auto unknown_key = Anchor("c2");
  unknown_key.terms.key_id = "key-9";
  ExpectRejected(samr, TxKind::kCredentialAnchor, unknown_key, today, RejectCode::kNotFound);
  auto expired = Anchor("c2");
  expired.terms.valid_until_ms = testing::NoonMs(today) - 1;
  ExpectRejected(samr, TxKind::kCredentialAnchor, expired, today, RejectCode::kExpired);
  // hrss is authorised for credit-commitment but has no issuer key at all.
  ExpectRejected(hrss, TxKind::kCredentialAnchor, Anchor("c3", "credit-commitment"), today,
                 RejectCode::kNotFound);
}

TEST_F(CredentialsTest, BatchAnchorStoresRootAndCount) {
  CredentialAnchorBatchPayload batch{1, Digest("root"), 5000,
                                     AnchorTerms{"credit-grade-samr-risk", 1, "key-1", 0}};
  EXPECT_APPLIED(Submit(samr, TxKind::kCredentialAnchorBatch, batch, today));
  auto anchor = Query()->q.Anchor(Digest("root")).value();
  ASSERT_TRUE(anchor.has_value());
  EXPECT_EQ(anchor->batch_size, 5000u);
  ExpectRejected(samr, TxKind::kCredentialAnchorBatch, batch, today, RejectCode::kAlreadyExists);
  batch.batch_root = Digest("root2");
  ExpectRejected(tax, TxKind::kCredentialAnchorBatch, batch, today, RejectCode::kUnauthorized);
}

TEST_F(CredentialsTest, KeyRotationKeepsHistorySoOldCredentialsVerify) {
  const uint64_t first_height = height;  // key-1 registered here (SetUp)
  EXPECT_APPLIED(Submit(samr, TxKind::kCredentialAnchor, Anchor("old"), today));
  EXPECT_APPLIED(Submit(samr, TxKind::kIssuerKeyRotate, Rotate("key-2", 52, "key-1"), today));
  const uint64_t rotated_at = height;
  ExpectRejected(samr, TxKind::kCredentialAnchor, Anchor("new"), today, RejectCode::kInvalidState);
  auto with_new_key = Anchor("new");
  with_new_key.terms.key_id = "key-2";
  EXPECT_APPLIED(Submit(samr, TxKind::kCredentialAnchor, with_new_key, today));
  const IssuerKeyHistory keys = Query()->q.IssuerKeys("samr").value();
  ASSERT_EQ(keys.keys.size(), 2u);
  EXPECT_NE(keys.ValidAt("key-1", first_height + 1), nullptr) << "old anchors still verify";
  EXPECT_EQ(keys.ValidAt("key-1", rotated_at + 1), nullptr);
  EXPECT_NE(keys.ValidAt("key-2", rotated_at), nullptr);
  ExpectRejected(samr, TxKind::kIssuerKeyRotate, Rotate("key-2", 53), today,
                 RejectCode::kAlreadyExists);
  ExpectRejected(samr, TxKind::kIssuerKeyRotate, Rotate("key-3", 52), today,
                 RejectCode::kDuplicate);
  ExpectRejected(samr, TxKind::kIssuerKeyRotate, Rotate("key-3", 53, "key-9"), today,
                 RejectCode::kNotFound);
  ExpectRejected(samr, TxKind::kIssuerKeyRotate, Rotate("key-3", 53, "key-1"), today,
                 RejectCode::kInvalidState);
}

TEST_F(CredentialsTest, StatusListsRevokeSuspendReinstateOnlyByTheIssuer) {
  StatusListCreatePayload create{1, 1, kPurposeRevocation | kPurposeSuspension, 8192};
  const ledger::Receipt r = Submit(samr, TxKind::kStatusListCreate, create, today);
  EXPECT_APPLIED(r);
  core::Reader result(r.result);
  EXPECT_EQ(result.ReadString(1024).value(), StatusListUri(testing::kTestChain, "samr", 1));
  ExpectRejected(samr, TxKind::kStatusListCreate, create, today, RejectCode::kAlreadyExists);
  create.list_number = 2;
  create.size = 1u << 25;
  ExpectRejected(samr, TxKind::kStatusListCreate, create, today, RejectCode::kTooLarge);

  EXPECT_APPLIED(Submit(samr, TxKind::kStatusSet, Set(StatusOp::kRevoke, {1, 5000}), today));
  EXPECT_APPLIED(Submit(samr, TxKind::kStatusSet, Set(StatusOp::kSuspend, {2, 5000}), today));
  auto q = Query();
  EXPECT_EQ(q->q.Status("samr", 1, 1).value(), (StatusBits{true, false}));
  EXPECT_EQ(q->q.Status("samr", 1, 2).value(), (StatusBits{false, true}));
  EXPECT_EQ(q->q.Status("samr", 1, 5000).value(), (StatusBits{true, true}));
  EXPECT_EQ(q->q.Status("samr", 1, 3).value(), (StatusBits{false, false}));
  EXPECT_APPLIED(Submit(samr, TxKind::kStatusSet, Set(StatusOp::kReinstate, {2}), today));
  EXPECT_EQ(Query()->q.Status("samr", 1, 2).value(), (StatusBits{false, false}));

  ExpectRejected(samr, TxKind::kStatusSet, Set(StatusOp::kReinstate, {1}), today,
                 RejectCode::kRevoked);
  ExpectRejected(tax, TxKind::kStatusSet, Set(StatusOp::kRevoke, {7}), today,
                 RejectCode::kUnauthorized);
  ExpectRejected(samr, TxKind::kStatusSet, Set(StatusOp::kRevoke, {8192}), today,
                 RejectCode::kInvalidField);
  ExpectRejected(samr, TxKind::kStatusSet, Set(StatusOp::kRevoke, {7}, "samr", 9), today,
                 RejectCode::kNotFound);
  StatusListCreatePayload revocation_only{1, 3, kPurposeRevocation, 4096};
  EXPECT_APPLIED(Submit(samr, TxKind::kStatusListCreate, revocation_only, today));
  ExpectRejected(samr, TxKind::kStatusSet, Set(StatusOp::kSuspend, {7}, "samr", 3), today,
                 RejectCode::kInvalidField);
}

TEST_F(CredentialsTest, StatusEntryProofsVerifyOfflineAndRejectTampering) {
  EXPECT_APPLIED(Submit(samr, TxKind::kStatusListCreate,
                        StatusListCreatePayload{1, 1, kPurposeRevocation, 8192}, today));
  EXPECT_APPLIED(Submit(samr, TxKind::kStatusSet, Set(StatusOp::kRevoke, {42}), today));
  ledger::MemKvStore kv;
  auto tree = ledger::StateTree::Open(&kv, crypto::HashSuite::kSha256).value();
  ledger::StateDelta all;
  for (const auto& [k, v] : state.values()) all.Put(k, v);
  CHECK_OK(tree->Commit(tree->PrepareUpdate(std::nullopt, all).value(), ledger::Durability::kSync));
  const core::Bytes32 root = tree->RootHash(0).value();

  auto revoked = ProveStatusEntry(*tree, 0, "samr", 1, 42).value();
  EXPECT_TRUE(revoked.bits.revoked);
  EXPECT_EQ(VerifyStatusEntry(crypto::HashSuite::kSha256, root, "samr", 1, 42, revoked).value(),
            (StatusBits{true, false}));
  // An entry in an untouched chunk: proven absent, all clear.
  auto clear = ProveStatusEntry(*tree, 0, "samr", 1, 5000).value();
  EXPECT_FALSE(clear.value.has_value());
  EXPECT_EQ(VerifyStatusEntry(crypto::HashSuite::kSha256, root, "samr", 1, 5000, clear).value(),
            (StatusBits{}));
  // Claiming the revoked entry is clear (no value) or flipping its bit fails the proof.
  auto lie = revoked;
  lie.value.reset();
  EXPECT_EQ(VerifyStatusEntry(crypto::HashSuite::kSha256, root, "samr", 1, 42, lie)
                .status()
                .reject_code(),
            RejectCode::kBadProof);
  lie = revoked;
  (*lie.value)[2 + 42 / 4] = 0;
  EXPECT_EQ(VerifyStatusEntry(crypto::HashSuite::kSha256, root, "samr", 1, 42, lie)
                .status()
                .reject_code(),
            RejectCode::kBadProof);
  // The proof of one entry does not prove another list's entry.
  EXPECT_FALSE(VerifyStatusEntry(crypto::HashSuite::kSha256, root, "tax", 1, 42, revoked).ok());
}

TEST_F(CredentialsTest, EvidenceNeedsAuthorisationForTheDocumentType) {
  EvidenceAnchorPayload e{1, Digest("licence.ofd"), "electronic-licence"};
  EXPECT_APPLIED(Submit(samr, TxKind::kEvidenceAnchor, e, today));
  auto record = Query()->q.Evidence(Digest("licence.ofd")).value();
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->department, "samr");
  ExpectRejected(samr, TxKind::kEvidenceAnchor, e, today, RejectCode::kAlreadyExists);
  e.document_digest = Digest("other");
  ExpectRejected(tax, TxKind::kEvidenceAnchor, e, today, RejectCode::kUnauthorized);
}

TEST_F(CredentialsTest, MalformedPayloadsAreRejectedByDecoding) {
  core::Bytes good = core::EncodeToBytes(Anchor("c1"));
  core::Bytes truncated(good.begin(), good.end() - 1);
  bool only_sequence = false;
  EXPECT_EQ(Run(samr, TxKind::kCredentialAnchor, truncated, today, &only_sequence).code,
            RejectCode::kMalformed);
  EXPECT_TRUE(only_sequence);
  EXPECT_FALSE(CheckPayload(TxKind::kCredentialAnchor, truncated).ok());
  EXPECT_TRUE(CheckPayload(TxKind::kCredentialAnchor, good).ok());
  EXPECT_FALSE(
      CheckPayload(TxKind::kStatusSet, core::EncodeToBytes(Set(StatusOp::kRevoke, {5, 3}))).ok());
  EXPECT_FALSE(
      CheckPayload(TxKind::kStatusSet, core::EncodeToBytes(Set(StatusOp::kRevoke, {}))).ok());
  EXPECT_FALSE(CheckPayload(TxKind::kStatusListCreate,
                            core::EncodeToBytes(StatusListCreatePayload{1, 1, 1, 100}))
                   .ok());
  EXPECT_FALSE(
      CheckPayload(TxKind::kIssuerKeyRotate, core::EncodeToBytes(Rotate("key-1", 50, "key-1")))
          .ok());
  EXPECT_FALSE(CheckPayload(TxKind::kCredentialAnchorBatch,
                            core::EncodeToBytes(CredentialAnchorBatchPayload{
                                1, Digest("r"), 0, AnchorTerms{"electronic-licence", 1, "k", 0}}))
                   .ok());
}

}  // namespace
}  // namespace credchain::contracts
