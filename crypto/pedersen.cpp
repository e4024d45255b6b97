#include "crypto/pedersen.h"

#include "crypto/generators.h"
#include "crypto/random.h"

namespace credchain::crypto {

RistrettoPoint PedersenCommit(uint64_t value, const RistrettoScalar& blinding) {
  return PedersenCommit(RistrettoScalar::FromU64(value), blinding);
}

RistrettoPoint PedersenCommit(const RistrettoScalar& value, const RistrettoScalar& blinding) {
  return RistrettoPoint::BaseMul(value) + blinding * PedersenBlindingGenerator();
}

PedersenOpening NewPedersenOpening(uint64_t value) {
  return PedersenOpening{value, RistrettoScalar::Random()};
}

bool PedersenOpens(const RistrettoPoint& commitment, const PedersenOpening& opening) {
  const RistrettoPoint expected = PedersenCommit(opening.value, opening.blinding);
  return ConstantTimeEqual(expected.bytes(), commitment.bytes());
}

}  // namespace credchain::crypto
