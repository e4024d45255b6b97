#include "contracts/contract_state.h"

#include "ledger/state_view.h"

namespace credchain::contracts {

KeyBuilder& KeyBuilder::Str(std::string_view part) {
  w_.PutString(part);
  return *this;
}

KeyBuilder& KeyBuilder::U32(uint32_t part) {
  w_.PutU32(part);
  return *this;
}

KeyBuilder& KeyBuilder::U64(uint64_t part) {
  w_.PutU64(part);
  return *this;
}

KeyBuilder& KeyBuilder::Fixed(core::ByteView part) {
  w_.PutFixed(part);
  return *this;
}

core::Bytes32 ContractState::Key(std::string_view ns, core::ByteView key) const {
  return ledger::StateKey(suite_, ns, key);
}

core::Result<std::optional<core::Bytes>> ContractState::GetRaw(std::string_view ns,
                                                               core::ByteView key) const {
  return overlay_.Get(Key(ns, key));
}

void ContractState::PutRaw(std::string_view ns, core::ByteView key, core::Bytes value) {
  overlay_.Put(Key(ns, key), std::move(value));
}

void ContractState::Erase(std::string_view ns, core::ByteView key) {
  overlay_.Delete(Key(ns, key));
}

core::Result<bool> ContractState::Has(std::string_view ns, core::ByteView key) const {
  ASSIGN_OR_RETURN(std::optional<core::Bytes> raw, GetRaw(ns, key));
  return raw.has_value();
}

core::Result<uint64_t> ContractState::GetU64(std::string_view ns, core::ByteView key) const {
  ASSIGN_OR_RETURN(std::optional<core::Bytes> raw, GetRaw(ns, key));
  if (!raw) return uint64_t{0};
  core::Reader r(*raw);
  core::Result<uint64_t> value = r.ReadU64();
  if (!value.ok() || !r.ExpectEnd().ok()) {
    return CorruptValue(ns, core::Status::InvalidArgument("not an 8-byte integer"));
  }
  return value;
}

void ContractState::PutU64(std::string_view ns, core::ByteView key, uint64_t value) {
  core::Writer w;
  w.PutU64(value);
  PutRaw(ns, key, w.Take());
}

core::Status ContractState::CorruptValue(std::string_view ns, const core::Status& cause) {
  // DataLoss without a reject code: the executor aborts the block rather than rejecting a tx.
  return core::Status::DataLoss("state value in namespace " + std::string(ns) +
                                " does not decode: " + cause.message());
}

}  // namespace credchain::contracts
