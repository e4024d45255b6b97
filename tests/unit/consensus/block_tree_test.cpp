// BlockTree: insertion under known parents, and re-rooting at a commit, which keeps exactly the
// new root's descendants, in place.
#include "consensus/block_tree.h"

#include <gtest/gtest.h>

namespace credchain::consensus {
namespace {
namespace block_tree_test {

ledger::Block Genesis() {
  ledger::Block b;
  b.header.chain_id = "block-tree-test";
  return b;
}

ledger::Block Child(const ledger::Block& parent, uint64_t round) {
  ledger::Block b;
  b.header.chain_id = parent.header.chain_id;
  b.header.round = round;
  b.header.height = parent.header.height + 1;
  b.header.parent_id = ledger::BlockId(parent.header);
  return b;
}

core::Bytes32 Id(const ledger::Block& b) { return ledger::BlockId(b.header); }

class BlockTreeTest : public ::testing::Test {
 protected:
  // g ─ a1 ─ a2 ─ a3
  //  │    └─ a2x          (a second block extending a1, from another round)
  //  └─ b1 ─ b2           (a fork from the root)
  BlockTreeTest()
      : g_(Genesis()),
        a1_(Child(g_, 1)),
        a2_(Child(a1_, 2)),
        a3_(Child(a2_, 3)),
        a2x_(Child(a1_, 5)),
        b1_(Child(g_, 4)),
        b2_(Child(b1_, 6)),
        tree_(g_, ledger::QuorumCert{}) {
    for (const ledger::Block* b : {&a1_, &a2_, &a3_, &a2x_, &b1_, &b2_}) tree_.Insert(*b, Id(*b));
  }

  ledger::Block g_, a1_, a2_, a3_, a2x_, b1_, b2_;
  BlockTree tree_;
};

TEST_F(BlockTreeTest, InsertLinksEveryBlockToTheRoot) {
  EXPECT_EQ(tree_.size(), 7u);
  EXPECT_EQ(tree_.root().id, Id(g_));
  const std::vector<const TreeBlock*> path = tree_.PathFromRoot(Id(a3_));
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(path[0]->id, Id(a1_));
  EXPECT_EQ(path[2]->id, Id(a3_));
  // Inserting a known id returns the stored entry.
  EXPECT_EQ(&tree_.Insert(a2_, Id(a2_)), tree_.Find(Id(a2_)));
}

TEST_F(BlockTreeTest, PruneToKeepsExactlyTheNewRootsDescendantsInPlace) {
  ledger::QuorumCert qc;
  qc.block_id = Id(a2_);
  qc.round = 2;
  ASSERT_NE(tree_.Certify(qc), nullptr);
  tree_.MarkPersisted(Id(a3_));
  const TreeBlock* a2_before = tree_.Find(Id(a2_));
  const TreeBlock* a3_before = tree_.Find(Id(a3_));

  tree_.PruneTo(Id(a1_));
  EXPECT_EQ(tree_.size(), 4u);  // a1, a2, a3, a2x
  EXPECT_EQ(tree_.root().id, Id(a1_));
  for (const ledger::Block* gone : {&g_, &b1_, &b2_}) EXPECT_FALSE(tree_.Contains(Id(*gone)));
  EXPECT_TRUE(tree_.Contains(Id(a2x_)));
  // The kept entries are the same objects, with what they carried.
  EXPECT_EQ(tree_.Find(Id(a2_)), a2_before);
  EXPECT_EQ(tree_.Find(Id(a3_)), a3_before);
  ASSERT_TRUE(tree_.Find(Id(a2_))->qc.has_value());
  EXPECT_EQ(tree_.Find(Id(a2_))->qc->round, 2u);
  EXPECT_TRUE(tree_.Find(Id(a3_))->persisted);

  tree_.PruneTo(Id(a2_));
  EXPECT_EQ(tree_.size(), 2u);  // a2, a3: a2x does not extend a2
  EXPECT_FALSE(tree_.Contains(Id(a2x_)));
  EXPECT_FALSE(tree_.Contains(Id(a1_)));
  const std::vector<const TreeBlock*> path = tree_.PathFromRoot(Id(a3_));
  ASSERT_EQ(path.size(), 1u);
  EXPECT_EQ(path[0], a3_before);
}

TEST_F(BlockTreeTest, PruneToTheRootChangesNothing) {
  tree_.PruneTo(Id(g_));
  EXPECT_EQ(tree_.size(), 7u);
  EXPECT_EQ(tree_.root().id, Id(g_));
}

}  // namespace block_tree_test
}  // namespace
}  // namespace credchain::consensus
