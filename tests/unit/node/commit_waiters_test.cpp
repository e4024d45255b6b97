// CommitWaiters: every callback runs exactly once, with the commit or with nullopt.
#include "node/commit_waiters.h"

#include <gtest/gtest.h>

namespace credchain::node {
namespace {

core::Bytes32 TxIdOf(uint8_t b) {
  core::Bytes32 id{};
  id.fill(b);
  return id;
}

struct FakeBlock {
  ledger::Block block;
  core::Bytes32 block_id{};
  core::Bytes32 root{};
  std::vector<ledger::Receipt> receipts;
  std::optional<ledger::ValidatorSet> next;

  FakeBlock(uint64_t height, std::vector<core::Bytes32> ids) {
    block.header.height = height;
    for (uint32_t i = 0; i < ids.size(); ++i) {
      ledger::Receipt r;
      r.tx_id = ids[i];
      r.height = height;
      r.index = i;
      receipts.push_back(r);
    }
  }
  CommittedBlock View() const { return CommittedBlock{block, block_id, root, receipts, next}; }
};

TEST(CommitWaitersTest, CommitCompletesEveryWaiterOfTheTx) {
  CommitWaiters waiters;
  std::vector<uint64_t> heights;
  int cancelled = 0;
  auto cb = [&](std::optional<TxCommitted> c) {
    if (c) {
      heights.push_back(c->height);
    } else {
      ++cancelled;
    }
  };
  waiters.Wait(TxIdOf(1), cb);
  waiters.Wait(TxIdOf(1), cb);
  const uint64_t other = waiters.Wait(TxIdOf(2), cb);
  EXPECT_EQ(waiters.size(), 3u);
  waiters.OnCommitted(FakeBlock(7, {TxIdOf(3), TxIdOf(1)}).View());
  EXPECT_EQ(heights, (std::vector<uint64_t>{7, 7}));
  EXPECT_EQ(waiters.size(), 1u);
  EXPECT_TRUE(waiters.Cancel(other));
  EXPECT_EQ(cancelled, 1);
  EXPECT_FALSE(waiters.Cancel(other));  // exactly once
  waiters.OnCommitted(FakeBlock(8, {TxIdOf(2)}).View());
  EXPECT_EQ(heights.size(), 2u);
  EXPECT_EQ(waiters.size(), 0u);
}

TEST(CommitWaitersTest, CancelAfterCommitDoesNothing) {
  CommitWaiters waiters;
  int calls = 0;
  const uint64_t t = waiters.Wait(TxIdOf(4), [&](std::optional<TxCommitted> c) {
    ++calls;
    EXPECT_TRUE(c.has_value());
    EXPECT_EQ(c->receipt.index, 0u);
  });
  waiters.OnCommitted(FakeBlock(1, {TxIdOf(4)}).View());
  EXPECT_FALSE(waiters.Cancel(t));
  EXPECT_EQ(calls, 1);
}

TEST(CommitWaitersTest, CallbackMayRegisterAgain) {
  CommitWaiters waiters;
  int calls = 0;
  waiters.Wait(TxIdOf(5), [&](std::optional<TxCommitted>) {
    ++calls;
    waiters.Wait(TxIdOf(6), [&](std::optional<TxCommitted>) { ++calls; });
  });
  waiters.OnCommitted(FakeBlock(1, {TxIdOf(5)}).View());
  waiters.OnCommitted(FakeBlock(2, {TxIdOf(6)}).View());
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace credchain::node
