#include <gtest/gtest.h>

#include "consensus/messages.h"
#include "node/p2p/frame.h"

namespace credchain::node::p2p {
namespace {

using core::RejectCode;

ledger::SignedTx MakeTx(uint64_t sequence) {
  core::Bytes32 seed{};
  seed[0] = 7;
  const auto key = crypto::SecretKey::FromSeed(seed);
  ledger::Tx tx;
  tx.chain_id = "p2p-test";
  tx.sender = key.public_key();
  tx.sequence = sequence;
  tx.expires_at_height = 100;
  tx.kind = ledger::TxKind::kEvidenceAnchor;
  tx.payload.assign(8, 0xab);
  return ledger::SignTx(std::move(tx), key);
}

consensus::ConsensusMessage MakeVote() {
  core::Bytes32 seed{};
  seed[0] = 9;
  const auto key = crypto::SecretKey::FromSeed(seed);
  core::Bytes32 block_id{};
  block_id.fill(0x42);
  return consensus::ConsensusMessage{consensus::MakeSignedVote("p2p-test", 1, 5, block_id, key)};
}

std::vector<Message> AllKinds() {
  return {Message{Ping{1}}, Message{Pong{0xffffffffffffffffull}},
          Message{PeerStatus{kStatusFormatVersion, 2, 77}}, Message{MakeVote()},
          Message{TxBatch{{MakeTx(1), MakeTx(2)}}}};
}

TEST(P2pFrame, EveryKindRoundTripsThroughItsCanonicalEncoding) {
  for (const Message& m : AllKinds()) {
    const core::Bytes frame = EncodeFrame(m);
    auto length = ParseFrameHeader(core::ByteView(frame).first(4), 1 << 20);
    ASSERT_TRUE(length.ok()) << length.status();
    ASSERT_EQ(*length + kFrameHeaderBytes, frame.size());
    auto decoded = DecodeFrameBody(core::ByteView(frame).subspan(4));
    ASSERT_TRUE(decoded.ok()) << FrameTypeName(m.type()) << ": " << decoded.status();
    EXPECT_EQ(*decoded, m);
    EXPECT_EQ(EncodeFrameBody(*decoded), core::Bytes(frame.begin() + 4, frame.end()));
  }
}

TEST(P2pFrame, PingHasAFixedLayout) {
  const core::Bytes frame = EncodeFrame(Message{Ping{0x0102030405060708ull}});
  const core::Bytes expected = {0, 0, 0, 9, 1, 1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(frame, expected);
}

TEST(P2pFrame, OversizedLengthIsRefusedFromTheHeaderAlone) {
  const core::Bytes header = {0xff, 0xff, 0xff, 0xff};
  auto length = ParseFrameHeader(header, 8 * 1024 * 1024);
  ASSERT_FALSE(length.ok());
  EXPECT_EQ(length.status().reject_code(), RejectCode::kTooLarge);

  const core::Bytes just_over = {0, 0x10, 0, 1};  // 1 MiB + 1
  EXPECT_EQ(ParseFrameHeader(just_over, 1 << 20).status().reject_code(), RejectCode::kTooLarge);
  const core::Bytes at_cap = {0, 0x10, 0, 0};
  EXPECT_TRUE(ParseFrameHeader(at_cap, 1 << 20).ok());
}

TEST(P2pFrame, EmptyOrShortHeaderIsMalformed) {
  const core::Bytes zero = {0, 0, 0, 0};
  EXPECT_EQ(ParseFrameHeader(zero, 100).status().reject_code(), RejectCode::kMalformed);
  const core::Bytes short_header = {0, 0, 1};
  EXPECT_EQ(ParseFrameHeader(short_header, 100).status().reject_code(), RejectCode::kMalformed);
}

TEST(P2pFrame, UnknownTypeIsMalformed) {
  for (uint8_t type : {uint8_t{0}, uint8_t{6}, uint8_t{0xff}}) {
    const core::Bytes body = {type, 0, 0, 0, 0, 0, 0, 0, 1};
    auto decoded = DecodeFrameBody(body);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.status().reject_code(), RejectCode::kMalformed);
  }
}

TEST(P2pFrame, TruncatedAndTrailingBytesAreMalformed) {
  for (const Message& m : AllKinds()) {
    const core::Bytes body = EncodeFrameBody(m);
    for (size_t cut = 0; cut < body.size(); ++cut) {
      EXPECT_FALSE(DecodeFrameBody(core::ByteView(body).first(cut)).ok())
          << FrameTypeName(m.type()) << " cut at " << cut;
    }
    core::Bytes longer = body;
    longer.push_back(0);
    auto decoded = DecodeFrameBody(longer);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.status().reject_code(), RejectCode::kMalformed);
  }
}

TEST(P2pFrame, EmptyTxBatchAndHostileCountsAreRefused) {
  const core::Bytes empty = {5, 0, 0, 0, 0};
  EXPECT_EQ(DecodeFrameBody(empty).status().reject_code(), RejectCode::kMalformed);
  // A count far beyond what the remaining bytes could hold is refused before reserving.
  const core::Bytes huge = {5, 0, 0, 0x0f, 0xff};
  EXPECT_FALSE(DecodeFrameBody(huge).ok());
}

TEST(P2pFrame, StatusWithUnknownVersionIsRefused) {
  core::Bytes body = EncodeFrameBody(Message{PeerStatus{kStatusFormatVersion, 1, 2}});
  body[2] = 2;  // u16 version 1 -> 2
  auto decoded = DecodeFrameBody(body);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().reject_code(), RejectCode::kUnsupportedVersion);
}

}  // namespace
}  // namespace credchain::node::p2p
