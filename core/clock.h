// Clock: the only way credchain code reads time, so tests and the simulator can control it.
//
// NowMs() is wall-clock Unix time in milliseconds (for block timestamps, credential iat/exp);
// MonotonicMs() never goes backwards (for timeouts and latency). Consensus and contract
// execution never read a Clock: they take time from their inputs (DESIGN.md §6, §8).
// Thread safety: SystemClock is thread-safe; FakeClock is thread-safe.
#pragma once

#include <atomic>
#include <cstdint>

namespace credchain::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMs() const = 0;
  virtual int64_t MonotonicMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  int64_t MonotonicMs() const override;
};

// A clock that only moves when told to. Both readings move together.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_ms = 1'767'225'600'000)  // 2026-01-01T00:00:00Z
      : now_ms_(start_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  int64_t MonotonicMs() const override { return now_ms_.load(); }
  void AdvanceMs(int64_t delta_ms) { now_ms_.fetch_add(delta_ms); }
  void SetMs(int64_t now_ms) { now_ms_.store(now_ms); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace credchain::core
