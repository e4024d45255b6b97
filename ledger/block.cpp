#include "ledger/block.h"

#include <bit>

#include "crypto/merkle.h"

namespace credchain::ledger {
namespace {

constexpr uint32_t kMaxSignerBitmapBytes = 128;  // 1024 validators
constexpr uint32_t kMaxQcSignatures = 1024;
constexpr uint32_t kMaxBlockTxs = 100'000;
// Smallest encoded SignedTx: version, chain id length, sender, seq, expiry, kind, payload
// length, signature.
constexpr size_t kMinSignedTxBytes = 2 + 4 + 32 + 8 + 8 + 2 + 4 + 64;

core::Status BadQc(std::string detail) {
  return core::Status::Rejected(core::RejectCode::kBadQuorumCert, "quorum cert: " + detail);
}

size_t CountSigners(const core::Bytes& bitmap) {
  size_t n = 0;
  for (uint8_t b : bitmap) n += std::popcount(b);
  return n;
}

}  // namespace

void QuorumCert::EncodeTo(core::Writer& w) const {
  w.PutU64(epoch);
  w.PutU64(round);
  w.PutFixed(block_id);
  w.PutBytes(signer_bitmap);
  w.PutCount(signatures.size());
  for (const auto& s : signatures) w.PutFixed(s.bytes);
}

core::Result<QuorumCert> QuorumCert::DecodeFrom(core::Reader& r) {
  QuorumCert qc;
  ASSIGN_OR_RETURN(qc.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(qc.round, r.ReadU64());
  ASSIGN_OR_RETURN(qc.block_id, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(qc.signer_bitmap, r.ReadBytes(kMaxSignerBitmapBytes));
  if (!qc.signer_bitmap.empty() && qc.signer_bitmap.back() == 0) {
    // Canonical form: no trailing zero bytes, so every QC has exactly one encoding.
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "quorum cert signer bitmap has trailing zero bytes");
  }
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxQcSignatures, 64));
  if (n != CountSigners(qc.signer_bitmap)) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "quorum cert has " + std::to_string(n) + " signatures for " +
                                      std::to_string(CountSigners(qc.signer_bitmap)) + " signers");
  }
  qc.signatures.resize(n);
  for (auto& s : qc.signatures) {
    ASSIGN_OR_RETURN(s.bytes, r.ReadFixed<64>());
  }
  return qc;
}

void BlockHeader::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(chain_id);
  w.PutU8(static_cast<uint8_t>(suite));
  w.PutU64(epoch);
  w.PutU64(round);
  w.PutU64(height);
  w.PutFixed(parent_id);
  parent_qc.EncodeTo(w);
  w.PutFixed(tx_root);
  w.PutU32(tx_count);
  w.PutU64(timestamp_ms);
  w.PutFixed(proposer.bytes);
  w.PutU64(exec_height);
  w.PutFixed(exec_state_root);
  w.PutFixed(validator_set_hash);
}

core::Result<BlockHeader> BlockHeader::DecodeFrom(core::Reader& r) {
  BlockHeader h;
  ASSIGN_OR_RETURN(h.version, r.ReadVersion(kBlockFormatVersion));
  ASSIGN_OR_RETURN(h.chain_id, r.ReadString(kMaxChainIdBytes));
  ASSIGN_OR_RETURN(uint8_t suite, r.ReadU8());
  if (suite != static_cast<uint8_t>(crypto::HashSuite::kSha256) &&
      suite != static_cast<uint8_t>(crypto::HashSuite::kSm3)) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "unknown hash suite " + std::to_string(suite));
  }
  h.suite = static_cast<crypto::HashSuite>(suite);
  ASSIGN_OR_RETURN(h.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(h.round, r.ReadU64());
  ASSIGN_OR_RETURN(h.height, r.ReadU64());
  ASSIGN_OR_RETURN(h.parent_id, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(h.parent_qc, QuorumCert::DecodeFrom(r));
  ASSIGN_OR_RETURN(h.tx_root, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(h.tx_count, r.ReadU32());
  ASSIGN_OR_RETURN(h.timestamp_ms, r.ReadU64());
  ASSIGN_OR_RETURN(h.proposer.bytes, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(h.exec_height, r.ReadU64());
  ASSIGN_OR_RETURN(h.exec_state_root, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(h.validator_set_hash, r.ReadFixed<32>());
  return h;
}

void Block::EncodeTo(core::Writer& w) const {
  header.EncodeTo(w);
  w.PutCount(txs.size());
  for (const auto& tx : txs) tx.EncodeTo(w);
}

core::Result<Block> Block::DecodeFrom(core::Reader& r) {
  Block b;
  ASSIGN_OR_RETURN(b.header, BlockHeader::DecodeFrom(r));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxBlockTxs, kMinSignedTxBytes));
  b.txs.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(SignedTx tx, SignedTx::DecodeFrom(r));
    b.txs.push_back(std::move(tx));
  }
  return b;
}

core::Bytes32 BlockId(const BlockHeader& header) {
  core::Writer w;
  w.PutFixed(core::AsBytes(kBlockDomainTag));
  w.PutString(header.chain_id);
  header.EncodeTo(w);
  return crypto::Hash(header.suite, w.bytes());
}

std::vector<core::Bytes32> TxIds(crypto::HashSuite suite, const std::vector<SignedTx>& txs) {
  std::vector<core::Bytes32> ids;
  ids.reserve(txs.size());
  for (const auto& stx : txs) ids.push_back(TxId(suite, stx.tx));
  return ids;
}

core::Bytes32 ComputeTxRoot(crypto::HashSuite suite, const std::vector<SignedTx>& txs) {
  return TxRootOfIds(suite, TxIds(suite, txs));
}

core::Bytes32 TxRootOfIds(crypto::HashSuite suite, std::span<const core::Bytes32> tx_ids) {
  return crypto::MerkleRoot(suite, tx_ids);
}

core::Bytes VoteSigningPreimage(std::string_view chain_id, uint64_t epoch, uint64_t round,
                                const core::Bytes32& block_id) {
  core::Writer w;
  w.PutFixed(core::AsBytes(kVoteDomainTag));
  w.PutString(chain_id);
  w.PutU64(epoch);
  w.PutU64(round);
  w.PutFixed(block_id);
  return w.Take();
}

core::Status VerifyQuorumCert(const QuorumCert& qc, const ValidatorSet& validators,
                              std::string_view chain_id) {
  if (qc.epoch != validators.epoch) {
    return BadQc("epoch " + std::to_string(qc.epoch) + " does not match validator set epoch " +
                 std::to_string(validators.epoch));
  }
  const size_t n = validators.size();
  if (qc.signer_bitmap.size() > (n + 7) / 8) return BadQc("signer bitmap longer than the set");
  if (CountSigners(qc.signer_bitmap) != qc.signatures.size()) {
    return BadQc("signature count does not match signer bitmap");
  }
  if (qc.signatures.size() < validators.quorum()) {
    return BadQc(std::to_string(qc.signatures.size()) + " signers, quorum is " +
                 std::to_string(validators.quorum()));
  }
  const core::Bytes preimage = VoteSigningPreimage(chain_id, qc.epoch, qc.round, qc.block_id);
  size_t next_signature = 0;
  for (size_t i = 0; i < qc.signer_bitmap.size() * 8; ++i) {
    if ((qc.signer_bitmap[i / 8] >> (i % 8) & 1) == 0) continue;
    if (i >= n) return BadQc("signer index " + std::to_string(i) + " outside the set");
    if (!crypto::Verify(validators.validators[i].key, preimage, qc.signatures[next_signature])) {
      return BadQc("signature of validator " + std::to_string(i) + " does not verify");
    }
    ++next_signature;
  }
  return core::Status::Ok();
}

}  // namespace credchain::ledger
