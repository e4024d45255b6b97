// consent.grant / consent.revoke / access.receipts: who may grant and revoke, what a consent
// covers, expiry and revocation against the read time, and listing receipts by subject.
#include "contracts/consent.h"

#include "contracts/commitment_payloads.h"
#include "domain_fixture.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;
using testing::Day;
using testing::Digest;

class ConsentTest : public testing::DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    CommitmentRecordPayload c;
    c.letter_digest = Digest("bind");
    c.type = CommitmentType::kVoluntary;
    c.matter = "信易贷授权";
    c.subject = subject;
    c.accepting_authority = "credit-center";
    c.committer_key = holder.public_key();
    c.committer_signature = SignCommitmentLetter(holder, testing::kTestChain, c.letter_digest);
    EXPECT_APPLIED(Submit(center, TxKind::kCommitmentRecord, c, Day("2026-05-01")));
  }

  ConsentGrantPayload Grant(std::string_view id, Party grantee, std::string_view through) {
    ConsentGrantPayload g;
    g.consent_id = Digest(id);
    g.subject = subject;
    g.grantee = std::move(grantee);
    g.scope.kinds = {DataKind::kPenaltyRecord, DataKind::kCreditReport};
    g.valid_through = Day(through);
    return g;
  }
  AccessEntry Read(std::string_view consent, DataKind kind, std::string_view day) {
    AccessEntry e;
    e.subject = subject;
    e.what_kind = kind;
    e.what_digest = Digest("record");
    e.read_at_ms = testing::NoonMs(Day(day)) - 1000;
    e.consent_id = Digest(consent);
    return e;
  }
  AccessReceiptsPayload Batch(std::vector<AccessEntry> entries) {
    return AccessReceiptsPayload{1, std::move(entries)};
  }
  std::vector<AccessReceipt> Receipts() {
    auto view = DomainFixture::Read();
    return AccessReceiptsOfSubject(view->state, subject).value();
  }

  const SubjectRef subject = SubjectRef::Uscc(testing::kEnterprise);
};

TEST_F(ConsentTest, GrantRevokeAndReceipts) {
  const auto grant = Grant("c1", Party::Key(bank.public_key()), "2026-12-31");
  ExpectRejected(other_holder, TxKind::kConsentGrant, grant, Day("2026-05-02"),
                 RejectCode::kUnauthorized);  // not a holder key of the subject
  EXPECT_APPLIED(Submit(holder, TxKind::kConsentGrant, grant, Day("2026-05-02")));
  ExpectRejected(holder, TxKind::kConsentGrant, grant, Day("2026-05-02"),
                 RejectCode::kAlreadyExists);

  EXPECT_APPLIED(Submit(bank, TxKind::kAccessReceipts,
                        Batch({Read("c1", DataKind::kPenaltyRecord, "2026-05-03"),
                               Read("c1", DataKind::kCreditReport, "2026-05-03")}),
                        Day("2026-05-03")));
  auto receipts = Receipts();
  ASSERT_EQ(receipts.size(), 2u);
  EXPECT_EQ(receipts[0].reader, Party::Key(bank.public_key()));
  EXPECT_EQ(receipts[1].index, 1u);
  EXPECT_EQ(receipts[0].entry.what_kind, DataKind::kPenaltyRecord);

  // Outside the scope, another reader, a read before the grant: refused, nothing stored.
  ExpectRejected(bank, TxKind::kAccessReceipts,
                 Batch({Read("c1", DataKind::kPenaltyRecord, "2026-05-04"),
                        Read("c1", DataKind::kListEntry, "2026-05-04")}),
                 Day("2026-05-04"), RejectCode::kConsentRequired);
  ExpectRejected(other_holder, TxKind::kAccessReceipts,
                 Batch({Read("c1", DataKind::kPenaltyRecord, "2026-05-04")}), Day("2026-05-04"),
                 RejectCode::kConsentRequired);
  ExpectRejected(bank, TxKind::kAccessReceipts,
                 Batch({Read("c1", DataKind::kPenaltyRecord, "2026-05-01")}), Day("2026-05-04"),
                 RejectCode::kConsentRequired);
  ExpectRejected(bank, TxKind::kAccessReceipts,
                 Batch({Read("missing", DataKind::kPenaltyRecord, "2026-05-04")}),
                 Day("2026-05-04"), RejectCode::kConsentRequired);
  // Reads cannot be dated after the block.
  ExpectRejected(bank, TxKind::kAccessReceipts,
                 Batch({Read("c1", DataKind::kPenaltyRecord, "2026-05-05")}), Day("2026-05-04"),
                 RejectCode::kInvalidField);

  // Revocation: only by the grantor, once.
  const ConsentRevokePayload revoke{1, Digest("c1")};
  ExpectRejected(bank, TxKind::kConsentRevoke, revoke, Day("2026-05-06"),
                 RejectCode::kUnauthorized);
  ExpectRejected(holder, TxKind::kConsentRevoke, ConsentRevokePayload{1, Digest("zz")},
                 Day("2026-05-06"), RejectCode::kNotFound);
  EXPECT_APPLIED(Submit(holder, TxKind::kConsentRevoke, revoke, Day("2026-05-06")));
  ExpectRejected(holder, TxKind::kConsentRevoke, revoke, Day("2026-05-06"),
                 RejectCode::kInvalidState);
  // A read before the revocation may still be receipted afterwards; a later one may not.
  EXPECT_APPLIED(Submit(bank, TxKind::kAccessReceipts,
                        Batch({Read("c1", DataKind::kPenaltyRecord, "2026-05-05")}),
                        Day("2026-05-07")));
  ExpectRejected(bank, TxKind::kAccessReceipts,
                 Batch({Read("c1", DataKind::kPenaltyRecord, "2026-05-07")}), Day("2026-05-07"),
                 RejectCode::kRevoked);
  EXPECT_EQ(Receipts().size(), 3u);
}

TEST_F(ConsentTest, ExpiryIsInclusiveOfTheLastDay) {
  EXPECT_APPLIED(Submit(holder, TxKind::kConsentGrant,
                        Grant("c2", Party::Department("tax"), "2026-05-10"), Day("2026-05-02")));
  EXPECT_APPLIED(Submit(tax, TxKind::kAccessReceipts,
                        Batch({Read("c2", DataKind::kPenaltyRecord, "2026-05-10")}),
                        Day("2026-05-11")));
  ExpectRejected(tax, TxKind::kAccessReceipts,
                 Batch({Read("c2", DataKind::kPenaltyRecord, "2026-05-11")}), Day("2026-05-11"),
                 RejectCode::kExpired);
  ExpectRejected(samr, TxKind::kAccessReceipts,
                 Batch({Read("c2", DataKind::kPenaltyRecord, "2026-05-09")}), Day("2026-05-11"),
                 RejectCode::kConsentRequired);  // granted to tax, not samr
  ExpectRejected(holder, TxKind::kConsentGrant,
                 Grant("c3", Party::Department("no-such-dept"), "2026-06-01"), Day("2026-05-02"),
                 RejectCode::kNotFound);
  ExpectRejected(holder, TxKind::kConsentGrant, Grant("c4", Party::Department("tax"), "2026-05-01"),
                 Day("2026-05-02"), RejectCode::kInvalidField);
}

TEST_F(ConsentTest, LegalBasisReadsAreForDepartmentsOnly) {
  AccessEntry legal = Read("unused", DataKind::kPenaltyRecord, "2026-05-03");
  legal.basis = AccessBasis::kLegalBasis;
  legal.legal_basis_code = "tax-collection-law:54";
  EXPECT_APPLIED(Submit(tax, TxKind::kAccessReceipts, Batch({legal}), Day("2026-05-03")));
  ExpectRejected(bank, TxKind::kAccessReceipts, Batch({legal}), Day("2026-05-03"),
                 RejectCode::kConsentRequired);
  const auto receipts = Receipts();
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].reader, Party::Department("tax"));
  EXPECT_EQ(receipts[0].entry.legal_basis_code, "tax-collection-law:54");
  // Receipts about another subject are not listed for this one.
  auto view = DomainFixture::Read();
  EXPECT_EQ(AccessReceiptCount(view->state, SubjectRef::Uscc(testing::kOtherEnterprise)).value(),
            0u);
}

TEST(ConsentPayloadTest, StatelessRules) {
  ConsentGrantPayload g;
  g.consent_id = Digest("c");
  g.subject = SubjectRef::KeyedHash(Digest("person"));
  g.grantee = Party::Department("tax");
  g.valid_through = Day("2026-06-01");
  EXPECT_EQ(core::DecodeExact<ConsentGrantPayload>(core::EncodeToBytes(g)).status().reject_code(),
            RejectCode::kInvalidField);                                 // empty scope
  g.scope.kinds = {DataKind::kCreditReport, DataKind::kPenaltyRecord};  // unsorted
  EXPECT_FALSE(core::DecodeExact<ConsentGrantPayload>(core::EncodeToBytes(g)).ok());
  g.scope.kinds = {DataKind::kPenaltyRecord, DataKind::kCreditReport};
  EXPECT_TRUE(core::DecodeExact<ConsentGrantPayload>(core::EncodeToBytes(g)).ok());
  EXPECT_FALSE(
      core::DecodeExact<AccessReceiptsPayload>(core::EncodeToBytes(AccessReceiptsPayload{1, {}}))
          .ok());
  DataKind k;
  ASSERT_TRUE(ParseDataKind("credit_report", &k));
  EXPECT_EQ(k, DataKind::kCreditReport);
}

}  // namespace
}  // namespace credchain::contracts
