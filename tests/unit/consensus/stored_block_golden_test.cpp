// StoredBlock (docs/consensus.md "What is persisted"): u16 version 1 ‖ Block (header ‖ u32 n ‖
// txs) ‖ bool has_qc ‖ [QuorumCert]. The bytes are composed here from that layout and the
// independently computed ledger vectors header_v1 and qc_v1 (tests/vectors/ledger_golden.txt), so
// the persisted block format cannot drift without this test failing.
#include <gtest/gtest.h>

#include "consensus/safety_store.h"
#include "core/hex.h"
#include "unit/golden_file.h"

namespace credchain::consensus {
namespace {

TEST(StoredBlockGoldenTest, LayoutIsVersionBlockAndOptionalQc) {
  const auto ledger = credchain::testing::LoadGoldenFile("ledger_golden.txt");
  const std::string header = ledger.at("header_v1");
  const std::string qc = ledger.at("qc_v1");
  const std::string no_txs = "00000000";

  for (const bool with_qc : {true, false}) {
    const std::string hex = "0001" + header + no_txs + (with_qc ? "01" + qc : "00");
    auto bytes = core::HexDecode(hex);
    ASSERT_TRUE(bytes.ok());
    auto stored = core::DecodeExact<StoredBlock>(*bytes);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->version, 1u);
    EXPECT_TRUE(stored->block.txs.empty());
    EXPECT_EQ(core::HexEncode(core::EncodeToBytes(stored->block.header)), header);
    ASSERT_EQ(stored->qc.has_value(), with_qc);
    if (with_qc) {
      EXPECT_EQ(core::HexEncode(core::EncodeToBytes(*stored->qc)), qc);
    }
    EXPECT_EQ(core::HexEncode(core::EncodeToBytes(*stored)), hex);
    // A vote writes its blocks by reference (the tree owns them): the same bytes.
    EXPECT_EQ(core::HexEncode(core::EncodeToBytes(StoredBlockRef(stored->block, stored->qc))), hex);
  }
  // Another version, or trailing bytes, are refused.
  auto v2 = core::HexDecode("0002" + header + no_txs + "00");
  EXPECT_FALSE(core::DecodeExact<StoredBlock>(*v2).ok());
  auto trailing = core::HexDecode("0001" + header + no_txs + "0000");
  EXPECT_FALSE(core::DecodeExact<StoredBlock>(*trailing).ok());
}

}  // namespace
}  // namespace credchain::consensus
