#include "core/utf8.h"

#include <gtest/gtest.h>

namespace credchain::core {
namespace {

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("统一社会信用代码"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
}

// Runs of ASCII are checked eight bytes at a time: what comes before, inside and after such a
// run is still checked byte by byte, at every offset.
TEST(Utf8Test, MixedTextAroundLongAsciiRunsAtEveryOffset) {
  const std::string ascii = "credchain-testnet-0123456789";  // 28 bytes
  for (size_t cut = 0; cut <= ascii.size(); ++cut) {
    const std::string head = ascii.substr(0, cut), tail = ascii.substr(cut);
    EXPECT_TRUE(IsValidUtf8(head + "信" + tail)) << cut;
    EXPECT_TRUE(IsValidUtf8(head + "\xF0\x9F\x98\x80" + tail)) << cut;
    EXPECT_FALSE(IsValidUtf8(head + "\x80" + tail)) << cut;          // lone continuation
    EXPECT_FALSE(IsValidUtf8(head + "\xE4\xBF" + tail)) << cut;      // truncated by ASCII
    EXPECT_FALSE(IsValidUtf8(head + "\xED\xA0\x80" + tail)) << cut;  // surrogate
    EXPECT_FALSE(IsValidUtf8(head + "\xFF")) << cut;                 // at the very end
  }
  EXPECT_TRUE(IsValidUtf8(ascii + ascii));
  EXPECT_FALSE(IsValidUtf8(ascii + "\xE4"));  // truncated after a long run
}

TEST(Utf8Test, RejectsInvalidSequences) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE4\xBF"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

}  // namespace
}  // namespace credchain::core
