// Flags -> payloads for `credchain tx` (cli/tx_payloads.h): each builder produces the payload
// the contracts expect, in canonical form, and names the bad flag when input is wrong.
#include "cli/tx_payloads.h"

#include <fstream>

#include <gtest/gtest.h>

#include "core/hex.h"
#include "crypto/hash.h"
#include "payload_expectations.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

using crypto::HashSuite;
using testing::ExpectCanonical;
using testing::ExpectFlagError;

constexpr const char* kPayloadUscc = "91512081MA62K0260E";
const std::string kD1(64, 'a');
const std::string kD2(64, 'b');
const std::string kD3(64, 'c');

core::Bytes32 D(const std::string& hex) { return *core::HexDecodeFixed<32>(hex); }

RecordFieldOptions Penalty() {
  RecordFieldOptions o;
  o.record.hex = kD1;
  o.schema_id = "administrative-penalty";
  o.subject = kPayloadUscc;
  o.kind = "penalty";
  o.decision_date = "2026-05-10";
  o.tier = "general";
  o.rule_version = "ndrc-36-2026";
  return o;
}

TEST(TxPayloads, RecordPublishFromFlags) {
  auto p = BuildRecordPublish(Penalty(), HashSuite::kSha256);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->record.digest, D(kD1));
  EXPECT_EQ(p->record.subject, contracts::SubjectRef::Uscc(kPayloadUscc));
  EXPECT_EQ(p->record.kind, contracts::RecordKind::kPenalty);
  EXPECT_EQ(p->record.tier, contracts::SeverityTier::kGeneral);
  EXPECT_EQ(p->record.decision_date, *contracts::ParseIsoDay("2026-05-10"));
  ExpectCanonical(ledger::TxKind::kRecordPublish, *p);
}

TEST(TxPayloads, RecordPublishRejectsBadFlags) {
  auto o = Penalty();
  o.subject = "91512081MA62K0260X";  // wrong check character
  ExpectFlagError(BuildRecordPublish(o, HashSuite::kSha256).status(), "subject");
  o = Penalty();
  o.decision_date = "2026-02-30";
  ExpectFlagError(BuildRecordPublish(o, HashSuite::kSha256).status(), "decision-date");
  o = Penalty();
  o.record.hex = "xyz";
  ExpectFlagError(BuildRecordPublish(o, HashSuite::kSha256).status(), "digest");
  o = Penalty();
  o.record.hex = std::string(64, '0');
  ExpectFlagError(BuildRecordPublish(o, HashSuite::kSha256).status(), "digest");
  o = Penalty();
  o.tier = "";
  ExpectFlagError(BuildRecordPublish(o, HashSuite::kSha256).status(), "tier");
  o = Penalty();
  o.kind = "licence";  // a licence has no tier
  ExpectFlagError(BuildRecordPublish(o, HashSuite::kSha256).status(), "tier");
  o = Penalty();
  o.record.hex.clear();
  const core::Status missing = BuildRecordPublish(o, HashSuite::kSha256).status();
  EXPECT_EQ(missing.reject_code(), core::RejectCode::kMissingField);
  o = Penalty();
  o.record.document = "/nonexistent/record.json";
  ExpectFlagError(BuildRecordPublish(o, HashSuite::kSha256).status(), "digest");  // both given
}

TEST(TxPayloads, DocumentIsHashedWithTheChainSuite) {
  credchain::testing::TempDir dir;
  const std::string file = dir.Sub("penalty.json");
  std::ofstream(file) << "{\"fine\":5000}";
  auto o = Penalty();
  o.record.hex.clear();
  o.record.document = file;
  auto sha = BuildRecordPublish(o, HashSuite::kSha256);
  auto sm3 = BuildRecordPublish(o, HashSuite::kSm3);
  ASSERT_TRUE(sha.ok() && sm3.ok());
  EXPECT_EQ(sha->record.digest, crypto::Sha256(core::AsBytes("{\"fine\":5000}")));
  EXPECT_EQ(sm3->record.digest, crypto::Sm3(core::AsBytes("{\"fine\":5000}")));
  o.record.document = dir.Sub("missing.json");
  const core::Status s = BuildRecordPublish(o, HashSuite::kSha256).status();
  EXPECT_EQ(s.code(), core::StatusCode::kNotFound) << s;
  EXPECT_NE(s.message().find("--document"), std::string::npos) << s;
}

TEST(TxPayloads, RecordCorrectAndWithdraw) {
  RecordCorrectOptions c;
  c.supersedes = kD2;
  c.record = Penalty();
  auto corrected = BuildRecordCorrect(c, HashSuite::kSha256);
  ASSERT_TRUE(corrected.ok()) << corrected.status();
  ExpectCanonical(ledger::TxKind::kRecordCorrect, *corrected);
  c.supersedes = kD1;  // same digest as the new record
  ExpectFlagError(BuildRecordCorrect(c, HashSuite::kSha256).status(), "supersedes");

  RecordWithdrawOptions w;
  w.record = kD1;
  w.reason = "annulled_by_court";
  w.decision.hex = kD2;
  auto withdrawn = BuildRecordWithdraw(w, HashSuite::kSha256);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_EQ(withdrawn->reason, contracts::WithdrawReason::kAnnulledByCourt);
  ExpectCanonical(ledger::TxKind::kRecordWithdraw, *withdrawn);
  w.reason = "because";
  ExpectFlagError(BuildRecordWithdraw(w, HashSuite::kSha256).status(), "reason");
}

TEST(TxPayloads, CommitmentRecordNeedsWhatItsTypeNeeds) {
  const crypto::SecretKey holder = crypto::SecretKey::FromSeed(D(kD3));
  CommitmentRecordOptions o;
  o.letter.hex = kD1;
  o.type = "missing_materials";
  o.matter = "SQ-2026-0001";
  o.subject = kPayloadUscc;
  o.deadline = "2026-09-30";
  o.accepting_authority = "samr";
  o.committer_key = holder.public_key().ToHex();
  o.committer_signature = contracts::SignCommitmentLetter(holder, "c", D(kD1)).ToHex();
  auto p = BuildCommitmentRecord(o, HashSuite::kSha256);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->type, contracts::CommitmentType::kMissingMaterials);
  ExpectCanonical(ledger::TxKind::kCommitmentRecord, *p);

  auto bad = o;
  bad.deadline.clear();
  ExpectFlagError(BuildCommitmentRecord(bad, HashSuite::kSha256).status(), "deadline");
  bad = o;
  bad.type = "信用修复";  // Chinese names work; a repair letter needs the related record
  ExpectFlagError(BuildCommitmentRecord(bad, HashSuite::kSha256).status(), "related-record");
  bad.related_record = kD2;
  EXPECT_TRUE(BuildCommitmentRecord(bad, HashSuite::kSha256).ok());
  bad = o;
  bad.committer_signature = "abcd";
  ExpectFlagError(BuildCommitmentRecord(bad, HashSuite::kSha256).status(), "committer-signature");
  bad = o;
  bad.committer_key = "zz";
  ExpectFlagError(BuildCommitmentRecord(bad, HashSuite::kSha256).status(), "committer-key");
  bad = o;
  bad.matter = "line\nbreak";
  ExpectFlagError(BuildCommitmentRecord(bad, HashSuite::kSha256).status(), "matter");
  bad = o;
  bad.accepting_authority = "SAMR";  // codes are lowercase
  ExpectFlagError(BuildCommitmentRecord(bad, HashSuite::kSha256).status(), "accepting-authority");
}

TEST(TxPayloads, CommitmentFulfilAndBreach) {
  CommitmentResolveOptions o;
  o.letter = kD1;
  auto fulfil = BuildCommitmentFulfil(o, HashSuite::kSha256);
  ASSERT_TRUE(fulfil.ok());
  EXPECT_FALSE(fulfil->evidence_digest.has_value());
  ExpectCanonical(ledger::TxKind::kCommitmentFulfil, *fulfil);
  ExpectFlagError(BuildCommitmentBreach(o, HashSuite::kSha256).status(), "evidence-digest");
  o.evidence.hex = kD2;
  auto breach = BuildCommitmentBreach(o, HashSuite::kSha256);
  ASSERT_TRUE(breach.ok());
  EXPECT_EQ(*breach->evidence_digest, D(kD2));
  ExpectCanonical(ledger::TxKind::kCommitmentBreach, *breach);
}

TEST(TxPayloads, ListCommands) {
  ListIncludeOptions o;
  o.decision.hex = kD1;
  o.list_code = "samr-severe";
  o.schema_id = "severe-dishonesty-entry";
  o.subject = kPayloadUscc;
  o.legal_basis = "《市场监督管理严重违法失信名单管理办法》第十条";
  o.remedy = "60日内申请行政复议";
  o.inclusion_date = "2026-06-01";
  o.planned_removal = "2029-06-01";
  o.underlying_records = {kD3, kD2};
  auto include = BuildListInclude(o, HashSuite::kSha256);
  ASSERT_TRUE(include.ok()) << include.status();
  EXPECT_EQ(include->underlying_records, (std::vector<core::Bytes32>{D(kD2), D(kD3)}));
  ExpectCanonical(ledger::TxKind::kListInclude, *include);
  auto bad = o;
  bad.underlying_records = {kD2, kD2};
  ExpectFlagError(BuildListInclude(bad, HashSuite::kSha256).status(), "underlying-record");
  bad = o;
  bad.planned_removal = "2026-05-01";
  ExpectFlagError(BuildListInclude(bad, HashSuite::kSha256).status(), "planned-removal");
  bad = o;
  bad.remedy.clear();
  ExpectFlagError(BuildListInclude(bad, HashSuite::kSha256).status(), "remedy");

  ListRemoveOptions r{kD1, "early", DigestArg::Named("decision-digest", "decision-document")};
  r.decision.hex = kD2;
  auto removed = BuildListRemove(r, HashSuite::kSha256);
  ASSERT_TRUE(removed.ok());
  ExpectCanonical(ledger::TxKind::kListRemove, *removed);
  r.reason = "bored";
  ExpectFlagError(BuildListRemove(r, HashSuite::kSha256).status(), "reason");

  ListObjectOptions obj;
  obj.objection.hex = kD2;
  obj.entry = kD1;
  auto objected = BuildListObject(obj, HashSuite::kSha256);
  ASSERT_TRUE(objected.ok());
  ExpectCanonical(ledger::TxKind::kListObject, *objected);

  ListAnswerOptions a;
  a.objection = kD2;
  a.outcome = "upheld";
  a.answer.hex = kD3;
  auto answered = BuildListAnswer(a, HashSuite::kSha256);
  ASSERT_TRUE(answered.ok());
  EXPECT_EQ(answered->outcome, contracts::ObjectionOutcome::kUpheld);
  ExpectCanonical(ledger::TxKind::kListObjectAnswer, *answered);
}

TEST(TxPayloads, RepairCommands) {
  RepairApplyOptions a;
  a.application.hex = kD1;
  a.target_record = kD2;
  a.commitment = kD3;
  auto applied = BuildRepairApply(a, HashSuite::kSha256);
  ASSERT_TRUE(applied.ok());
  ExpectCanonical(ledger::TxKind::kRepairApply, *applied);
  a.commitment = "";
  ExpectFlagError(BuildRepairApply(a, HashSuite::kSha256).status(), "commitment");

  RepairDecideOptions d;
  d.application = kD1;
  d.outcome = "reject";
  d.decision.hex = kD2;
  auto decided = BuildRepairDecide(d, HashSuite::kSha256);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->outcome, contracts::RepairOutcome::kReject);
  ExpectCanonical(ledger::TxKind::kRepairDecide, *decided);
}

TEST(TxPayloads, ConsentAndAccessReceipts) {
  ConsentGrantOptions g;
  g.consent.hex = kD1;
  g.subject = "key:" + kD2;
  g.grantee = "department:credit-center";
  g.kinds = {"penalty_record", "licence_record"};
  g.credential_ids = {kD3};
  g.valid_through = "2026-12-31";
  auto granted = BuildConsentGrant(g, HashSuite::kSha256);
  ASSERT_TRUE(granted.ok()) << granted.status();
  EXPECT_EQ(granted->grantee, contracts::Party::Department("credit-center"));
  EXPECT_EQ(granted->subject, contracts::SubjectRef::KeyedHash(D(kD2)));
  ExpectCanonical(ledger::TxKind::kConsentGrant, *granted);
  auto bad = g;
  bad.grantee = "bank";
  ExpectFlagError(BuildConsentGrant(bad, HashSuite::kSha256).status(), "grantee");
  bad = g;
  bad.kinds = {"credential"};
  ExpectFlagError(BuildConsentGrant(bad, HashSuite::kSha256).status(), "kind");
  bad = g;
  bad.kinds.clear();
  bad.credential_ids.clear();
  ExpectFlagError(BuildConsentGrant(bad, HashSuite::kSha256).status(), "kind");
  bad = g;
  bad.subject = "key:1234";
  ExpectFlagError(BuildConsentGrant(bad, HashSuite::kSha256).status(), "subject");

  auto revoked = BuildConsentRevoke({kD1});
  ASSERT_TRUE(revoked.ok());
  ExpectCanonical(ledger::TxKind::kConsentRevoke, *revoked);

  AccessReceiptsOptions r;
  r.reads = {std::string(kPayloadUscc) + ",penalty_record," + kD1 + ",1780000000000,consent:" + kD2,
             std::string(kPayloadUscc) + ",list_entry," + kD3 + ",1780000000001,legal:tax-law:54"};
  auto receipts = BuildAccessReceipts(r);
  ASSERT_TRUE(receipts.ok()) << receipts.status();
  ASSERT_EQ(receipts->entries.size(), 2u);
  EXPECT_EQ(receipts->entries[1].basis, contracts::AccessBasis::kLegalBasis);
  EXPECT_EQ(receipts->entries[1].legal_basis_code, "tax-law:54");
  ExpectCanonical(ledger::TxKind::kAccessReceipts, *receipts);
  for (const std::string& read :
       {std::string(kPayloadUscc) + ",penalty_record," + kD1 + ",1780000000000",
        std::string(kPayloadUscc) + ",penalty_record," + kD1 + ",soon,consent:" + kD2,
        std::string(kPayloadUscc) + ",penalty_record," + kD1 + ",1,because"}) {
    ExpectFlagError(BuildAccessReceipts({{read}}).status(), "read");
  }
  ExpectFlagError(BuildAccessReceipts({}).status(), "read");
}

}  // namespace
}  // namespace credchain::cli
