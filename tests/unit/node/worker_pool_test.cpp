// The node's worker pool (node/worker_pool.h): Stop runs what is queued, then refuses work.
#include "node/worker_pool.h"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

namespace credchain::node {
namespace {
namespace worker_pool_test {

TEST(WorkerPoolTest, StopRunsEveryQueuedTaskThenRefusesNewOnes) {
  WorkerPool pool(1, 100);
  std::promise<void> started;
  std::future<void> first_running = started.get_future();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  // The one thread waits in the first task, so the others queue behind it.
  ASSERT_TRUE(pool.TrySubmit([&started, released, &ran] {
    started.set_value();
    released.wait();
    ran.fetch_add(1);
  }));
  first_running.wait();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.TrySubmit([&ran] { ran.fetch_add(1); }));
  ASSERT_TRUE(pool.TrySubmit([&ran] { ran.fetch_add(1); }, TaskPriority::kHigh));
  std::thread stopper([&pool] { pool.Stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(ran.load(), 0);  // everything waits behind the first task
  release.set_value();
  stopper.join();
  EXPECT_EQ(ran.load(), 12);
  EXPECT_FALSE(pool.TrySubmit([&ran] { ran.fetch_add(1); }));
  EXPECT_FALSE(pool.TrySubmit([&ran] { ran.fetch_add(1); }, TaskPriority::kHigh));
  pool.Stop();  // again: nothing to do
  EXPECT_EQ(ran.load(), 12);
}

// Stop may be called from several threads at once (the header says so): they must not both
// join a thread, and none returns before the queue has run.
TEST(WorkerPoolTest, StopsRacingEachOtherBothWaitForTheQueue) {
  WorkerPool pool(2, 100);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(pool.TrySubmit([released, &ran] {
      released.wait();
      ran.fetch_add(1);
    }));
  }
  std::atomic<int> returned{0};
  std::thread first([&] {
    pool.Stop();
    EXPECT_EQ(ran.load(), 4);
    returned.fetch_add(1);
  });
  std::thread second([&] {
    pool.Stop();
    EXPECT_EQ(ran.load(), 4);
    returned.fetch_add(1);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(returned.load(), 0);  // neither returns while tasks are queued
  release.set_value();
  first.join();
  second.join();
  EXPECT_EQ(returned.load(), 2);
}

}  // namespace worker_pool_test
}  // namespace
}  // namespace credchain::node
