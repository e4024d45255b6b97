#include "node/worker_pool.h"

#include <algorithm>
#include <string>

#include "core/thread_name.h"

namespace credchain::node {

WorkerPool::WorkerPool(size_t threads, size_t max_queued, std::string_view name)
    : max_queued_(max_queued) {
  if (threads == 0) threads = std::max<size_t>(1, std::thread::hardware_concurrency());
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, thread_name = std::string(name) + "-" + std::to_string(i)] {
      core::NameThisThread(thread_name);
      Run();
    });
  }
}

WorkerPool::~WorkerPool() { Stop(); }

void WorkerPool::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  std::lock_guard join_lock(join_mu_);
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

bool WorkerPool::TrySubmit(std::function<void()> task, TaskPriority priority) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    if (priority == TaskPriority::kHigh) {
      high_.push_back(std::move(task));
    } else {
      if (normal_.size() >= max_queued_) return false;
      normal_.push_back(std::move(task));
    }
  }
  cv_.notify_one();
  return true;
}

size_t WorkerPool::queued() const {
  std::lock_guard lock(mu_);
  return high_.size() + normal_.size();
}

void WorkerPool::Run() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !high_.empty() || !normal_.empty(); });
      auto& queue = !high_.empty() ? high_ : normal_;
      if (queue.empty()) return;  // stopping and drained
      task = std::move(queue.front());
      queue.pop_front();
    }
    task();
  }
}

}  // namespace credchain::node
