#include "node/process_memory.h"

#include <cstdlib>
#include <cstring>
#include <optional>
#include <sys/mman.h>

#include <gtest/gtest.h>

namespace credchain::node {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

// AddressSanitizer replaces the C library's malloc (GCC names it one way, clang another).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
constexpr bool kAddressSanitizer = __has_feature(address_sanitizer);
#else
constexpr bool kAddressSanitizer = false;
#endif

// Mapped memory counts in the resident set only once its pages are touched, so reading the
// mapping's size instead of the resident pages would fail here.
TEST(ProcessMemoryTest, ResidentBytesCountTouchedPagesOnly) {
  constexpr size_t kBytes = 64 * kMiB;
  void* block = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(block, MAP_FAILED);
  const std::optional<uint64_t> before = ResidentBytes();
  ASSERT_TRUE(before.has_value());
  EXPECT_GT(*before, kMiB);
  std::memset(block, 1, kBytes);
  const std::optional<uint64_t> after = ResidentBytes();
  ASSERT_TRUE(after.has_value());
  EXPECT_GE(*after, *before + kBytes - 4 * kMiB);
  munmap(block, kBytes);
}

TEST(ProcessMemoryTest, LibcHeapCountsABlockWhileItIsHeld) {
  if (kAddressSanitizer) GTEST_SKIP() << "AddressSanitizer's malloc replaces the C library's";
  constexpr size_t kBytes = 16 * kMiB;
  const HeapBytes before = ReadLibcHeapBytes();
  void* volatile block = std::malloc(kBytes);
  ASSERT_NE(block, nullptr);
  const HeapBytes held = ReadLibcHeapBytes();
  std::free(block);
  const HeapBytes after = ReadLibcHeapBytes();
  EXPECT_GE(held.allocated, before.allocated + kBytes);
  EXPECT_LT(after.allocated, held.allocated - kBytes / 2);
}

}  // namespace
}  // namespace credchain::node
