#include "crypto/multiscalar_mul.h"

#include <optional>

namespace credchain::crypto {

RistrettoPoint MultiscalarMul::Evaluate(MsmCounts* counts) const {
  MsmCounts local;
  const RistrettoScalar one = RistrettoScalar::One();
  const RistrettoScalar minus_one = -one;
  std::optional<RistrettoPoint> sum;
  auto accumulate = [&](const RistrettoPoint& p) {
    if (sum) {
      *sum += p;
      ++local.additions;
    } else {
      sum = p;
    }
  };
  if (!base_scalar_.IsZero()) {
    sum = RistrettoPoint::BaseMul(base_scalar_);
    ++local.base_mults;
  }
  for (const Term& term : terms_) {
    if (term.scalar.IsZero() || term.point.IsIdentity()) continue;
    if (term.scalar == one) {
      accumulate(term.point);
    } else if (term.scalar == minus_one) {
      if (sum) {
        *sum -= term.point;
        ++local.additions;
      } else {
        sum = -term.point;
        ++local.additions;
      }
    } else {
      accumulate(term.scalar * term.point);
      ++local.variable_mults;
    }
  }
  if (counts != nullptr) {
    counts->variable_mults += local.variable_mults;
    counts->base_mults += local.base_mults;
    counts->additions += local.additions;
  }
  return sum.value_or(RistrettoPoint::Identity());
}

}  // namespace credchain::crypto
