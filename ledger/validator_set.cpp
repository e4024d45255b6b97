#include "ledger/validator_set.h"

namespace credchain::ledger {
namespace {

constexpr uint32_t kMaxValidators = 1024;
constexpr uint32_t kMaxDepartmentIdBytes = 64;
constexpr std::string_view kValidatorSetDomainTag = "credchain/validator-set/v1";

}  // namespace

std::optional<size_t> ValidatorSet::IndexOf(const crypto::PublicKey& key) const {
  for (size_t i = 0; i < validators.size(); ++i) {
    if (validators[i].key == key) return i;
  }
  return std::nullopt;
}

void ValidatorSet::EncodeTo(core::Writer& w) const {
  w.PutU64(epoch);
  w.PutCount(validators.size());
  for (const auto& v : validators) {
    w.PutString(v.department_id);
    w.PutFixed(v.key.bytes);
  }
}

core::Result<ValidatorSet> ValidatorSet::DecodeFrom(core::Reader& r) {
  ValidatorSet set;
  ASSIGN_OR_RETURN(set.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxValidators, 4 + 32));
  set.validators.resize(n);
  for (auto& v : set.validators) {
    ASSIGN_OR_RETURN(v.department_id, r.ReadString(kMaxDepartmentIdBytes));
    ASSIGN_OR_RETURN(v.key.bytes, r.ReadFixed<32>());
  }
  return set;
}

core::Bytes32 ValidatorSet::Hash(crypto::HashSuite suite) const {
  core::Writer w;
  w.PutFixed(core::AsBytes(kValidatorSetDomainTag));
  EncodeTo(w);
  return crypto::Hash(suite, w.bytes());
}

}  // namespace credchain::ledger
