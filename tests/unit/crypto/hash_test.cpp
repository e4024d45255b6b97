#include "crypto/hash.h"

#include <gtest/gtest.h>

#include "core/hex.h"

namespace credchain::crypto {
namespace {

using core::AsBytes;
using core::HexEncode;

TEST(HashTest, KnownAnswers) {
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha512(AsBytes("abc"))).substr(0, 32), "ddaf35a193617abacc417349ae204131");
  // GB/T 32905-2016 Appendix A.
  EXPECT_EQ(HexEncode(Sm3(AsBytes("abc"))),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string abcd16;
  for (int i = 0; i < 16; ++i) abcd16 += "abcd";
  EXPECT_EQ(HexEncode(Sm3(AsBytes(abcd16))),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  // BLAKE2b-256 of the empty string.
  EXPECT_EQ(HexEncode(Blake2b256({})),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(HashTest, SuiteSelectsFunctionAndPartsEqualConcatenation) {
  const auto data = AsBytes("hello world");
  EXPECT_EQ(Hash(HashSuite::kSha256, data), Sha256(data));
  EXPECT_EQ(Hash(HashSuite::kSm3, data), Sm3(data));
  for (HashSuite suite : {HashSuite::kSha256, HashSuite::kSm3}) {
    EXPECT_EQ(HashParts(suite, {AsBytes("hello"), AsBytes(" "), AsBytes("world")}),
              Hash(suite, data));
  }
}

template <size_t N>
core::Bytes ToVec(const core::FixedBytes<N>& d) {
  return core::Bytes(d.begin(), d.end());
}

TEST(HashTest, StreamHasherMatchesOneShot) {
  const std::string big(100000, 'x');
  const auto data = AsBytes(big);
  const std::pair<StreamHasher::Alg, core::Bytes> cases[] = {
      {StreamHasher::Alg::kSha256, ToVec(Sha256(data))},
      {StreamHasher::Alg::kSm3, ToVec(Sm3(data))},
      {StreamHasher::Alg::kSha512, ToVec(Sha512(data))},
      {StreamHasher::Alg::kBlake2b256, ToVec(Blake2b256(data))},
  };
  for (const auto& [alg, expected] : cases) {
    StreamHasher h(alg);
    for (size_t off = 0; off < big.size(); off += 4097) {
      h.Update(data.subspan(off, std::min<size_t>(4097, big.size() - off)));
    }
    EXPECT_EQ(h.Finish(), expected);
  }
}

TEST(HashTest, ParsesSuiteNames) {
  EXPECT_EQ(ParseHashSuite("sm3").value(), HashSuite::kSm3);
  EXPECT_EQ(ParseHashSuite("sha256").value(), HashSuite::kSha256);
  EXPECT_FALSE(ParseHashSuite("md5").ok());
  EXPECT_EQ(HashSuiteName(HashSuite::kSm3), "sm3");
}

}  // namespace
}  // namespace credchain::crypto
