// Blocks, block headers and quorum certificates (DESIGN.md §5, §8).
//
// A block id is the suite hash of "credchain/block/v1" ‖ chain_id ‖ Encode(header); the header
// commits to the transactions through tx_root (crypto/merkle.h over tx ids). A QuorumCert holds
// votes of a quorum of the epoch's validators, each an Ed25519 signature over
//   "credchain/vote/v1" ‖ chain_id ‖ u64 epoch ‖ u64 round ‖ block_id
// with signers given as a bitmap over the epoch's ValidatorSet order and signatures in ascending
// signer order. The header also carries the state root after executing height exec_height, so
// every state root is certified by a later QC (what offline verifiers rely on).
// Byte formats: docs/formats/block.md. Thread safety: plain values.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "ledger/tx.h"
#include "ledger/validator_set.h"

namespace credchain::ledger {

inline constexpr uint16_t kBlockFormatVersion = 1;
inline constexpr std::string_view kBlockDomainTag = "credchain/block/v1";
inline constexpr std::string_view kVoteDomainTag = "credchain/vote/v1";

struct QuorumCert {
  uint64_t epoch = 0;
  uint64_t round = 0;
  core::Bytes32 block_id{};
  core::Bytes signer_bitmap;                  // bit i (byte i/8, LSB first) = validator i signed
  std::vector<crypto::Signature> signatures;  // one per set bit, ascending validator index

  // The genesis QC: round 0, certifies the genesis block id, no signatures.
  bool IsGenesis() const { return round == 0 && signatures.empty(); }

  void EncodeTo(core::Writer& w) const;
  static core::Result<QuorumCert> DecodeFrom(core::Reader& r);
  friend bool operator==(const QuorumCert&, const QuorumCert&) = default;
};

struct BlockHeader {
  uint16_t version = kBlockFormatVersion;
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  uint64_t epoch = 0;
  uint64_t round = 0;
  uint64_t height = 0;
  core::Bytes32 parent_id{};
  QuorumCert parent_qc;  // certifies parent_id
  core::Bytes32 tx_root{};
  uint32_t tx_count = 0;
  uint64_t timestamp_ms = 0;
  crypto::PublicKey proposer;
  uint64_t exec_height = 0;            // last height the proposer had executed
  core::Bytes32 exec_state_root{};     // state root after executing exec_height
  core::Bytes32 validator_set_hash{};  // ValidatorSet::Hash of this epoch

  void EncodeTo(core::Writer& w) const;
  static core::Result<BlockHeader> DecodeFrom(core::Reader& r);
  friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

struct Block {
  BlockHeader header;
  std::vector<SignedTx> txs;

  void EncodeTo(core::Writer& w) const;
  static core::Result<Block> DecodeFrom(core::Reader& r);
  friend bool operator==(const Block&, const Block&) = default;
};

core::Bytes32 BlockId(const BlockHeader& header);
// The ids (TxId) of `txs`, in order.
std::vector<core::Bytes32> TxIds(crypto::HashSuite suite, const std::vector<SignedTx>& txs);
// Merkle root (crypto/merkle.h) over the ids of `txs`, in order.
core::Bytes32 ComputeTxRoot(crypto::HashSuite suite, const std::vector<SignedTx>& txs);
// The same from ids already computed (TxIds), for callers that need the ids too.
core::Bytes32 TxRootOfIds(crypto::HashSuite suite, std::span<const core::Bytes32> tx_ids);

core::Bytes VoteSigningPreimage(std::string_view chain_id, uint64_t epoch, uint64_t round,
                                const core::Bytes32& block_id);

// Ok iff `qc` carries distinct signers, all members of `validators`, at least a quorum, each
// signature valid over the vote preimage, and qc.epoch == validators.epoch. Otherwise
// Rejected(kBadQuorumCert, reason). A genesis QC (round 0, no signatures) is not checked here:
// callers accept it only for the genesis block id they know.
core::Status VerifyQuorumCert(const QuorumCert& qc, const ValidatorSet& validators,
                              std::string_view chain_id);

}  // namespace credchain::ledger
