#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/log.h"

namespace credchain::core {
namespace {

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(1000);
  EXPECT_EQ(clock.NowMs(), 1000);
  clock.AdvanceMs(250);
  EXPECT_EQ(clock.NowMs(), 1250);
  EXPECT_EQ(clock.MonotonicMs(), 1250);
}

TEST(ClockTest, SystemClockIsPlausible) {
  SystemClock clock;
  EXPECT_GT(clock.NowMs(), 1'700'000'000'000);  // after 2023
  const int64_t a = clock.MonotonicMs();
  EXPECT_GE(clock.MonotonicMs(), a);
}

TEST(LogTest, LevelFiltersLines) {
  const LogLevel saved = GetLogLevel();
  SetLogLevel(LogLevel::kWarn);
  testing::internal::CaptureStderr();
  LOG_INFO("test") << "hidden";
  LOG_WARN("test") << "shown " << 42;
  const std::string out = testing::internal::GetCapturedStderr();
  SetLogLevel(saved);
  EXPECT_EQ(out.find("hidden"), std::string::npos);
  EXPECT_NE(out.find("WARN  [test] shown 42\n"), std::string::npos);
}

TEST(LogTest, ParsesLevelNames) {
  LogLevel level;
  EXPECT_TRUE(ParseLogLevel("debug", &level));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_FALSE(ParseLogLevel("verbose", &level));
}

}  // namespace
}  // namespace credchain::core
