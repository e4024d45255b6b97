#include "crypto/predicate.h"

#include <gtest/gtest.h>

namespace credchain::crypto {
namespace {

constexpr uint64_t kDay20261201 = 20788;  // days since 1970-01-01

core::Bytes Nonce(uint8_t fill) { return core::Bytes(16, fill); }

struct Holder {
  PedersenOpening opening;
  RistrettoPoint commitment;  // what the issuer signed
};

Holder Issue(uint64_t value) {
  Holder h{NewPedersenOpening(value), {}};
  h.commitment = PedersenCommit(h.opening.value, h.opening.blinding);
  return h;
}

struct Verifier {
  std::string audience = "https://bank.example/verify";
  core::Bytes nonce = Nonce(7);
  core::Bytes binding = core::ToBytes("valid_until");
  PredicateContext context() const { return {audience, nonce, binding}; }
};

PredicateProof Prove(const Predicate& p, const Holder& h, const Verifier& v = {}) {
  auto proof = ProvePredicate(p, h.commitment, h.opening, v.context());
  EXPECT_TRUE(proof.ok()) << p.ToString() << ": " << proof.status();
  return proof.ok() ? std::move(proof).value() : PredicateProof{};
}

core::Status Verify(const PredicateProof& proof, const Holder& h, const Verifier& v = {}) {
  return VerifyPredicate(proof, h.commitment, v.context());
}

TEST(PredicateTest, ThresholdsHoldAtAndAroundTheEdges) {
  struct Case {
    Predicate predicate;
    uint64_t value;
  };
  const std::vector<Case> cases = {
      {Predicate::AtLeast(kDay20261201, 16), kDay20261201},
      {Predicate::AtLeast(kDay20261201, 16), kDay20261201 + 1},
      {Predicate::AtLeast(kDay20261201, 16), kDay20261201 + 65535},
      {Predicate::AtLeast(0, 8), 0},
      {Predicate::AtLeast(0, 64), UINT64_MAX},
      {Predicate::AtMost(10'000'000, 32), 0},  // fine below 100,000 yuan, in fen
      {Predicate::AtMost(10'000'000, 32), 10'000'000},
      {Predicate::AtMost(UINT64_MAX, 64), 0},
      {Predicate::AtMost(0, 8), 0},
      {Predicate::InRange(2, 4, 8), 3},  // grade ordinal between C and A
      {Predicate::InRange(3, 3, 8), 3},  // a = b
      {Predicate::InRange(0, UINT64_MAX, 64), 12345},
      {Predicate::InRange(0, 0, 8), 0},
  };
  for (const Case& c : cases) {
    const Holder h = Issue(c.value);
    const PredicateProof proof = Prove(c.predicate, h);
    EXPECT_EQ(proof.proofs.size(), c.predicate.proof_count());
    EXPECT_TRUE(Verify(proof, h).ok()) << c.predicate.ToString() << " v=" << c.value;
  }
}

TEST(PredicateTest, ZeroBlindingCommitmentsWork) {
  const Holder h{PedersenOpening{5, RistrettoScalar::Zero()},
                 PedersenCommit(5, RistrettoScalar::Zero())};
  EXPECT_TRUE(Verify(Prove(Predicate::InRange(5, 5, 8), h), h).ok());
}

TEST(PredicateTest, ProverRefusesFalseOrUnprovableStatements) {
  struct Case {
    Predicate predicate;
    uint64_t value;
  };
  const std::vector<Case> cases = {
      {Predicate::AtLeast(kDay20261201, 16), kDay20261201 - 1},
      {Predicate::AtLeast(100, 8), 100 + 256},  // true, but v - t does not fit in 8 bits
      {Predicate::AtMost(10'000'000, 32), 10'000'001},
      {Predicate::AtMost(UINT64_MAX, 32), 0},  // t - v needs 64 bits
      {Predicate::InRange(2, 4, 8), 1},
      {Predicate::InRange(2, 4, 8), 5},
  };
  for (const Case& c : cases) {
    const Holder h = Issue(c.value);
    auto proof = ProvePredicate(c.predicate, h.commitment, h.opening, Verifier().context());
    ASSERT_FALSE(proof.ok()) << c.predicate.ToString();
    EXPECT_EQ(proof.status().code(), core::StatusCode::kInvalidArgument);
    EXPECT_NE(proof.status().message().find("does not satisfy"), std::string::npos);
    EXPECT_EQ(proof.status().message().find(std::to_string(c.value) + " "), std::string::npos)
        << "the message must not contain the claim value: " << proof.status();
  }
}

TEST(PredicateTest, ProverRefusesInvalidPredicatesAndWrongOpenings) {
  const Holder h = Issue(50);
  const Verifier v;
  for (const Predicate& bad :
       {Predicate::AtLeast(1, 12), Predicate::InRange(9, 8, 8),
        Predicate{PredicateKind::kAtLeast, 8, 1, 2}, Predicate{PredicateKind::kAtMost, 8, 1, 2},
        Predicate{PredicateKind(9), 8, 0, 0}}) {
    EXPECT_EQ(ProvePredicate(bad, h.commitment, h.opening, v.context()).status().code(),
              core::StatusCode::kInvalidArgument)
        << bad.ToString();
  }
  const Holder other = Issue(50);
  auto wrong = ProvePredicate(Predicate::AtLeast(1, 8), other.commitment, h.opening, v.context());
  EXPECT_EQ(wrong.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(wrong.status().message().find("does not open"), std::string::npos);
}

TEST(PredicateTest, ProofOverAnotherCommitmentFails) {
  const Holder h = Issue(kDay20261201 + 30);
  const PredicateProof proof = Prove(Predicate::AtLeast(kDay20261201, 16), h);
  // The same value in another credential (another blinding), and a different value.
  EXPECT_EQ(Verify(proof, Issue(kDay20261201 + 30)).reject_code(), core::RejectCode::kBadProof);
  Holder shifted = h;
  shifted.commitment = h.commitment + RistrettoPoint::Base();
  EXPECT_EQ(Verify(proof, shifted).reject_code(), core::RejectCode::kBadProof);
}

TEST(PredicateTest, ProofIsBoundToNonceAudienceAndBinding) {
  const Holder h = Issue(3);
  const Verifier original;
  const PredicateProof proof = Prove(Predicate::AtLeast(2, 8), h, original);
  Verifier other_nonce, other_audience, other_binding;
  other_nonce.nonce = Nonce(8);
  other_audience.audience = "https://other-bank.example/verify";
  other_binding.binding = core::ToBytes("grade_ordinal");
  EXPECT_TRUE(Verify(proof, h, original).ok());
  for (const Verifier* v : {&other_nonce, &other_audience, &other_binding}) {
    EXPECT_EQ(Verify(proof, h, *v).reject_code(), core::RejectCode::kBadProof);
  }
}

TEST(PredicateTest, ProofDoesNotTransferToAnotherPredicate) {
  const Holder h = Issue(100);
  PredicateProof proof = Prove(Predicate::AtLeast(50, 8), h);
  for (const Predicate& other :
       {Predicate::AtLeast(49, 8), Predicate::AtLeast(51, 8), Predicate::AtMost(50, 8)}) {
    PredicateProof moved = proof;
    moved.predicate = other;
    EXPECT_EQ(Verify(moved, h).reject_code(), core::RejectCode::kBadProof) << other.ToString();
  }
  PredicateProof wider = proof;
  wider.predicate.bits = 16;  // a 16-bit statement needs a 16-bit proof
  EXPECT_EQ(Verify(wider, h).reject_code(), core::RejectCode::kMalformed);
  PredicateProof as_range = proof;
  as_range.predicate = Predicate::InRange(50, 200, 8);
  EXPECT_EQ(Verify(as_range, h).reject_code(), core::RejectCode::kMalformed);  // one proof only
  as_range.proofs.push_back(proof.proofs[0]);
  EXPECT_EQ(Verify(as_range, h).reject_code(), core::RejectCode::kBadProof);
}

TEST(PredicateTest, RangeSidesCannotBeSwappedOrMixed) {
  const Holder h = Issue(3);
  const PredicateProof proof = Prove(Predicate::InRange(2, 4, 8), h);
  PredicateProof swapped = proof;
  std::swap(swapped.proofs[0], swapped.proofs[1]);
  EXPECT_EQ(Verify(swapped, h).reject_code(), core::RejectCode::kBadProof);
  // The lower side of a proof with another upper bound.
  PredicateProof mixed = proof;
  mixed.proofs[0] = Prove(Predicate::InRange(2, 5, 8), h).proofs[0];
  EXPECT_EQ(Verify(mixed, h).reject_code(), core::RejectCode::kBadProof);
}

TEST(PredicateTest, VerifierRejectsInvalidPredicates) {
  const Holder h = Issue(3);
  PredicateProof proof = Prove(Predicate::AtLeast(2, 8), h);
  proof.predicate.upper = 1;
  EXPECT_EQ(Verify(proof, h).reject_code(), core::RejectCode::kInvalidField);
  proof.predicate = Predicate::AtLeast(2, 9);
  EXPECT_EQ(Verify(proof, h).reject_code(), core::RejectCode::kInvalidField);
}

TEST(PredicateTest, PresentationBatchVerifiesAndFailsAsAWhole) {
  const Holder grade = Issue(3), until = Issue(kDay20261201 + 200), fine = Issue(0);
  const Verifier v;
  const PredicateProof p1 = Prove(Predicate::AtLeast(2, 8), grade, v);
  const PredicateProof p2 = Prove(Predicate::AtLeast(kDay20261201, 16), until, v);
  const PredicateProof p3 = Prove(Predicate::InRange(0, 10'000'000, 32), fine, v);
  std::vector<PredicateStatement> all = {{&p1, grade.commitment, v.context()},
                                         {&p2, until.commitment, v.context()},
                                         {&p3, fine.commitment, v.context()}};
  EXPECT_TRUE(VerifyPredicates(all).ok());
  all[1].commitment = grade.commitment;  // p2 presented against another claim's commitment
  EXPECT_EQ(VerifyPredicates(all).reject_code(), core::RejectCode::kBadProof);
  EXPECT_TRUE(VerifyPredicates({}).ok());
}

}  // namespace
}  // namespace credchain::crypto
