// Crash safety, long run: >= 200 random crash points over a longer chain, both pruning modes,
// power loss and process crashes, second crashes while catching up.
#include <gtest/gtest.h>

#include "unit/ledger/crash_harness.h"

namespace credchain::ledger {
namespace {

TEST(BlockStoreCrashSlowTest, TwoHundredFiftyRandomCrashPoints) {
  const auto ref = testing::BuildReference(1234, 40);
  int crashes = 0;
  for (uint64_t seed = 1000; seed < 1250; ++seed) {
    // Every other trial on the daemon's layout (tree nodes in their own store, ADR 0016).
    crashes += testing::RunCrashTrial(
        seed, *ref,
        seed % 2 ? testing::StoreLayout::kSplitTreeNodes : testing::StoreLayout::kOneStore);
    if (HasFailure()) {
      ADD_FAILURE() << "failing trial seed " << seed;
      return;
    }
  }
  EXPECT_GE(crashes, 250);
  std::printf("crash points injected: %d\n", crashes);
}

}  // namespace
}  // namespace credchain::ledger
