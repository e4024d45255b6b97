#include "core/unique_fd.h"

#include <fcntl.h>

#include <gtest/gtest.h>

namespace credchain::core {
namespace {

bool IsOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST(UniqueFdTest, ClosesWhenDestroyed) {
  int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    UniqueFd fd(raw);
    EXPECT_TRUE(fd.valid());
    EXPECT_TRUE(IsOpen(raw));
  }
  EXPECT_FALSE(IsOpen(raw));
}

TEST(UniqueFdTest, CloseReportsAndReleasesOnce) {
  UniqueFd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  const int raw = fd.get();
  EXPECT_TRUE(fd.Close());
  EXPECT_FALSE(fd.valid());
  EXPECT_FALSE(IsOpen(raw));
  EXPECT_FALSE(fd.Close());  // nothing left to close
}

TEST(UniqueFdTest, InvalidDescriptorIsHarmless) {
  UniqueFd fd(-1);
  EXPECT_FALSE(fd.valid());
  EXPECT_FALSE(fd.Close());
}

}  // namespace
}  // namespace credchain::core
