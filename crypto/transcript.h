// A Fiat–Shamir transcript in the style of Merlin: the prover and the verifier append the same
// labelled messages in the same order and draw the same challenges from it, so a challenge
// depends on everything said before it, including the caller's context (a verifier's nonce and
// audience), and a proof cannot be replayed in another context.
//
// Construction (credchain/transcript/v1, docs/formats/range-proof.md §2): a 64-byte chaining
// state updated with SHA-512, every variable-length field length-prefixed with a u32 big-endian
// length lp(x) = u32(len(x)) ‖ x, and every operation tagged:
//   init:              S = SHA-512(lp("credchain/transcript/v1") ‖ lp(domain))
//   append(label, m):  S = SHA-512(S ‖ 0x01 ‖ lp(label) ‖ lp(m))
//   challenge(label):  S = SHA-512(S ‖ 0x02 ‖ lp(label));  out = SHA-512(S ‖ 0x03)
// A challenge scalar is out (64 bytes) reduced mod l. It is not byte-compatible with Merlin or
// STROBE; it does not need to be.
//
// Thread safety: a Transcript is a single-threaded value; copy it to fork.
#pragma once

#include <string_view>

#include "core/bytes.h"
#include "crypto/ristretto.h"

namespace credchain::crypto {

class Transcript {
 public:
  // `domain` names the protocol and its version, e.g. "credchain/predicate/v1".
  explicit Transcript(std::string_view domain);

  void AppendMessage(std::string_view label, core::ByteView message);
  void AppendMessage(std::string_view label, std::string_view message) {
    AppendMessage(label, core::AsBytes(message));
  }
  // The value as 8 big-endian bytes.
  void AppendU64(std::string_view label, uint64_t value);
  void AppendPoint(std::string_view label, const RistrettoPoint& point) {
    AppendMessage(label, point.bytes());
  }
  void AppendScalar(std::string_view label, const RistrettoScalar& scalar) {
    AppendMessage(label, scalar.bytes());
  }

  core::Bytes64 ChallengeBytes(std::string_view label);
  RistrettoScalar ChallengeScalar(std::string_view label);

  // The chaining state: public (a function of the public messages only). The range prover
  // hashes it into its nonce derivation so its randomness is bound to the statement.
  const core::Bytes64& state() const { return state_; }

 private:
  core::Bytes64 state_{};
};

}  // namespace credchain::crypto
