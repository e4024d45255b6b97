// Equivocation evidence: two different signed proposals, or two different votes, by one
// validator for one (epoch, round).
//
// Evidence is self-contained: anyone holding the epoch's validator set can check it with
// VerifyEvidence, so the node can log it, gossip it or put it on chain for governance to act
// on. Two timeouts for one round are not evidence (a replica may re-sign its timeout with a
// higher QC). Byte format: docs/formats/consensus-messages.md. Thread safety: plain values.
#pragma once

#include <string_view>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::consensus {

enum class EvidenceKind : uint8_t { kProposal = 1, kVote = 2 };

struct EquivocationEvidence {
  uint16_t version = 1;
  EvidenceKind kind = EvidenceKind::kVote;
  uint64_t epoch = 0;
  uint64_t round = 0;
  crypto::PublicKey signer;
  // Canonical order: block_id_a < block_id_b (bytewise).
  core::Bytes32 block_id_a{};
  crypto::Signature signature_a;
  core::Bytes32 block_id_b{};
  crypto::Signature signature_b;

  void EncodeTo(core::Writer& w) const;
  static core::Result<EquivocationEvidence> DecodeFrom(core::Reader& r);
  friend bool operator==(const EquivocationEvidence&, const EquivocationEvidence&) = default;
};

// Builds evidence from two signed statements for different blocks, in canonical order.
EquivocationEvidence MakeEvidence(EvidenceKind kind, uint64_t epoch, uint64_t round,
                                  const crypto::PublicKey& signer, const core::Bytes32& block_a,
                                  const crypto::Signature& signature_a,
                                  const core::Bytes32& block_b,
                                  const crypto::Signature& signature_b);

// Ok iff the two block ids differ and both signatures verify under `signer` over the kind's
// preimage (proposal or vote) for (chain_id, epoch, round). Otherwise Rejected(kBadProof).
// Membership of `signer` in the epoch's set is the caller's check.
core::Status VerifyEvidence(const EquivocationEvidence& evidence, std::string_view chain_id);

}  // namespace credchain::consensus
