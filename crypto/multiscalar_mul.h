// Multi-scalar multiplication  k_B·B + sum(k_i·P_i)  over libsodium's public ristretto255 API.
//
// The public API has no multi-scalar multiplication and works on encoded points, so every
// operation decodes its inputs and encodes its output; bucket methods (Straus, Pippenger) need
// many cheap additions and lose here, because an addition costs a third of a multiplication.
// The cheapest evaluation the API allows is therefore one multiplication and one addition per
// distinct base, minus what can be skipped:
//   - all terms on the base point B are merged into one fixed-base multiplication (about 3x
//     cheaper than a variable-base one);
//   - terms with scalar 0 (or on the identity) are dropped, scalars 1 and -1 become a plain
//     addition or subtraction;
//   - the first product starts the sum (no addition to the identity).
// Callers merge terms that share a base before adding them (one AddTerm per distinct point):
// the range-proof verifier sums all coefficients of each generator first.
//
// Thread safety: a single-threaded value.
#pragma once

#include <vector>

#include "crypto/ristretto.h"

namespace credchain::crypto {

// Group operations an evaluation performed (for tests and benchmarks).
struct MsmCounts {
  size_t variable_mults = 0;
  size_t base_mults = 0;
  size_t additions = 0;  // additions and subtractions
};

class MultiscalarMul {
 public:
  MultiscalarMul() = default;
  explicit MultiscalarMul(size_t expected_terms) { terms_.reserve(expected_terms); }

  // Adds k·B (merged with earlier base terms).
  void AddBaseTerm(const RistrettoScalar& k) { base_scalar_ += k; }
  // Adds k·p; `p` is copied.
  void AddTerm(const RistrettoScalar& k, const RistrettoPoint& p) { terms_.push_back({k, p}); }

  size_t term_count() const { return terms_.size(); }

  // The sum. If `counts` is given, the operations performed are added to it.
  RistrettoPoint Evaluate(MsmCounts* counts = nullptr) const;

 private:
  struct Term {
    RistrettoScalar scalar;
    RistrettoPoint point;
  };
  RistrettoScalar base_scalar_;
  std::vector<Term> terms_;
};

}  // namespace credchain::crypto
