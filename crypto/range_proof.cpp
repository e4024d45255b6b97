#include "crypto/range_proof.h"

#include <string>

#include "core/check.h"
#include "crypto/range_proof_common.h"

namespace credchain::crypto {
namespace internal {

core::Status CheckRangeParameters(size_t bits, size_t aggregation, ParameterError error) {
  std::string problem;
  if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
    problem = "range proof: bit size " + std::to_string(bits) + " not one of 8, 16, 32, 64";
  } else if (aggregation != 1 && aggregation != 2 && aggregation != 4 && aggregation != 8) {
    problem =
        "range proof: " + std::to_string(aggregation) + " commitments; a proof covers 1, 2, 4 or 8";
  } else {
    return core::Status::Ok();
  }
  return error == ParameterError::kRejected
             ? core::Status::Rejected(core::RejectCode::kInvalidField, problem)
             : core::Status::InvalidArgument(problem);
}

void AppendRangeStatement(Transcript& transcript, size_t bits,
                          std::span<const RistrettoPoint> commitments) {
  transcript.AppendMessage("protocol", "credchain/bulletproofs/rangeproof/v1");
  transcript.AppendU64("n", bits);
  transcript.AppendU64("m", commitments.size());
  for (const RistrettoPoint& v : commitments) transcript.AppendPoint("V", v);
}

std::vector<RistrettoScalar> Powers(const RistrettoScalar& x, size_t count) {
  std::vector<RistrettoScalar> out(count);
  if (count == 0) return out;
  out[0] = RistrettoScalar::One();
  for (size_t i = 1; i < count; ++i) out[i] = out[i - 1] * x;
  return out;
}

size_t Log2(size_t power_of_two) {
  CHECK(power_of_two != 0 && (power_of_two & (power_of_two - 1)) == 0);
  size_t k = 0;
  while ((size_t(1) << k) < power_of_two) ++k;
  return k;
}

}  // namespace internal

namespace {

core::Status Malformed(const std::string& detail) {
  return core::Status::Rejected(core::RejectCode::kMalformed, "range proof: " + detail);
}

class ElementReader {
 public:
  explicit ElementReader(core::ByteView bytes) : bytes_(bytes) {}
  core::Result<RistrettoPoint> Point(const std::string& name) {
    auto p = RistrettoPoint::FromBytes(Next());
    if (!p.ok()) return Malformed(name + ": " + p.status().message());
    return p;
  }
  core::Result<RistrettoScalar> Scalar(const std::string& name) {
    auto s = RistrettoScalar::FromCanonicalBytes(Next());
    if (!s.ok()) return Malformed(name + ": " + s.status().message());
    return s;
  }

 private:
  core::ByteView Next() {
    core::ByteView out = bytes_.subspan(pos_, kRangeProofElementBytes);
    pos_ += kRangeProofElementBytes;
    return out;
  }
  core::ByteView bytes_;
  size_t pos_ = 0;
};

}  // namespace

size_t RangeProofSize(size_t bits, size_t aggregation) {
  return kRangeProofElementBytes * (9 + 2 * internal::Log2(bits * aggregation));
}

size_t RangeProofVerifierTerms(size_t bits, size_t aggregation) {
  // G_i, H_i; L_j, R_j; V_j; A, S, T1, T2; B and the blinding generator.
  const size_t nm = bits * aggregation;
  return 2 * nm + 2 * internal::Log2(nm) + aggregation + 4 + 2;
}

core::Bytes RangeProof::Encode() const {
  core::Bytes out;
  out.reserve(kRangeProofElementBytes * (9 + 2 * rounds()));
  for (const RistrettoPoint* p : {&a, &s, &t1, &t2}) core::Append(out, p->bytes());
  for (const RistrettoScalar* k : {&t_x, &t_x_blinding, &e_blinding}) core::Append(out, k->bytes());
  for (size_t j = 0; j < rounds(); ++j) {
    core::Append(out, ipp.l[j].bytes());
    core::Append(out, ipp.r[j].bytes());
  }
  core::Append(out, ipp.a.bytes());
  core::Append(out, ipp.b.bytes());
  return out;
}

core::Result<RangeProof> RangeProof::Decode(core::ByteView bytes) {
  const size_t elements = bytes.size() / kRangeProofElementBytes;
  if (bytes.size() % kRangeProofElementBytes != 0 || elements < 9 || (elements - 9) % 2 != 0) {
    return Malformed("length " + std::to_string(bytes.size()) + " is not 32·(9 + 2k) bytes");
  }
  const size_t rounds = (elements - 9) / 2;
  if (rounds < kMinRangeProofRounds || rounds > kMaxRangeProofRounds) {
    return Malformed(std::to_string(rounds) + " inner-product rounds; expected 3 to 9");
  }
  ElementReader in(bytes);
  RangeProof proof;
  ASSIGN_OR_RETURN(proof.a, in.Point("A"));
  ASSIGN_OR_RETURN(proof.s, in.Point("S"));
  ASSIGN_OR_RETURN(proof.t1, in.Point("T1"));
  ASSIGN_OR_RETURN(proof.t2, in.Point("T2"));
  ASSIGN_OR_RETURN(proof.t_x, in.Scalar("t_x"));
  ASSIGN_OR_RETURN(proof.t_x_blinding, in.Scalar("t_x_blinding"));
  ASSIGN_OR_RETURN(proof.e_blinding, in.Scalar("e_blinding"));
  for (size_t j = 0; j < rounds; ++j) {
    ASSIGN_OR_RETURN(RistrettoPoint l, in.Point("L[" + std::to_string(j) + "]"));
    ASSIGN_OR_RETURN(RistrettoPoint r, in.Point("R[" + std::to_string(j) + "]"));
    proof.ipp.l.push_back(l);
    proof.ipp.r.push_back(r);
  }
  ASSIGN_OR_RETURN(proof.ipp.a, in.Scalar("a"));
  ASSIGN_OR_RETURN(proof.ipp.b, in.Scalar("b"));
  return proof;
}

}  // namespace credchain::crypto
