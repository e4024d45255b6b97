// ChainLedgerView: the verifier's view of a node's latest state — anchors, issuer keys at a
// height, issuer authorisations and status bits — and what it says about other chains.
#include "node/chain_ledger_view.h"

#include "chain_fixture.h"

namespace credchain::node {
namespace {

using testing::DigestOf;

class ChainLedgerViewTest : public ::testing::Test {
 protected:
  testing::TestNetwork net_;
  std::unique_ptr<Chain> chain_ =
      Chain::Open(std::make_unique<ledger::MemKvStore>(), net_.Genesis(), {}).value();
  std::unique_ptr<ChainLedgerView> view_ = ChainLedgerView::AtTip(*chain_).value();
  const std::string did_ = std::string("did:credchain:") + testing::kChainId + ":dept-a";
};

TEST_F(ChainLedgerViewTest, AnchorsAndIssuerKeys) {
  EXPECT_EQ(view_->chain_id(), testing::kChainId);
  const auto anchor = view_->FindAnchor(DigestOf("credential-1")).value();
  ASSERT_TRUE(anchor.has_value());
  EXPECT_EQ(anchor->issuer_did, did_);
  EXPECT_EQ(anchor->batch_size, 0u);
  EXPECT_FALSE(view_->FindAnchor(DigestOf("never anchored")).value().has_value());

  EXPECT_EQ(view_->IssuerKeyAt(did_, "k1", 0).value(), net_.issuer_key.public_key());
  EXPECT_FALSE(view_->IssuerKeyAt(did_, "k2", 0).value().has_value());
  EXPECT_FALSE(view_->IssuerKeyAt("did:credchain:other:dept-a", "k1", 0).value().has_value());
  EXPECT_FALSE(view_->IssuerKeyAt("garbage", "k1", 0).value().has_value());
}

TEST_F(ChainLedgerViewTest, Authorisations) {
  EXPECT_TRUE(view_->IssuerAuthorized(did_, "administrative-penalty", 1, 0).value());
  EXPECT_FALSE(view_->IssuerAuthorized(did_, "credit-grade", 1, 0).value());
  const std::string dept_b = std::string("did:credchain:") + testing::kChainId + ":dept-b";
  EXPECT_FALSE(view_->IssuerAuthorized(dept_b, "administrative-penalty", 1, 0).value());
}

TEST_F(ChainLedgerViewTest, StatusBits) {
  const std::string uri = contracts::StatusListUri(testing::kChainId, "dept-a", 1);
  const auto revoked = view_->Status(uri, 7).value();
  ASSERT_TRUE(revoked.has_value());
  EXPECT_TRUE(revoked->revoked);
  EXPECT_FALSE(revoked->suspended);
  EXPECT_EQ(revoked->as_of_height, 0u);
  EXPECT_EQ(revoked->as_of_time_ms, static_cast<int64_t>(testing::kGenesisTimeMs));
  EXPECT_FALSE(view_->Status(uri, 8).value()->revoked);
  EXPECT_FALSE(view_->Status(uri, 100).value().has_value());  // beyond the list
  EXPECT_FALSE(view_->Status(contracts::StatusListUri(testing::kChainId, "dept-a", 2), 0)
                   .value()
                   .has_value());
  EXPECT_FALSE(
      view_->Status(contracts::StatusListUri("other", "dept-a", 1), 7).value().has_value());
  EXPECT_FALSE(view_->Status("not a uri", 7).value().has_value());
}

}  // namespace
}  // namespace credchain::node
