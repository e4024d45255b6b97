// The transaction envelope: chain id, expiry, signature, per-sender sequence, and what a
// rejected transaction may change.
#include <gtest/gtest.h>

#include "contracts/accounts.h"
#include "contracts/execute.h"
#include "contracts/state_namespaces.h"
#include "map_state.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using testing::MapState;

constexpr char kEnvelopeChain[] = "credchain-test";

crypto::SecretKey KeyFromByte(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

BlockContext Ctx(uint64_t height) {
  BlockContext ctx;
  ctx.chain_id = kEnvelopeChain;
  ctx.height = height;
  ctx.timestamp_ms = 1'700'000'000'000 + height * 1000;
  return ctx;
}

// A kind with no handler in this test: its payload is never looked at, so envelope behaviour
// can be tested alone. (kAccessReceipts is handled only once the domain module lands.)
ledger::SignedTx MakeTx(const crypto::SecretKey& key, uint64_t sequence, uint64_t expires = 100,
                        std::string chain = kEnvelopeChain) {
  ledger::Tx tx;
  tx.chain_id = std::move(chain);
  tx.sender = key.public_key();
  tx.sequence = sequence;
  tx.expires_at_height = expires;
  tx.kind = ledger::TxKind::kListObjectAnswer;
  tx.payload = {1, 2, 3};
  return ledger::SignTx(std::move(tx), key);
}

uint64_t Seq(const MapState& state, const crypto::SecretKey& key) {
  auto seq = LastSequence(state, crypto::HashSuite::kSha256, key.public_key());
  EXPECT_TRUE(seq.ok());
  return seq.value_or(0);
}

TEST(ExecuteEnvelope, EnvelopeFailuresChangeNothing) {
  MapState state;
  const auto key = KeyFromByte(1);
  ledger::SignedTx bad_sig = MakeTx(key, 1);
  bad_sig.signature.bytes[0] ^= 1;
  const std::vector<ledger::SignedTx> txs = {
      MakeTx(key, 1, 100, "other-chain"),  // wrong chain
      MakeTx(key, 1, 4),                   // expired at height 5
      bad_sig,                             // bad signature
      MakeTx(key, 2),                      // sequence gap (next is 1)
  };
  auto result = Execute(state, Ctx(5), txs);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->receipts.size(), 4u);
  EXPECT_EQ(result->receipts[0].code, RejectCode::kWrongChain);
  EXPECT_EQ(result->receipts[1].code, RejectCode::kExpired);
  EXPECT_EQ(result->receipts[2].code, RejectCode::kBadSignature);
  EXPECT_EQ(result->receipts[3].code, RejectCode::kSequenceGap);
  EXPECT_TRUE(result->delta.writes.empty());
  EXPECT_FALSE(result->pending_validator_set.has_value());
}

TEST(ExecuteEnvelope, ExpiryIsInclusiveOfTheLastHeight) {
  MapState state;
  const auto key = KeyFromByte(1);
  auto result = Execute(state, Ctx(5), {MakeTx(key, 1, 5)});
  ASSERT_TRUE(result.ok());
  EXPECT_NE(result->receipts[0].code, RejectCode::kExpired);
}

TEST(ExecuteEnvelope, PayloadRejectionAdvancesOnlyTheSequence) {
  MapState state;
  const auto key = KeyFromByte(1);
  auto result = Execute(state, Ctx(1), {MakeTx(key, 1)});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->receipts[0].code, RejectCode::kUnsupportedVersion);
  ASSERT_EQ(result->delta.writes.size(), 1u);
  const core::Bytes32 seq_key =
      ledger::StateKey(crypto::HashSuite::kSha256, ns::kSequence, key.public_key().bytes);
  EXPECT_EQ(result->delta.writes.begin()->first, seq_key);
  state.Apply(result->delta);
  EXPECT_EQ(Seq(state, key), 1u);

  // The same signed tx again is a replay, in a later block and changes nothing.
  auto again = Execute(state, Ctx(2), {MakeTx(key, 1)});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->receipts[0].code, RejectCode::kReplay);
  EXPECT_TRUE(again->delta.writes.empty());
}

TEST(ExecuteEnvelope, SequencesAdvanceWithinOneBlockPerSender) {
  MapState state;
  const auto a = KeyFromByte(1);
  const auto b = KeyFromByte(2);
  auto result = Execute(state, Ctx(1),
                        {MakeTx(a, 1), MakeTx(b, 1), MakeTx(a, 2), MakeTx(a, 2), MakeTx(b, 3)});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->receipts[3].code, RejectCode::kReplay);
  EXPECT_EQ(result->receipts[4].code, RejectCode::kSequenceGap);
  state.Apply(result->delta);
  EXPECT_EQ(Seq(state, a), 2u);
  EXPECT_EQ(Seq(state, b), 1u);
}

TEST(ExecuteEnvelope, AlreadyVerifiedSkipsTheSignatureCheck) {
  MapState state;
  const auto key = KeyFromByte(1);
  ledger::SignedTx tx = MakeTx(key, 1);
  tx.signature.bytes[5] ^= 0x40;
  BlockContext ctx = Ctx(1);
  ctx.signatures = SignatureCheck::kAlreadyVerified;
  auto result = Execute(state, ctx, {tx});
  ASSERT_TRUE(result.ok());
  EXPECT_NE(result->receipts[0].code, RejectCode::kBadSignature);
  EXPECT_EQ(CheckEnvelope(state, Ctx(1), tx).reject_code(), RejectCode::kBadSignature);
}

TEST(ExecuteEnvelope, ReceiptsCarryIdHeightIndex) {
  MapState state;
  const auto key = KeyFromByte(1);
  const auto tx0 = MakeTx(key, 1);
  const auto tx1 = MakeTx(key, 2);
  auto result = Execute(state, Ctx(7), {tx0, tx1});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->receipts[1].tx_id, ledger::TxId(crypto::HashSuite::kSha256, tx1.tx));
  EXPECT_EQ(result->receipts[1].height, 7u);
  EXPECT_EQ(result->receipts[1].index, 1u);
  EXPECT_FALSE(result->receipts[1].detail.empty());
}

TEST(ExecuteEnvelope, StorageFailureAbortsTheBlock) {
  testing::FailingState state;
  auto result = Execute(state, Ctx(1), {MakeTx(KeyFromByte(1), 1)});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kIoError);
}

TEST(ExecuteEnvelope, CheckEnvelopeMatchesExecution) {
  MapState state;
  const auto key = KeyFromByte(3);
  EXPECT_TRUE(CheckEnvelope(state, Ctx(1), MakeTx(key, 1)).ok());
  EXPECT_EQ(CheckEnvelope(state, Ctx(1), MakeTx(key, 2)).reject_code(), RejectCode::kSequenceGap);
  EXPECT_EQ(CheckEnvelope(state, Ctx(1), MakeTx(key, 0)).reject_code(), RejectCode::kReplay);
}

TEST(ExecuteEnvelope, AdmissionWindowAcceptsPendingSequencesOnly) {
  MapState state;
  const auto key = KeyFromByte(4);
  auto first = Execute(state, Ctx(1), {MakeTx(key, 1)});
  ASSERT_TRUE(first.ok()) << first.status();
  state.Apply(first->delta);
  ASSERT_EQ(Seq(state, key), 1u);
  // Last sequence 1, window 3: 2, 3 and 4 may be admitted; 1 is a replay and 5 a gap.
  EXPECT_EQ(CheckEnvelope(state, Ctx(2), MakeTx(key, 1), 3).reject_code(), RejectCode::kReplay);
  for (uint64_t s : {2, 3, 4}) EXPECT_TRUE(CheckEnvelope(state, Ctx(2), MakeTx(key, s), 3).ok());
  EXPECT_EQ(CheckEnvelope(state, Ctx(2), MakeTx(key, 5), 3).reject_code(),
            RejectCode::kSequenceGap);
  EXPECT_EQ(CheckEnvelope(state, Ctx(2), MakeTx(key, 3), 1).reject_code(),
            RejectCode::kSequenceGap);
  // The other envelope rules do not depend on the window.
  EXPECT_EQ(CheckEnvelope(state, Ctx(2), MakeTx(key, 2, 1), 3).reject_code(), RejectCode::kExpired);
  EXPECT_EQ(CheckEnvelope(state, Ctx(2), MakeTx(key, 2, 100, "other"), 3).reject_code(),
            RejectCode::kWrongChain);
  EXPECT_EQ(CheckEnvelope(state, Ctx(2), MakeTx(key, 2), 0).code(),
            core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace credchain::contracts
