// Tx, QC and block header byte formats against frozen golden vectors, and decoder rejections.
#include <gtest/gtest.h>

#include "core/hex.h"
#include "ledger/block.h"
#include "ledger/receipt.h"
#include "ledger/tx.h"
#include "unit/golden_file.h"

namespace credchain::ledger {
namespace {

using core::HexEncode;

crypto::SecretKey TestKey(uint8_t fill) {
  core::Bytes32 seed;
  seed.fill(fill);
  return crypto::SecretKey::FromSeed(seed);
}

Tx GoldenTx() {
  Tx tx;
  tx.chain_id = "nanjing-credit-1";
  tx.sender = TestKey(1).public_key();
  tx.sequence = 7;
  tx.expires_at_height = 1000;
  tx.kind = TxKind::kCredentialAnchor;
  tx.payload = {0xaa, 0xaa, 0xaa};
  return tx;
}

QuorumCert GoldenQc() {
  QuorumCert qc;
  qc.epoch = 1;
  qc.round = 5;
  qc.block_id.fill(0x22);
  qc.signer_bitmap = {0x0b};
  crypto::Signature s;
  s.bytes.fill(0x33);
  qc.signatures = {s, s, s};
  return qc;
}

BlockHeader GoldenHeader() {
  BlockHeader h;
  h.chain_id = "nanjing-credit-1";
  h.epoch = 1;
  h.round = 6;
  h.height = 4;
  h.parent_id.fill(0x22);
  h.parent_qc = GoldenQc();
  h.tx_root.fill(0x44);
  h.tx_count = 0;
  h.timestamp_ms = 1767225600000;
  h.proposer = TestKey(1).public_key();
  h.exec_height = 3;
  h.exec_state_root.fill(0x55);
  h.validator_set_hash.fill(0x66);
  return h;
}

class LedgerCodecTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> golden_ = testing::LoadGoldenFile("ledger_golden.txt");
};

TEST_F(LedgerCodecTest, TxMatchesGoldenAndRoundTrips) {
  const Tx tx = GoldenTx();
  const core::Bytes encoded = core::EncodeToBytes(tx);
  EXPECT_EQ(HexEncode(encoded), golden_.at("tx_v1"));
  EXPECT_EQ(HexEncode(TxSigningPreimage(tx)), golden_.at("tx_v1_preimage"));
  EXPECT_EQ(HexEncode(TxId(crypto::HashSuite::kSha256, tx)), golden_.at("tx_v1_id_sha256"));
  EXPECT_EQ(HexEncode(TxId(crypto::HashSuite::kSm3, tx)), golden_.at("tx_v1_id_sm3"));
  EXPECT_EQ(core::DecodeExact<Tx>(encoded).value(), tx);
}

TEST_F(LedgerCodecTest, QcAndHeaderMatchGolden) {
  EXPECT_EQ(HexEncode(core::EncodeToBytes(GoldenQc())), golden_.at("qc_v1"));
  const BlockHeader h = GoldenHeader();
  const core::Bytes encoded = core::EncodeToBytes(h);
  EXPECT_EQ(HexEncode(encoded), golden_.at("header_v1"));
  EXPECT_EQ(HexEncode(BlockId(h)), golden_.at("header_v1_block_id_sha256"));
  EXPECT_EQ(core::DecodeExact<BlockHeader>(encoded).value(), h);
  EXPECT_EQ(HexEncode(VoteSigningPreimage("nanjing-credit-1", 1, 5, GoldenQc().block_id)),
            golden_.at("vote_preimage_v1"));
}

TEST_F(LedgerCodecTest, SignedTxVerifiesAndTamperingFails) {
  const crypto::SecretKey key = TestKey(1);
  const SignedTx stx = SignTx(GoldenTx(), key);
  EXPECT_TRUE(VerifyTxSignature(stx).ok());
  const core::Bytes encoded = core::EncodeToBytes(stx);
  EXPECT_EQ(core::DecodeExact<SignedTx>(encoded).value(), stx);

  SignedTx other_chain = stx;
  other_chain.tx.chain_id = "another-chain";
  EXPECT_EQ(VerifyTxSignature(other_chain).reject_code(), core::RejectCode::kBadSignature);
  SignedTx other_seq = stx;
  other_seq.tx.sequence++;
  EXPECT_FALSE(VerifyTxSignature(other_seq).ok());
  SignedTx other_sender = stx;
  other_sender.tx.sender = TestKey(2).public_key();
  EXPECT_FALSE(VerifyTxSignature(other_sender).ok());
}

TEST_F(LedgerCodecTest, SignedTxEncodedSizeIsTheEncodingsSize) {
  // Size limits (mempool admission, block checks) count EncodedSize, not an encoding.
  SignedTx stx = SignTx(GoldenTx(), TestKey(1));
  EXPECT_EQ(stx.EncodedSize(), core::EncodeToBytes(stx).size());
  EXPECT_EQ(stx.tx.EncodedSize(), core::EncodeToBytes(stx.tx).size());
  stx.tx.payload.clear();
  stx.tx.chain_id.clear();
  EXPECT_EQ(stx.EncodedSize(), core::EncodeToBytes(stx).size());
  stx.tx.chain_id = "信链-测试网";  // multi-byte UTF-8: bytes, not characters
  stx.tx.payload.assign(kMaxTxBytes, 0xab);
  EXPECT_EQ(stx.EncodedSize(), core::EncodeToBytes(stx).size());
}

TEST_F(LedgerCodecTest, SigningPreimageIsBuiltInOneAllocationOfItsExactSize) {
  // Computed for every tx id and signature check: reserved once at its size (a wrong size
  // leaves spare capacity, or grows the buffer and doubles it).
  Tx tx = GoldenTx();
  for (int shape = 0; shape < 3; ++shape) {
    if (shape == 1) {
      tx.payload.clear();
      tx.chain_id.clear();
    } else if (shape == 2) {
      tx.chain_id = "信链-测试网";
      tx.payload.assign(kMaxTxBytes, 0xab);
    }
    const core::Bytes preimage = TxSigningPreimage(tx);
    EXPECT_EQ(preimage.capacity(), preimage.size()) << "shape " << shape;
  }
}

TEST_F(LedgerCodecTest, TxDecoderRejectsBadInput) {
  const core::Bytes good = core::EncodeToBytes(SignTx(GoldenTx(), TestKey(1)));
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(core::DecodeExact<SignedTx>(core::ByteView(good).first(n)).ok()) << n;
  }
  core::Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_EQ(core::DecodeExact<SignedTx>(trailing).status().reject_code(),
            core::RejectCode::kMalformed);
  // Unknown kind: bytes at offset 2 + (4+16) + 32 + 8 + 8.
  core::Bytes bad_kind = good;
  const size_t kind_at = 2 + 4 + 16 + 32 + 8 + 8;
  bad_kind[kind_at] = 0x7f;
  EXPECT_NE(core::DecodeExact<SignedTx>(bad_kind).status().message().find("unknown"),
            std::string::npos);
  core::Bytes bad_version = good;
  bad_version[1] = 2;
  EXPECT_EQ(core::DecodeExact<SignedTx>(bad_version).status().reject_code(),
            core::RejectCode::kUnsupportedVersion);
  // Oversized payload.
  Tx big = GoldenTx();
  big.payload.assign(kMaxTxBytes, 0x01);
  EXPECT_EQ(core::DecodeExact<SignedTx>(core::EncodeToBytes(SignTx(big, TestKey(1))))
                .status()
                .reject_code(),
            core::RejectCode::kTooLarge);
}

TEST_F(LedgerCodecTest, QcDecoderRequiresCanonicalBitmapAndMatchingCount) {
  QuorumCert qc = GoldenQc();
  qc.signer_bitmap = {0x0b, 0x00};  // trailing zero byte
  EXPECT_FALSE(core::DecodeExact<QuorumCert>(core::EncodeToBytes(qc)).ok());
  qc = GoldenQc();
  qc.signatures.pop_back();  // 2 signatures, 3 signers
  EXPECT_FALSE(core::DecodeExact<QuorumCert>(core::EncodeToBytes(qc)).ok());
}

TEST_F(LedgerCodecTest, BlockRoundTripsWithTxs) {
  Block b;
  b.header = GoldenHeader();
  for (int i = 0; i < 3; ++i) {
    Tx tx = GoldenTx();
    tx.sequence = 10 + i;
    b.txs.push_back(SignTx(tx, TestKey(1)));
  }
  b.header.tx_count = 3;
  b.header.tx_root = ComputeTxRoot(crypto::HashSuite::kSha256, b.txs);
  const core::Bytes encoded = core::EncodeToBytes(b);
  EXPECT_EQ(core::DecodeExact<Block>(encoded).value(), b);
  // A header suite byte outside {1,2} is refused.
  core::Bytes bad_suite = encoded;
  bad_suite[2 + 4 + 16] = 9;
  EXPECT_FALSE(core::DecodeExact<Block>(bad_suite).ok());
}

}  // namespace
}  // namespace credchain::ledger

namespace credchain::ledger {
namespace {

TEST(ReceiptTest, RoundTripsAndRejectsUnknownCode) {
  Receipt receipt;
  receipt.tx_id.fill(9);
  receipt.height = 12;
  receipt.index = 3;
  receipt.code = core::RejectCode::kUnauthorized;
  receipt.detail = "issuer not authorised for schema credit-grade";
  receipt.result = {1, 2};
  const core::Bytes encoded = core::EncodeToBytes(receipt);
  EXPECT_EQ(core::DecodeExact<Receipt>(encoded).value(), receipt);
  EXPECT_FALSE(receipt.applied());
  core::Bytes bad = encoded;
  bad[32 + 8 + 4] = 0xff;  // code high byte
  EXPECT_EQ(core::DecodeExact<Receipt>(bad).status().reject_code(), core::RejectCode::kMalformed);
}

}  // namespace
}  // namespace credchain::ledger
