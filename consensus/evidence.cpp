#include "consensus/evidence.h"

#include "consensus/messages.h"
#include "ledger/block.h"

namespace credchain::consensus {
namespace {

core::Bytes Preimage(EvidenceKind kind, std::string_view chain_id, uint64_t epoch, uint64_t round,
                     const core::Bytes32& block_id) {
  return kind == EvidenceKind::kProposal
             ? ProposalSigningPreimage(chain_id, epoch, round, block_id)
             : ledger::VoteSigningPreimage(chain_id, epoch, round, block_id);
}

}  // namespace

void EquivocationEvidence::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU8(static_cast<uint8_t>(kind));
  w.PutU64(epoch);
  w.PutU64(round);
  w.PutFixed(signer.bytes);
  w.PutFixed(block_id_a);
  w.PutFixed(signature_a.bytes);
  w.PutFixed(block_id_b);
  w.PutFixed(signature_b.bytes);
}

core::Result<EquivocationEvidence> EquivocationEvidence::DecodeFrom(core::Reader& r) {
  EquivocationEvidence e;
  ASSIGN_OR_RETURN(e.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(uint8_t kind, r.ReadU8());
  if (kind != static_cast<uint8_t>(EvidenceKind::kProposal) &&
      kind != static_cast<uint8_t>(EvidenceKind::kVote)) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "evidence: unknown kind " + std::to_string(kind));
  }
  e.kind = static_cast<EvidenceKind>(kind);
  ASSIGN_OR_RETURN(e.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(e.round, r.ReadU64());
  ASSIGN_OR_RETURN(e.signer.bytes, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(e.block_id_a, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(e.signature_a.bytes, r.ReadFixed<64>());
  ASSIGN_OR_RETURN(e.block_id_b, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(e.signature_b.bytes, r.ReadFixed<64>());
  if (!(e.block_id_a < e.block_id_b)) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "evidence: block ids not in ascending order");
  }
  return e;
}

EquivocationEvidence MakeEvidence(EvidenceKind kind, uint64_t epoch, uint64_t round,
                                  const crypto::PublicKey& signer, const core::Bytes32& block_a,
                                  const crypto::Signature& signature_a,
                                  const core::Bytes32& block_b,
                                  const crypto::Signature& signature_b) {
  EquivocationEvidence e;
  e.kind = kind;
  e.epoch = epoch;
  e.round = round;
  e.signer = signer;
  const bool swap = block_b < block_a;
  e.block_id_a = swap ? block_b : block_a;
  e.signature_a = swap ? signature_b : signature_a;
  e.block_id_b = swap ? block_a : block_b;
  e.signature_b = swap ? signature_a : signature_b;
  return e;
}

core::Status VerifyEvidence(const EquivocationEvidence& e, std::string_view chain_id) {
  auto bad = [](std::string detail) {
    return core::Status::Rejected(core::RejectCode::kBadProof, "evidence: " + detail);
  };
  if (e.block_id_a == e.block_id_b) return bad("both statements name the same block");
  if (!crypto::Verify(e.signer, Preimage(e.kind, chain_id, e.epoch, e.round, e.block_id_a),
                      e.signature_a)) {
    return bad("first signature does not verify");
  }
  if (!crypto::Verify(e.signer, Preimage(e.kind, chain_id, e.epoch, e.round, e.block_id_b),
                      e.signature_b)) {
    return bad("second signature does not verify");
  }
  return core::Status::Ok();
}

}  // namespace credchain::consensus
