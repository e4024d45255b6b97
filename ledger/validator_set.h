// The validator set of one epoch: the departments whose nodes vote, in a fixed order.
//
// Index i in `validators` is the bit position used in QC signer bitmaps. Voting power is equal;
// with n = 3f + 1 validators a quorum is n - f (= 2f + 1 when n = 3f + 1).
// Thread safety: plain value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"

namespace credchain::ledger {

struct Validator {
  std::string department_id;  // e.g. "samr-nj" (市场监管局)
  crypto::PublicKey key;      // consensus (node) key
  friend bool operator==(const Validator&, const Validator&) = default;
};

struct ValidatorSet {
  uint64_t epoch = 0;
  std::vector<Validator> validators;

  size_t size() const { return validators.size(); }
  size_t max_faulty() const { return validators.empty() ? 0 : (validators.size() - 1) / 3; }
  size_t quorum() const { return validators.size() - max_faulty(); }
  std::optional<size_t> IndexOf(const crypto::PublicKey& key) const;

  void EncodeTo(core::Writer& w) const;
  static core::Result<ValidatorSet> DecodeFrom(core::Reader& r);
  // Suite hash of the encoding; carried in every block header.
  core::Bytes32 Hash(crypto::HashSuite suite) const;
  friend bool operator==(const ValidatorSet&, const ValidatorSet&) = default;
};

}  // namespace credchain::ledger
