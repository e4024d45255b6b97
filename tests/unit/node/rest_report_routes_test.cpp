// GET /v1/credit-reports: credit-report counts compiled from the state at a committed height,
// and the 400/403/404/410 answers for a malformed or refused subject, a bad, future or pruned
// height and a bad date.
#include <nlohmann/json.hpp>

#include "contracts/commitment_payloads.h"
#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "node_harness.h"
#include "response_json.h"

namespace credchain::node {
namespace {

using nlohmann::json;
using testing::Body;
using testing::DigestOf;
using testing::ErrorCode;
using testing::kChainId;
using testing::kEnterprise;

constexpr int64_t kDayMs = 86'400'000;

class RestReportRoutesTest : public ::testing::Test {
 protected:
  void Submit(const ledger::SignedTx& tx) {
    const json body = {{"tx", core::Base64UrlEncode(core::EncodeToBytes(tx))}};
    ASSERT_EQ(node.Call(HttpMethod::kPost, "/v1/txs", body.dump()).status, 202);
  }

  // dept-a publishes a general penalty decided 2026-05-20 and accepts a commitment letter of
  // the enterprise due 2026-06-03, in the block at height 1 (dated 2026-06-01).
  void BuildHistory() {
    const crypto::SecretKey& key = node.net.account_keys[0];
    Submit(testing::PublishTx(key, 1, DigestOf("penalty")));
    contracts::CommitmentRecordPayload c;
    c.letter_digest = DigestOf("letter");
    c.type = contracts::CommitmentType::kMissingMaterials;
    c.matter = "licence application";
    c.subject = contracts::SubjectRef::Uscc(kEnterprise);
    c.deadline = contracts::ParseIsoDay("2026-06-03").value();
    c.accepting_authority = "dept-a";
    c.committer_key = node.net.holder_key.public_key();
    c.committer_signature =
        contracts::SignCommitmentLetter(node.net.holder_key, kChainId, c.letter_digest);
    const contracts::TxEnvelope env{kChainId, key.public_key(), 2, 1'000'000};
    Submit(ledger::SignTx(contracts::BuildDomainTx(env, c), key));
    const ledger::Block b = node.CommitNextBlock();
    ASSERT_EQ(b.txs.size(), 2u);
  }

  HttpResponse Report(const std::string& query) {
    return node.Call(HttpMethod::kGet, "/v1/credit-reports?" + query);
  }

  testing::NodeHarness node;
  const std::string subject_ = std::string("subject=") + kEnterprise;
};

TEST_F(RestReportRoutesTest, CountsAtTheRequestedHeightAndDate) {
  BuildHistory();
  HttpResponse r = Report(subject_ + "&height=1");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  EXPECT_EQ(j["subject"], kEnterprise);
  EXPECT_EQ(j["height"], 1);
  EXPECT_EQ(j["report_date"], "2026-06-01");
  EXPECT_EQ(j["state_root"], core::HexEncode(node.chain->state_tree().RootHash(1).value()));
  const json expected = {{"published_penalties_minor", 0},   {"published_penalties_general", 1},
                         {"published_penalties_serious", 0}, {"active_list_entries", 0},
                         {"commitments_fulfilled", 0},       {"commitments_breached", 0},
                         {"commitments_overdue", 0},         {"commitments_in_progress", 1}};
  EXPECT_EQ(j["counts"], expected);

  // The default height is the latest; the state at genesis knows nothing of the subject.
  EXPECT_EQ(Body(Report(subject_))["counts"], expected);
  j = Body(Report(subject_ + "&height=0"));
  EXPECT_EQ(j["height"], 0);
  EXPECT_EQ(j["counts"]["published_penalties_general"], 0);
  EXPECT_EQ(j["counts"]["commitments_in_progress"], 0);

  // An earlier date: the penalty (decided 2026-05-20) was not yet published, the letter not
  // yet recorded.
  j = Body(Report(subject_ + "&height=1&date=2026-05-19"));
  EXPECT_EQ(j["report_date"], "2026-05-19");
  EXPECT_EQ(j["counts"]["published_penalties_general"], 0);
  EXPECT_EQ(j["counts"]["commitments_in_progress"], 0);

  // A block five days later: the letter is overdue as of its date.
  node.CommitNextBlock(5 * kDayMs);
  j = Body(Report(subject_ + "&height=2"));
  EXPECT_EQ(j["report_date"], "2026-06-06");
  EXPECT_EQ(j["counts"]["commitments_overdue"], 1);
  EXPECT_EQ(j["counts"]["commitments_in_progress"], 1);
  // The same height answers the same later: a verifier's recomputation matches.
  EXPECT_EQ(Body(Report(subject_ + "&height=1"))["counts"], expected);
}

TEST_F(RestReportRoutesTest, UnknownSubjectHasZeroCounts) {
  BuildHistory();
  const HttpResponse r = Report("subject=91320106MA1MXY3K4M&height=1");
  ASSERT_EQ(r.status, 200) << r.body;
  const json counts = Body(r)["counts"];
  for (const auto& [name, value] : counts.items()) EXPECT_EQ(value, 0) << name;
  EXPECT_EQ(counts.size(), 8u);
}

TEST_F(RestReportRoutesTest, MalformedOrRefusedSubject) {
  HttpResponse r = Report("subject=91512081MA62K0260F");  // wrong check character
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "invalid_field");
  r = Report("height=0");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "missing_field");
  r = Report("subject=key:" + std::string(64, 'a'));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorCode(r), "consent_required");
}

TEST_F(RestReportRoutesTest, BadFutureOrPrunedHeight) {
  BuildHistory();
  for (const char* bad : {"abc", "01", "-1", "", "18446744073709551616"}) {
    const HttpResponse r = Report(subject_ + "&height=" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(ErrorCode(r), "invalid_field") << bad;
  }
  HttpResponse r = Report(subject_ + "&height=2");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(ErrorCode(r), "not_found");
  EXPECT_NE(Body(r)["error"]["message"].get<std::string>().find("latest committed height 1"),
            std::string::npos);

  // A node that keeps fewer versions (pruning as a retention policy would) answers 410.
  // Pruning stops at the checkpoint the tree rebuilds from (ADR 0020): commit past one first.
  auto& tree = const_cast<ledger::StateTree&>(node.chain->state_tree());
  do {
    node.CommitNextBlock();
  } while (tree.prune_limit() < 2u);
  ASSERT_TRUE(tree.Prune(2, 1'000'000, ledger::Durability::kSync).ok());
  ASSERT_EQ(tree.oldest_version(), 2u);
  r = Report(subject_ + "&height=1");
  EXPECT_EQ(r.status, 410) << r.body;
  EXPECT_EQ(ErrorCode(r), "gone");
  EXPECT_EQ(Report(subject_ + "&height=2").status, 200);
}

TEST_F(RestReportRoutesTest, BadDate) {
  BuildHistory();
  for (const char* bad : {"2026-6-1", "2026-02-30", "yesterday", ""}) {
    const HttpResponse r = Report(subject_ + "&height=1&date=" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(ErrorCode(r), "invalid_field") << bad;
  }
  const HttpResponse r = Report(subject_ + "&height=1&date=2026-06-02");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(Body(r)["error"]["message"].get<std::string>().find("after the date of block 1"),
            std::string::npos);
}

}  // namespace
}  // namespace credchain::node
