// A small Prometheus metrics registry: counters, gauges and histograms, rendered in the text
// exposition format 0.0.4 for GET /metrics.
//
//   MetricsRegistry registry;
//   Counter& commits = registry.AddCounter("credchain_committed_tx_total", "Committed txs.");
//   commits.Add(3);
//   Histogram& latency = registry.AddHistogram("credchain_commit_latency_seconds", "...",
//                                              {0.05, 0.1, 0.25, 0.5, 1});
//   latency.Observe(0.12);
//   std::string text = registry.Render();
//
// Each metric may carry a fixed label set given at registration ({{"peer_kind", "validator"}}).
// Names and label names must match the Prometheus grammar and a (name, labels) pair may be
// registered once; violating either is a bug (CHECK), since both come from our code. Help text
// and label values are escaped as the format requires. Rendering groups series of one name
// under one # HELP/# TYPE header and ends with a newline.
//
// Thread safety: registration and Render() are thread-safe; updating a metric (Add, Set,
// Observe) is lock-free and may happen from any thread. Metric references stay valid for the
// registry's lifetime.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace credchain::node {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// Monotonically increasing value. Add() ignores negative or NaN amounts (a counter never
// decreases).
class Counter {
 public:
  void Increment() { Add(1.0); }
  void Add(double amount);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Cumulative histogram over fixed upper bounds (strictly increasing, finite); the +Inf bucket is
// implicit.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);

  const std::vector<double>& upper_bounds() const { return upper_bounds_; }
  // Count of observations <= upper_bounds()[i] (cumulative); i == size() is the +Inf bucket.
  uint64_t CumulativeCount(size_t i) const;
  uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  double Sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // non-cumulative, size()+1 entries
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

// Default latency buckets in seconds: 1 ms .. 10 s.
std::vector<double> DefaultLatencyBucketsSeconds();

class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  Counter& AddCounter(std::string_view name, std::string_view help, MetricLabels labels = {});
  Gauge& AddGauge(std::string_view name, std::string_view help, MetricLabels labels = {});
  Histogram& AddHistogram(std::string_view name, std::string_view help,
                          std::vector<double> upper_bounds, MetricLabels labels = {});

  // The whole registry in text format 0.0.4 (Content-Type: text/plain; version=0.0.4).
  std::string Render() const;

 private:
  struct Family;
  Family& FamilyFor(std::string_view name, std::string_view help, int type);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Family>> families_;  // in registration order
};

inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Text-format escaping: HELP escapes '\\' and newline; label values also escape '"'.
std::string EscapeHelp(std::string_view help);
std::string EscapeLabelValue(std::string_view value);
// Prometheus sample value: integers without exponent, otherwise shortest round-trip form;
// "+Inf", "-Inf", "NaN" for the specials.
std::string FormatSampleValue(double value);
bool IsValidMetricName(std::string_view name);
bool IsValidLabelName(std::string_view name);

}  // namespace credchain::node
