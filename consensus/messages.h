// Consensus wire messages (Jolteon / DiemBFT v4 two-chain HotStuff) and their canonical codecs.
//
// Byte formats: docs/formats/consensus-messages.md. Every message is a top-level object that
// starts with a u16 format_version; on the wire it is wrapped in a ConsensusMessage, a u8 kind
// tag followed by the object. Signed preimages (domain tag, then the u32-length-prefixed chain
// id, then fixed-width fields):
//   proposal  "credchain/proposal/v1" ‖ chain_id ‖ u64 epoch ‖ u64 round ‖ block_id
//   vote      "credchain/vote/v1"     ‖ chain_id ‖ u64 epoch ‖ u64 round ‖ block_id
//   timeout   "credchain/timeout/v1"  ‖ chain_id ‖ u64 epoch ‖ u64 round ‖ u64 high_qc_round
// The vote preimage is ledger::VoteSigningPreimage, so votes aggregate into ledger::QuorumCert.
//
// "Effective QC round": a QC certifies a block of its own epoch at qc.round; the QC that
// certifies the last block of the previous epoch (the new epoch's root) counts as round 0 in
// the new epoch (EffectiveQcRound). Timeouts sign the effective round of their high QC.
//
// Decoding only checks the encoding; whether a message is acceptable (signatures, epoch,
// rounds, membership) is decided by Replica. Thread safety: plain values.
#pragma once

#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "ledger/block.h"

namespace credchain::consensus {

inline constexpr uint16_t kConsensusFormatVersion = 1;
inline constexpr std::string_view kProposalDomainTag = "credchain/proposal/v1";
inline constexpr std::string_view kTimeoutDomainTag = "credchain/timeout/v1";
// Largest number of blocks one SyncResponse may carry.
inline constexpr uint32_t kMaxSyncBlocks = 256;

// 2f+1 timeouts for one round. Signers are a bitmap over the epoch's validator order (same
// canonical rules as QuorumCert: no trailing zero bytes); for each signer, ascending by
// validator index, the effective round of the high QC it reported and its timeout signature.
// high_qc is the highest of the reported QCs: EffectiveQcRound(high_qc) == max(high_qc_rounds).
struct TimeoutCert {
  uint64_t epoch = 0;
  uint64_t round = 0;
  core::Bytes signer_bitmap;
  std::vector<uint64_t> high_qc_rounds;
  std::vector<crypto::Signature> signatures;
  ledger::QuorumCert high_qc;

  uint64_t MaxHighQcRound() const;
  void EncodeTo(core::Writer& w) const;
  static core::Result<TimeoutCert> DecodeFrom(core::Reader& r);
  friend bool operator==(const TimeoutCert&, const TimeoutCert&) = default;
};

// A leader's block for its round. last_round_tc is present exactly when the block does not
// extend a QC of the previous round (block.round != EffectiveQcRound(parent_qc) + 1): then it
// is the TC of round block.round - 1 that justifies the jump.
struct Proposal {
  uint16_t version = kConsensusFormatVersion;
  ledger::Block block;
  std::optional<TimeoutCert> last_round_tc;
  crypto::Signature signature;  // by block.header.proposer over ProposalSigningPreimage

  void EncodeTo(core::Writer& w) const;
  static core::Result<Proposal> DecodeFrom(core::Reader& r);
  friend bool operator==(const Proposal&, const Proposal&) = default;
};

struct Vote {
  uint16_t version = kConsensusFormatVersion;
  uint64_t epoch = 0;
  uint64_t round = 0;
  core::Bytes32 block_id{};
  crypto::PublicKey signer;
  crypto::Signature signature;  // over ledger::VoteSigningPreimage

  void EncodeTo(core::Writer& w) const;
  static core::Result<Vote> DecodeFrom(core::Reader& r);
  friend bool operator==(const Vote&, const Vote&) = default;
};

// "I give up on round `round`". Carries the sender's highest QC, and the TC of round - 1 when
// the sender entered `round` through a TC, so a replica that is behind can catch up from it.
struct Timeout {
  uint16_t version = kConsensusFormatVersion;
  uint64_t epoch = 0;
  uint64_t round = 0;
  ledger::QuorumCert high_qc;
  std::optional<TimeoutCert> last_round_tc;
  crypto::PublicKey signer;
  crypto::Signature signature;  // over TimeoutSigningPreimage(.., EffectiveQcRound(high_qc))

  void EncodeTo(core::Writer& w) const;
  static core::Result<Timeout> DecodeFrom(core::Reader& r);
  friend bool operator==(const Timeout&, const Timeout&) = default;
};

// Block fetching. With a target_block_id: "send me that block and its ancestors above
// from_height" (missing parents). With an all-zero target: "I am behind at epoch `epoch`,
// committed up to from_height: send the chain after it" (catch-up, also across an epoch end).
struct SyncRequest {
  uint16_t version = kConsensusFormatVersion;
  uint64_t epoch = 0;
  core::Bytes32 target_block_id{};
  uint64_t from_height = 0;
  uint32_t max_blocks = 0;

  bool IsCatchUp() const { return target_block_id == core::Bytes32{}; }
  void EncodeTo(core::Writer& w) const;
  static core::Result<SyncRequest> DecodeFrom(core::Reader& r);
  friend bool operator==(const SyncRequest&, const SyncRequest&) = default;
};

// A chain of blocks in ascending height, each the parent of the next, and the QC that
// certifies the last one. Block i is certified by block i+1's parent_qc, so one verified QC
// and the hash chain authenticate every header (each block's txs are checked against tx_root).
struct SyncResponse {
  uint16_t version = kConsensusFormatVersion;
  uint64_t epoch = 0;  // epoch of the blocks
  std::vector<ledger::Block> blocks;
  std::optional<ledger::QuorumCert> top_qc;

  void EncodeTo(core::Writer& w) const;
  static core::Result<SyncResponse> DecodeFrom(core::Reader& r);
  friend bool operator==(const SyncResponse&, const SyncResponse&) = default;
};

enum class MessageKind : uint8_t {
  kProposal = 1,
  kVote = 2,
  kTimeout = 3,
  kSyncRequest = 4,
  kSyncResponse = 5,
};

// The wire envelope: u8 kind ‖ the object.
struct ConsensusMessage {
  std::variant<Proposal, Vote, Timeout, SyncRequest, SyncResponse> body;

  MessageKind kind() const { return static_cast<MessageKind>(body.index() + 1); }
  void EncodeTo(core::Writer& w) const;
  static core::Result<ConsensusMessage> DecodeFrom(core::Reader& r);
  friend bool operator==(const ConsensusMessage&, const ConsensusMessage&) = default;
};

// "proposal", "vote", ...
std::string_view MessageKindName(MessageKind kind);

// Effective round of `qc` seen from `epoch` (see the file comment).
inline uint64_t EffectiveQcRound(const ledger::QuorumCert& qc, uint64_t epoch) {
  return qc.epoch == epoch ? qc.round : 0;
}

core::Bytes ProposalSigningPreimage(std::string_view chain_id, uint64_t epoch, uint64_t round,
                                    const core::Bytes32& block_id);
core::Bytes TimeoutSigningPreimage(std::string_view chain_id, uint64_t epoch, uint64_t round,
                                   uint64_t high_qc_round);

// Signs `proposal` (whose block is complete) with the proposer's key.
void SignProposal(Proposal& proposal, std::string_view chain_id, const crypto::SecretKey& key);
Vote MakeSignedVote(std::string_view chain_id, uint64_t epoch, uint64_t round,
                    const core::Bytes32& block_id, const crypto::SecretKey& key);
// Signs over the effective round of `high_qc`.
Timeout MakeSignedTimeout(std::string_view chain_id, uint64_t epoch, uint64_t round,
                          ledger::QuorumCert high_qc, std::optional<TimeoutCert> last_round_tc,
                          const crypto::SecretKey& key);

// Signature checks alone (no membership, rounds or certificates):
// Ok, or Rejected(kBadSignature).
core::Status VerifyProposalSignature(const Proposal& proposal, std::string_view chain_id);
core::Status VerifyVoteSignature(const Vote& vote, std::string_view chain_id);
core::Status VerifyTimeoutSignature(const Timeout& timeout, std::string_view chain_id);

}  // namespace credchain::consensus
