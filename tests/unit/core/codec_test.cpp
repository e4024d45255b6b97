// The canonical codec: golden encodings (tests/vectors/codec_golden.txt) and every rejection
// DESIGN.md §4 requires of a decoder.
#include "core/codec.h"

#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "core/hex.h"
#include "unit/golden_file.h"

namespace credchain::core {
namespace {

// A small object exercising every codec construct, as a module's types would use them.
struct Sample {
  uint16_t version = 1;
  uint64_t height = 0;
  std::string name;
  Bytes blob;
  bool flag = false;
  std::vector<uint32_t> items;
  std::map<std::string, uint64_t> counts;
  std::optional<Bytes32> digest;  // variant: tag 0 = none, tag 1 = digest

  void EncodeTo(Writer& w) const {
    w.PutU16(version);
    w.PutU64(height);
    w.PutString(name);
    w.PutBytes(blob);
    w.PutBool(flag);
    w.PutCount(items.size());
    for (uint32_t v : items) w.PutU32(v);
    MapWriter m;
    for (const auto& [k, v] : counts) {
      Writer kw, vw;
      kw.PutString(k);
      vw.PutU64(v);
      m.Add(kw.Take(), vw.Take());
    }
    m.FinishInto(w);
    w.PutU8(digest ? 1 : 0);
    if (digest) w.PutFixed(*digest);
  }

  static Result<Sample> DecodeFrom(Reader& r) {
    Sample s;
    ASSIGN_OR_RETURN(s.version, r.ReadVersion(1));
    ASSIGN_OR_RETURN(s.height, r.ReadU64());
    ASSIGN_OR_RETURN(s.name, r.ReadString(64));
    ASSIGN_OR_RETURN(s.blob, r.ReadBytes(1024));
    ASSIGN_OR_RETURN(s.flag, r.ReadBool());
    ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(100, 4));
    for (uint32_t i = 0; i < n; ++i) {
      ASSIGN_OR_RETURN(uint32_t v, r.ReadU32());
      s.items.push_back(v);
    }
    ASSIGN_OR_RETURN(uint32_t m, r.ReadCount(100, 12));
    MapKeyOrder order;
    for (uint32_t i = 0; i < m; ++i) {
      const size_t start = r.position();
      ASSIGN_OR_RETURN(std::string k, r.ReadString(64));
      RETURN_IF_ERROR(order.Next(r.Since(start)));
      ASSIGN_OR_RETURN(uint64_t v, r.ReadU64());
      s.counts[k] = v;
    }
    ASSIGN_OR_RETURN(uint8_t tag, r.ReadTag(1));
    if (tag == 1) {
      ASSIGN_OR_RETURN(s.digest, r.ReadFixed<32>());
    }
    return s;
  }
};

Sample MakeSample() {
  Sample s;
  s.height = 0x0102030405060708;
  s.name = "信链";
  s.blob = {0xde, 0xad};
  s.flag = true;
  s.items = {1, 0xffffffff};
  s.counts = {{"b", 2}, {"a", 1}};
  Bytes32 d{};
  d.fill(0x11);
  s.digest = d;
  return s;
}

std::map<std::string, std::string> LoadGolden() {
  return credchain::testing::LoadGoldenFile("codec_golden.txt");
}

TEST(CodecTest, IntegersAreBigEndianFixedWidth) {
  Writer w;
  w.PutU8(0x01);
  w.PutU16(0x0203);
  w.PutU32(0x04050607);
  w.PutU64(0x08090a0b0c0d0e0f);
  w.PutBool(false);
  w.PutBool(true);
  EXPECT_EQ(HexEncode(w.bytes()), "0102030405060708090a0b0c0d0e0f0001");
}

TEST(CodecTest, ClearEmptiesTheWriterAndKeepsItsBuffer) {
  Writer w;
  w.Reserve(64);
  w.PutU64(7);
  const size_t capacity = w.bytes().capacity();
  EXPECT_GE(capacity, 64u);
  w.Clear();
  EXPECT_EQ(w.size(), 0u);
  EXPECT_EQ(w.bytes().capacity(), capacity);
  w.PutU16(0x0102);
  EXPECT_EQ(HexEncode(w.bytes()), "0102");
}

TEST(CodecTest, GoldenSampleEncoding) {
  const auto golden = LoadGolden();
  ASSERT_TRUE(golden.count("sample_v1")) << "tests/vectors/codec_golden.txt missing sample_v1";
  const Bytes encoded = EncodeToBytes(MakeSample());
  EXPECT_EQ(HexEncode(encoded), golden.at("sample_v1"));
  const Sample decoded = DecodeExact<Sample>(encoded).value();
  EXPECT_EQ(EncodeToBytes(decoded), encoded);
  EXPECT_EQ(decoded.counts.at("a"), 1u);
  EXPECT_EQ(decoded.name, "信链");
}

TEST(CodecTest, GoldenEmptySample) {
  const auto golden = LoadGolden();
  Sample empty;
  EXPECT_EQ(HexEncode(EncodeToBytes(empty)), golden.at("sample_empty_v1"));
}

Status DecodeHex(const std::string& hex) {
  return DecodeExact<Sample>(HexDecode(hex).value()).status();
}

// Each case mutates the golden encoding in one way a decoder must refuse.
TEST(CodecTest, RejectsEveryMalformedForm) {
  const std::string good = HexEncode(EncodeToBytes(MakeSample()));
  ASSERT_TRUE(DecodeHex(good).ok());

  // Trailing bytes.
  EXPECT_EQ(DecodeHex(good + "00").reject_code(), RejectCode::kMalformed);
  // Truncated at every length.
  const Bytes raw = HexDecode(good).value();
  for (size_t n = 0; n < raw.size(); ++n) {
    EXPECT_FALSE(DecodeExact<Sample>(ByteView(raw).first(n)).ok()) << "prefix " << n;
  }
  // Unsupported versions 0 and 2.
  EXPECT_EQ(DecodeHex("0000" + good.substr(4)).reject_code(), RejectCode::kUnsupportedVersion);
  EXPECT_EQ(DecodeHex("0002" + good.substr(4)).reject_code(), RejectCode::kUnsupportedVersion);

  Sample s = MakeSample();
  // A length longer than the input: patch the blob length to 0x7fffffff.
  {
    Writer w;
    w.PutU16(1);
    w.PutU64(s.height);
    w.PutString(s.name);
    w.PutU32(1000);  // claims 1000 bytes, 2 follow
    w.PutFixed(s.blob);
    EXPECT_EQ(DecodeExact<Sample>(w.bytes()).status().reject_code(), RejectCode::kMalformed);
  }
  // A length above the field maximum is refused before reading.
  {
    Writer w;
    w.PutU16(1);
    w.PutU64(s.height);
    w.PutU32(65);  // name max is 64
    EXPECT_EQ(DecodeExact<Sample>(w.bytes()).status().reject_code(), RejectCode::kTooLarge);
  }
}

TEST(CodecTest, RejectsBadBoolTagUtf8AndMapOrder) {
  Sample s = MakeSample();
  const Bytes good = EncodeToBytes(s);
  // The bool follows: u16 + u64 + (u32 + 6) + (u32 + 2).
  const size_t bool_at = 2 + 8 + 4 + 6 + 4 + 2;
  Bytes bad_bool = good;
  bad_bool[bool_at] = 2;
  EXPECT_NE(DecodeExact<Sample>(bad_bool).status().message().find("not 0 or 1"), std::string::npos);

  Bytes bad_tag = good;
  bad_tag[good.size() - 33] = 2;  // the variant tag before the 32-byte digest
  EXPECT_NE(DecodeExact<Sample>(bad_tag).status().message().find("unknown variant tag"),
            std::string::npos);

  Bytes bad_utf8 = good;
  bad_utf8[2 + 8 + 4] = 0xff;  // first byte of the name
  EXPECT_NE(DecodeExact<Sample>(bad_utf8).status().message().find("UTF-8"), std::string::npos);

  // Map with keys out of order and duplicated: write entries by hand.
  auto with_map = [&](std::vector<std::pair<std::string, uint64_t>> entries) {
    Writer w;
    w.PutU16(1);
    w.PutU64(0);
    w.PutString("");
    w.PutBytes({});
    w.PutBool(false);
    w.PutCount(0);
    w.PutCount(entries.size());
    for (const auto& [k, v] : entries) {
      w.PutString(k);
      w.PutU64(v);
    }
    w.PutU8(0);
    return DecodeExact<Sample>(w.bytes()).status();
  };
  EXPECT_TRUE(with_map({{"a", 1}, {"b", 2}}).ok());
  EXPECT_NE(with_map({{"b", 1}, {"a", 2}}).message().find("ascending"), std::string::npos);
  EXPECT_NE(with_map({{"a", 1}, {"a", 2}}).message().find("duplicate"), std::string::npos);
}

TEST(CodecTest, CountCannotExceedRemainingInput) {
  Writer w;
  w.PutU32(50);  // 50 elements of >= 4 bytes claimed, only 8 bytes follow
  w.PutU64(0);
  Reader r(w.bytes());
  Result<uint32_t> count = r.ReadCount(100, 4);
  ASSERT_FALSE(count.ok());
  EXPECT_NE(count.status().message().find("cannot fit"), std::string::npos);
  Reader r2(w.bytes());
  EXPECT_EQ(r2.ReadCount(10, 1).status().reject_code(), RejectCode::kTooLarge);
}

TEST(CodecTest, NestingIsLimited) {
  Reader r(ByteView{});
  for (int i = 0; i < kMaxNestingDepth; ++i) ASSERT_TRUE(r.Enter().ok());
  EXPECT_FALSE(r.Enter().ok());
  r.Leave();
  EXPECT_TRUE(r.Enter().ok());
}

TEST(CodecTest, MapWriterSortsByEncodedKey) {
  MapWriter m;
  Writer k1, k2;
  k1.PutString("zz");
  k2.PutString("a");
  m.Add(k1.Take(), {});
  m.Add(k2.Take(), {});
  Writer w;
  m.FinishInto(w);
  // count 2, then "a" (00000001 61), then "zz".
  EXPECT_EQ(HexEncode(w.bytes()),
            "00000002"
            "0000000161"
            "000000027a7a");
}

}  // namespace
}  // namespace credchain::core
