// Crash safety of BlockStore + StateTree under simulated crashes and power loss (fast variant;
// block_store_crash_slow_test.cpp runs >= 200 crash points).
#include <gtest/gtest.h>

#include "unit/ledger/crash_harness.h"

namespace credchain::ledger {
namespace {

TEST(BlockStoreCrashTest, NoAcknowledgedBlockLostAndStateRootMatches) {
  const auto ref = testing::BuildReference(77, 12);
  int crashes = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    crashes += testing::RunCrashTrial(seed, *ref);
    if (HasFailure()) {
      ADD_FAILURE() << "failing trial seed " << seed;
      return;
    }
  }
  EXPECT_GE(crashes, 30);
}

// The daemon's layout: tree nodes in a store of their own (ADR 0016), a crash in either.
TEST(BlockStoreCrashTest, NoAcknowledgedBlockLostWithTreeNodesInTheirOwnStore) {
  const auto ref = testing::BuildReference(78, 12);
  int crashes = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    crashes += testing::RunCrashTrial(seed, *ref, testing::StoreLayout::kSplitTreeNodes);
    if (HasFailure()) {
      ADD_FAILURE() << "failing trial seed " << seed;
      return;
    }
  }
  EXPECT_GE(crashes, 30);
}

}  // namespace
}  // namespace credchain::ledger
