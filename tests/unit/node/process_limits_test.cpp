// RaiseOpenFileLimit: raises the soft limit towards what a node wants, capped by the hard limit,
// and never lowers it.
#include "node/process_limits.h"

#include <sys/resource.h>

#include <gtest/gtest.h>

namespace credchain::node {
namespace {

rlimit Current() {
  rlimit l{};
  EXPECT_EQ(getrlimit(RLIMIT_NOFILE, &l), 0);
  return l;
}

TEST(ProcessLimitsTest, RaisesTheSoftLimitUpToTheHardLimitAndNeverLowersIt) {
  const rlimit before = Current();
  ASSERT_GT(before.rlim_cur, 16u);
  // Asking for less than the current soft limit changes nothing.
  auto same = RaiseOpenFileLimit(16);
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(*same, before.rlim_cur);
  EXPECT_EQ(Current().rlim_cur, before.rlim_cur);

  // Lower the soft limit (allowed without privileges), then ask for more than the hard limit.
  rlimit lowered = before;
  lowered.rlim_cur = 64;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
  auto raised = RaiseOpenFileLimit(before.rlim_max == RLIM_INFINITY ? 1024 : before.rlim_max + 1);
  ASSERT_TRUE(raised.ok()) << raised.status();
  const rlim_t expected = before.rlim_max == RLIM_INFINITY ? 1024 : before.rlim_max;
  EXPECT_EQ(*raised, expected);
  EXPECT_EQ(Current().rlim_cur, expected);

  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &before), 0);  // as it was, for the tests after this one
}

}  // namespace
}  // namespace credchain::node
