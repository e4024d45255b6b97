// A fixed pool of worker threads running queued tasks, with a bounded queue and two priorities.
//
// The node runs CPU-heavy checks (Ed25519 verification of transactions) here, off the
// consensus and network threads, using all cores. High-priority tasks (verifying the
// transactions of a proposal the consensus thread waits for) run before normal ones (mempool
// admission). TrySubmit refuses work when `max_queued` tasks are already waiting, so a flood
// of submissions is turned away instead of growing memory.
//
// Stop (or destruction) stops accepting tasks, runs every task already queued, and joins the
// threads; an owner whose tasks reach into other objects stops the pool before those go.
// Thread safety: all methods are thread-safe. Tasks must not throw.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace credchain::node {

enum class TaskPriority : uint8_t { kNormal, kHigh };

class WorkerPool {
 public:
  // threads == 0 means std::thread::hardware_concurrency() (at least 1). The threads are named
  // `name`-0, `name`-1, ... (core::NameThisThread).
  WorkerPool(size_t threads, size_t max_queued, std::string_view name = "worker");
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (task dropped) if the queue is full or the pool is shutting down.
  // kHigh tasks are never refused for a full queue, only during shutdown.
  [[nodiscard]] bool TrySubmit(std::function<void()> task,
                               TaskPriority priority = TaskPriority::kNormal);

  // Refuses new tasks, runs every task already queued and joins the threads. Idempotent, and
  // callers racing each other all return once the threads have ended; not to be called from a
  // task.
  void Stop();

  size_t thread_count() const { return threads_.size(); }
  size_t queued() const;

 private:
  void Run();

  const size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> high_;    // guarded by mu_
  std::deque<std::function<void()>> normal_;  // guarded by mu_
  bool stopping_ = false;                     // guarded by mu_
  std::mutex join_mu_;                        // one Stop joins the threads at a time
  std::vector<std::thread> threads_;
};

}  // namespace credchain::node
