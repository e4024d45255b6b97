#include "consensus/messages.h"

#include <algorithm>
#include <bit>

namespace credchain::consensus {
namespace {

constexpr uint32_t kMaxSignerBitmapBytes = 128;  // 1024 validators, as QuorumCert
constexpr uint32_t kMaxTcSigners = 1024;

core::Status Malformed(std::string detail) {
  return core::Status::Rejected(core::RejectCode::kMalformed, std::move(detail));
}

size_t CountSigners(const core::Bytes& bitmap) {
  size_t n = 0;
  for (uint8_t b : bitmap) n += std::popcount(b);
  return n;
}

template <typename T>
void PutOptional(core::Writer& w, const std::optional<T>& value) {
  w.PutBool(value.has_value());
  if (value) value->EncodeTo(w);
}

template <typename T>
core::Result<std::optional<T>> ReadOptional(core::Reader& r) {
  ASSIGN_OR_RETURN(bool present, r.ReadBool());
  if (!present) return std::optional<T>();
  ASSIGN_OR_RETURN(T value, T::DecodeFrom(r));
  return std::optional<T>(std::move(value));
}

core::Bytes RoundPreimage(std::string_view tag, std::string_view chain_id, uint64_t epoch,
                          uint64_t round) {
  core::Writer w;
  w.PutFixed(core::AsBytes(tag));
  w.PutString(chain_id);
  w.PutU64(epoch);
  w.PutU64(round);
  return w.Take();
}

core::Status BadSignature(std::string_view what) {
  return core::Status::Rejected(core::RejectCode::kBadSignature,
                                std::string(what) + ": signature does not verify");
}

}  // namespace

uint64_t TimeoutCert::MaxHighQcRound() const {
  uint64_t max_round = 0;
  for (uint64_t r : high_qc_rounds) max_round = std::max(max_round, r);
  return max_round;
}

void TimeoutCert::EncodeTo(core::Writer& w) const {
  w.PutU64(epoch);
  w.PutU64(round);
  w.PutBytes(signer_bitmap);
  CHECK(high_qc_rounds.size() == signatures.size());
  w.PutCount(signatures.size());
  for (size_t i = 0; i < signatures.size(); ++i) {
    w.PutU64(high_qc_rounds[i]);
    w.PutFixed(signatures[i].bytes);
  }
  high_qc.EncodeTo(w);
}

core::Result<TimeoutCert> TimeoutCert::DecodeFrom(core::Reader& r) {
  TimeoutCert tc;
  ASSIGN_OR_RETURN(tc.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(tc.round, r.ReadU64());
  ASSIGN_OR_RETURN(tc.signer_bitmap, r.ReadBytes(kMaxSignerBitmapBytes));
  if (!tc.signer_bitmap.empty() && tc.signer_bitmap.back() == 0) {
    return Malformed("timeout cert signer bitmap has trailing zero bytes");
  }
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxTcSigners, 8 + 64));
  if (n != CountSigners(tc.signer_bitmap)) {
    return Malformed("timeout cert has " + std::to_string(n) + " entries for " +
                     std::to_string(CountSigners(tc.signer_bitmap)) + " signers");
  }
  tc.high_qc_rounds.resize(n);
  tc.signatures.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(tc.high_qc_rounds[i], r.ReadU64());
    ASSIGN_OR_RETURN(tc.signatures[i].bytes, r.ReadFixed<64>());
  }
  ASSIGN_OR_RETURN(tc.high_qc, ledger::QuorumCert::DecodeFrom(r));
  return tc;
}

void Proposal::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  block.EncodeTo(w);
  PutOptional(w, last_round_tc);
  w.PutFixed(signature.bytes);
}

core::Result<Proposal> Proposal::DecodeFrom(core::Reader& r) {
  Proposal p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(kConsensusFormatVersion));
  ASSIGN_OR_RETURN(p.block, ledger::Block::DecodeFrom(r));
  ASSIGN_OR_RETURN(p.last_round_tc, ReadOptional<TimeoutCert>(r));
  ASSIGN_OR_RETURN(p.signature.bytes, r.ReadFixed<64>());
  return p;
}

void Vote::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(epoch);
  w.PutU64(round);
  w.PutFixed(block_id);
  w.PutFixed(signer.bytes);
  w.PutFixed(signature.bytes);
}

core::Result<Vote> Vote::DecodeFrom(core::Reader& r) {
  Vote v;
  ASSIGN_OR_RETURN(v.version, r.ReadVersion(kConsensusFormatVersion));
  ASSIGN_OR_RETURN(v.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(v.round, r.ReadU64());
  ASSIGN_OR_RETURN(v.block_id, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(v.signer.bytes, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(v.signature.bytes, r.ReadFixed<64>());
  return v;
}

void Timeout::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(epoch);
  w.PutU64(round);
  high_qc.EncodeTo(w);
  PutOptional(w, last_round_tc);
  w.PutFixed(signer.bytes);
  w.PutFixed(signature.bytes);
}

core::Result<Timeout> Timeout::DecodeFrom(core::Reader& r) {
  Timeout t;
  ASSIGN_OR_RETURN(t.version, r.ReadVersion(kConsensusFormatVersion));
  ASSIGN_OR_RETURN(t.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(t.round, r.ReadU64());
  ASSIGN_OR_RETURN(t.high_qc, ledger::QuorumCert::DecodeFrom(r));
  ASSIGN_OR_RETURN(t.last_round_tc, ReadOptional<TimeoutCert>(r));
  ASSIGN_OR_RETURN(t.signer.bytes, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(t.signature.bytes, r.ReadFixed<64>());
  return t;
}

void SyncRequest::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(epoch);
  w.PutFixed(target_block_id);
  w.PutU64(from_height);
  w.PutU32(max_blocks);
}

core::Result<SyncRequest> SyncRequest::DecodeFrom(core::Reader& r) {
  SyncRequest s;
  ASSIGN_OR_RETURN(s.version, r.ReadVersion(kConsensusFormatVersion));
  ASSIGN_OR_RETURN(s.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(s.target_block_id, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(s.from_height, r.ReadU64());
  ASSIGN_OR_RETURN(s.max_blocks, r.ReadU32());
  return s;
}

void SyncResponse::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(epoch);
  w.PutCount(blocks.size());
  for (const auto& b : blocks) b.EncodeTo(w);
  PutOptional(w, top_qc);
}

core::Result<SyncResponse> SyncResponse::DecodeFrom(core::Reader& r) {
  SyncResponse s;
  ASSIGN_OR_RETURN(s.version, r.ReadVersion(kConsensusFormatVersion));
  ASSIGN_OR_RETURN(s.epoch, r.ReadU64());
  // A block header alone is well over 200 bytes; 200 bounds the reservation.
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxSyncBlocks, 200));
  s.blocks.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(ledger::Block b, ledger::Block::DecodeFrom(r));
    s.blocks.push_back(std::move(b));
  }
  ASSIGN_OR_RETURN(s.top_qc, ReadOptional<ledger::QuorumCert>(r));
  return s;
}

void ConsensusMessage::EncodeTo(core::Writer& w) const {
  w.PutU8(static_cast<uint8_t>(kind()));
  std::visit([&w](const auto& m) { m.EncodeTo(w); }, body);
}

core::Result<ConsensusMessage> ConsensusMessage::DecodeFrom(core::Reader& r) {
  ASSIGN_OR_RETURN(uint8_t tag, r.ReadU8());
  ConsensusMessage m;
  switch (static_cast<MessageKind>(tag)) {
    case MessageKind::kProposal: {
      ASSIGN_OR_RETURN(m.body, Proposal::DecodeFrom(r));
      return m;
    }
    case MessageKind::kVote: {
      ASSIGN_OR_RETURN(m.body, Vote::DecodeFrom(r));
      return m;
    }
    case MessageKind::kTimeout: {
      ASSIGN_OR_RETURN(m.body, Timeout::DecodeFrom(r));
      return m;
    }
    case MessageKind::kSyncRequest: {
      ASSIGN_OR_RETURN(m.body, SyncRequest::DecodeFrom(r));
      return m;
    }
    case MessageKind::kSyncResponse: {
      ASSIGN_OR_RETURN(m.body, SyncResponse::DecodeFrom(r));
      return m;
    }
  }
  return Malformed("consensus message: unknown kind " + std::to_string(tag));
}

std::string_view MessageKindName(MessageKind kind) {
  switch (kind) {
    case MessageKind::kProposal:
      return "proposal";
    case MessageKind::kVote:
      return "vote";
    case MessageKind::kTimeout:
      return "timeout";
    case MessageKind::kSyncRequest:
      return "sync_request";
    case MessageKind::kSyncResponse:
      return "sync_response";
  }
  return "unknown";
}

core::Bytes ProposalSigningPreimage(std::string_view chain_id, uint64_t epoch, uint64_t round,
                                    const core::Bytes32& block_id) {
  core::Bytes out = RoundPreimage(kProposalDomainTag, chain_id, epoch, round);
  core::Append(out, block_id);
  return out;
}

core::Bytes TimeoutSigningPreimage(std::string_view chain_id, uint64_t epoch, uint64_t round,
                                   uint64_t high_qc_round) {
  core::Writer w;
  w.PutRaw(RoundPreimage(kTimeoutDomainTag, chain_id, epoch, round));
  w.PutU64(high_qc_round);
  return w.Take();
}

void SignProposal(Proposal& proposal, std::string_view chain_id, const crypto::SecretKey& key) {
  const auto& h = proposal.block.header;
  proposal.signature =
      crypto::Sign(key, ProposalSigningPreimage(chain_id, h.epoch, h.round, ledger::BlockId(h)));
}

Vote MakeSignedVote(std::string_view chain_id, uint64_t epoch, uint64_t round,
                    const core::Bytes32& block_id, const crypto::SecretKey& key) {
  Vote v;
  v.epoch = epoch;
  v.round = round;
  v.block_id = block_id;
  v.signer = key.public_key();
  v.signature = crypto::Sign(key, ledger::VoteSigningPreimage(chain_id, epoch, round, block_id));
  return v;
}

Timeout MakeSignedTimeout(std::string_view chain_id, uint64_t epoch, uint64_t round,
                          ledger::QuorumCert high_qc, std::optional<TimeoutCert> last_round_tc,
                          const crypto::SecretKey& key) {
  Timeout t;
  t.epoch = epoch;
  t.round = round;
  t.signer = key.public_key();
  t.signature = crypto::Sign(
      key, TimeoutSigningPreimage(chain_id, epoch, round, EffectiveQcRound(high_qc, epoch)));
  t.high_qc = std::move(high_qc);
  t.last_round_tc = std::move(last_round_tc);
  return t;
}

core::Status VerifyProposalSignature(const Proposal& proposal, std::string_view chain_id) {
  const auto& h = proposal.block.header;
  if (!crypto::Verify(h.proposer,
                      ProposalSigningPreimage(chain_id, h.epoch, h.round, ledger::BlockId(h)),
                      proposal.signature)) {
    return BadSignature("proposal");
  }
  return core::Status::Ok();
}

core::Status VerifyVoteSignature(const Vote& vote, std::string_view chain_id) {
  if (!crypto::Verify(vote.signer,
                      ledger::VoteSigningPreimage(chain_id, vote.epoch, vote.round, vote.block_id),
                      vote.signature)) {
    return BadSignature("vote");
  }
  return core::Status::Ok();
}

core::Status VerifyTimeoutSignature(const Timeout& timeout, std::string_view chain_id) {
  const uint64_t high_qc_round = EffectiveQcRound(timeout.high_qc, timeout.epoch);
  if (!crypto::Verify(timeout.signer,
                      TimeoutSigningPreimage(chain_id, timeout.epoch, timeout.round, high_qc_round),
                      timeout.signature)) {
    return BadSignature("timeout");
  }
  return core::Status::Ok();
}

}  // namespace credchain::consensus
