#include "contracts/governance_observers.h"

#include <algorithm>

#include "contracts/domain_codec.h"
#include "contracts/key_codec.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

constexpr std::string_view kObserversName = "observers";

core::Bytes IndexKey() { return KeyBuilder().Str(kObserversName).Take(); }

}  // namespace

void ObserverOwner::EncodeTo(core::Writer& w) const {
  w.PutString(name);
  w.PutString(code);
}

core::Result<ObserverOwner> ObserverOwner::DecodeFrom(core::Reader& r) {
  ObserverOwner o;
  ASSIGN_OR_RETURN(o.name, ReadText(r, kMaxObserverOwnerNameBytes, "observer.owner_name"));
  ASSIGN_OR_RETURN(o.code, ReadCode(r, "observer.owner_code"));
  return o;
}

void ObserverNode::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  EncodeKey(w, key);
  owner.EncodeTo(w);
  w.PutU64(registered_height);
}

core::Result<ObserverNode> ObserverNode::DecodeFrom(core::Reader& r) {
  ObserverNode n;
  ASSIGN_OR_RETURN(n.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(n.key, DecodeKey(r, "observer.key"));
  ASSIGN_OR_RETURN(n.owner, ObserverOwner::DecodeFrom(r));
  ASSIGN_OR_RETURN(n.registered_height, r.ReadU64());
  return n;
}

void ObserverIndex::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  EncodeKeySet(w, keys);
}

core::Result<ObserverIndex> ObserverIndex::DecodeFrom(core::Reader& r) {
  ObserverIndex index;
  ASSIGN_OR_RETURN(index.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(index.keys, DecodeKeySet(r, kMaxObservers, "observers"));
  return index;
}

core::Result<std::optional<ObserverNode>> ReadObserver(const ContractState& s,
                                                       const crypto::PublicKey& key) {
  return s.Get<ObserverNode>(ns::kObserver, key.bytes);
}

core::Result<ObserverIndex> ReadObserverIndex(const ContractState& s) {
  ASSIGN_OR_RETURN(auto index, s.Get<ObserverIndex>(ns::kGovMeta, IndexKey()));
  return index.value_or(ObserverIndex{});
}

core::Status WriteObserver(ContractState& s, const ObserverNode& node) {
  ASSIGN_OR_RETURN(ObserverIndex index, ReadObserverIndex(s));
  auto pos = std::lower_bound(index.keys.begin(), index.keys.end(), node.key);
  if (pos == index.keys.end() || *pos != node.key) index.keys.insert(pos, node.key);
  s.Put(ns::kObserver, node.key.bytes, node);
  s.Put(ns::kGovMeta, IndexKey(), index);
  return core::Status::Ok();
}

core::Status EraseObserver(ContractState& s, const crypto::PublicKey& key) {
  ASSIGN_OR_RETURN(ObserverIndex index, ReadObserverIndex(s));
  auto pos = std::lower_bound(index.keys.begin(), index.keys.end(), key);
  if (pos == index.keys.end() || *pos != key) return core::Status::Ok();
  index.keys.erase(pos);
  s.Erase(ns::kObserver, key.bytes);
  s.Put(ns::kGovMeta, IndexKey(), index);
  return core::Status::Ok();
}

core::Result<std::vector<crypto::PublicKey>> ReadObserverKeys(const ledger::StateReader& state,
                                                              crypto::HashSuite suite) {
  StateOverlay overlay(state);
  ContractState view(suite, overlay);
  ASSIGN_OR_RETURN(ObserverIndex index, ReadObserverIndex(view));
  return std::move(index.keys);
}

core::Result<std::vector<ObserverNode>> ReadObservers(const ledger::StateReader& state,
                                                      crypto::HashSuite suite) {
  StateOverlay overlay(state);
  ContractState view(suite, overlay);
  ASSIGN_OR_RETURN(ObserverIndex index, ReadObserverIndex(view));
  std::vector<ObserverNode> out;
  for (const auto& key : index.keys) {
    ASSIGN_OR_RETURN(std::optional<ObserverNode> node, ReadObserver(view, key));
    if (!node) return core::Status::DataLoss("observer index names a missing observer");
    out.push_back(std::move(*node));
  }
  return out;
}

}  // namespace credchain::contracts
