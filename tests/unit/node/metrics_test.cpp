#include "node/metrics.h"

#include <limits>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace credchain::node {
namespace {

TEST(MetricsTest, RendersCountersGaugesAndHistogramsInTextFormat) {
  MetricsRegistry registry;
  Counter& commits = registry.AddCounter("credchain_committed_tx_total", "Committed txs.");
  Gauge& peers = registry.AddGauge("credchain_peers", "Connected peers.", {{"kind", "validator"}});
  Histogram& latency =
      registry.AddHistogram("credchain_commit_latency_seconds", "Commit latency.", {0.1, 0.5});
  commits.Add(3);
  commits.Increment();
  peers.Set(2);
  latency.Observe(0.05);
  latency.Observe(0.1);  // le is inclusive
  latency.Observe(0.3);
  latency.Observe(7);
  EXPECT_EQ(registry.Render(),
            "# HELP credchain_committed_tx_total Committed txs.\n"
            "# TYPE credchain_committed_tx_total counter\n"
            "credchain_committed_tx_total 4\n"
            "# HELP credchain_peers Connected peers.\n"
            "# TYPE credchain_peers gauge\n"
            "credchain_peers{kind=\"validator\"} 2\n"
            "# HELP credchain_commit_latency_seconds Commit latency.\n"
            "# TYPE credchain_commit_latency_seconds histogram\n"
            "credchain_commit_latency_seconds_bucket{le=\"0.1\"} 2\n"
            "credchain_commit_latency_seconds_bucket{le=\"0.5\"} 3\n"
            "credchain_commit_latency_seconds_bucket{le=\"+Inf\"} 4\n"
            "credchain_commit_latency_seconds_sum 7.45\n"
            "credchain_commit_latency_seconds_count 4\n");
}

TEST(MetricsTest, SeriesOfOneNameShareOneHeaderAndLabelsPrecedeLe) {
  MetricsRegistry registry;
  registry.AddCounter("msgs_total", "Messages.", {{"type", "vote"}}).Add(1);
  registry.AddCounter("msgs_total", "Messages.", {{"type", "proposal"}}).Add(2);
  registry.AddHistogram("verify_seconds", "Verify.", {1}, {{"kind", "tx"}}).Observe(0.5);
  const std::string text = registry.Render();
  EXPECT_EQ(text,
            "# HELP msgs_total Messages.\n"
            "# TYPE msgs_total counter\n"
            "msgs_total{type=\"vote\"} 1\n"
            "msgs_total{type=\"proposal\"} 2\n"
            "# HELP verify_seconds Verify.\n"
            "# TYPE verify_seconds histogram\n"
            "verify_seconds_bucket{kind=\"tx\",le=\"1\"} 1\n"
            "verify_seconds_bucket{kind=\"tx\",le=\"+Inf\"} 1\n"
            "verify_seconds_sum{kind=\"tx\"} 0.5\n"
            "verify_seconds_count{kind=\"tx\"} 1\n");
}

TEST(MetricsTest, EscapesHelpAndLabelValues) {
  EXPECT_EQ(EscapeHelp("a\\b\nc\"d"), "a\\\\b\\nc\"d");
  EXPECT_EQ(EscapeLabelValue("a\\b\nc\"d"), "a\\\\b\\nc\\\"d");
  MetricsRegistry registry;
  registry.AddGauge("g", "line1\nline2", {{"path", "C:\\x\"y\""}}).Set(1);
  EXPECT_EQ(registry.Render(),
            "# HELP g line1\\nline2\n# TYPE g gauge\ng{path=\"C:\\\\x\\\"y\\\"\"} 1\n");
}

TEST(MetricsTest, FormatsSpecialValues) {
  EXPECT_EQ(FormatSampleValue(0), "0");
  EXPECT_EQ(FormatSampleValue(-3), "-3");
  EXPECT_EQ(FormatSampleValue(0.25), "0.25");
  EXPECT_EQ(FormatSampleValue(1e20), "1e+20");
  EXPECT_EQ(FormatSampleValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatSampleValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatSampleValue(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(MetricsTest, CounterNeverDecreases) {
  Counter c;
  c.Add(2);
  c.Add(-1);
  c.Add(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(c.Value(), 2);
}

TEST(MetricsTest, ValidatesNames) {
  EXPECT_TRUE(IsValidMetricName("credchain:rule_total"));
  EXPECT_FALSE(IsValidMetricName("1abc"));
  EXPECT_FALSE(IsValidMetricName("a-b"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_TRUE(IsValidLabelName("peer_kind"));
  EXPECT_FALSE(IsValidLabelName("__reserved"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
}

TEST(MetricsDeathTest, DuplicateRegistrationIsABug) {
  MetricsRegistry registry;
  registry.AddCounter("x_total", "X.");
  EXPECT_DEATH(registry.AddCounter("x_total", "X."), "CHECK");
  EXPECT_DEATH(registry.AddGauge("x_total", "X.", {{"a", "b"}}), "CHECK");
  EXPECT_DEATH(registry.AddCounter("bad-name", "X."), "CHECK");
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  MetricsRegistry registry;
  Counter& counter = registry.AddCounter("c_total", "C.");
  Histogram& histogram = registry.AddHistogram("h", "H.", {1, 2});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter.Increment();
        histogram.Observe(1.5);
      }
    });
  }
  std::thread renderer([&] {
    for (int i = 0; i < 50; ++i) EXPECT_FALSE(registry.Render().empty());
  });
  for (auto& t : threads) t.join();
  renderer.join();
  EXPECT_EQ(counter.Value(), 40000);
  EXPECT_EQ(histogram.Count(), 40000u);
  EXPECT_EQ(histogram.CumulativeCount(0), 0u);
  EXPECT_EQ(histogram.CumulativeCount(1), 40000u);
  EXPECT_EQ(histogram.Sum(), 60000);
}

}  // namespace
}  // namespace credchain::node
