#include "core/thread_name.h"

#include <pthread.h>

#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace credchain::core {
namespace {

std::string NameOfThisThread() {
  char name[32] = {};
  EXPECT_EQ(pthread_getname_np(pthread_self(), name, sizeof(name)), 0);
  return name;
}

TEST(ThreadNameTest, NamesTheCallingThreadOnly) {
  const std::string before = NameOfThisThread();
  std::string inside;
  std::thread t([&inside] {
    NameThisThread("consensus");
    inside = NameOfThisThread();
  });
  t.join();
  EXPECT_EQ(inside, "consensus");
  EXPECT_EQ(NameOfThisThread(), before);
}

TEST(ThreadNameTest, CutsNamesLongerThanTheKernelKeeps) {
  std::string inside;
  std::thread t([&inside] {
    NameThisThread("a-name-of-twenty-chars");
    inside = NameOfThisThread();
  });
  t.join();
  EXPECT_EQ(inside, "a-name-of-twent");  // 15 bytes
}

}  // namespace
}  // namespace credchain::core
