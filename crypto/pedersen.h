// Pedersen commitments on ristretto255: C = v·G + r·H (generators in crypto/generators.h).
//
// An issuer commits to a provable claim value v (an unsigned 64-bit integer: a date as days
// since 1970-01-01, an amount in fen, a grade ordinal) with a fresh uniformly random blinding r,
// signs C into the credential and gives the holder the opening (v, r). C hides v perfectly and
// binds the issuer to v under the discrete-log assumption. Commitments are additively
// homomorphic: C - t·G is a commitment to v - t with the same blinding, which is how predicate
// proofs shift a threshold into the commitment (crypto/predicate.h).
//
// v = 0 and r = 0 are valid inputs (the identity is handled, see crypto/ristretto.h).
// All functions are thread-safe. Blindings are secrets: wipe them when done.
#pragma once

#include "crypto/ristretto.h"

namespace credchain::crypto {

struct PedersenOpening {
  uint64_t value = 0;
  RistrettoScalar blinding;

  void SecureWipe() {
    value = 0;
    blinding.SecureWipe();
  }
};

// v·G + r·H.
RistrettoPoint PedersenCommit(uint64_t value, const RistrettoScalar& blinding);
RistrettoPoint PedersenCommit(const RistrettoScalar& value, const RistrettoScalar& blinding);

// An opening of `value` with a fresh blinding from the OS CSPRNG.
PedersenOpening NewPedersenOpening(uint64_t value);

// True iff `opening` opens `commitment`. The comparison is constant-time.
[[nodiscard]] bool PedersenOpens(const RistrettoPoint& commitment, const PedersenOpening& opening);

}  // namespace credchain::crypto
