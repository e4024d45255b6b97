// Internal to crypto/: what the range prover (range_prover.cpp) and verifier
// (range_verifier.cpp) share, so that both drive the transcript identically. Pure functions.
#pragma once

#include <span>
#include <vector>

#include "core/status.h"
#include "crypto/ristretto.h"
#include "crypto/transcript.h"

namespace credchain::crypto::internal {

// Ok iff bits in {8,16,32,64} and aggregation in {1,2,4,8}; otherwise InvalidArgument (a
// prover's caller passed bad arguments) or Rejected(kInvalidField) (a verifier's input).
enum class ParameterError { kInvalidArgument, kRejected };
core::Status CheckRangeParameters(size_t bits, size_t aggregation, ParameterError error);

// append("protocol", "credchain/bulletproofs/rangeproof/v1"), append_u64("n", bits),
// append_u64("m", m), append("V", V_j) for each commitment in order.
void AppendRangeStatement(Transcript& transcript, size_t bits,
                          std::span<const RistrettoPoint> commitments);

// [1, x, x^2, ..., x^(count-1)].
std::vector<RistrettoScalar> Powers(const RistrettoScalar& x, size_t count);

// log2 of a power of two.
size_t Log2(size_t power_of_two);

}  // namespace credchain::crypto::internal
