// Typed access to contract state: namespaced keys and canonical-encoded values.
//
// Every contract value lives at ledger::StateKey(suite, namespace, key) where `namespace` is one
// of the names in contracts/state_namespaces.h and `key` is built with KeyBuilder from typed
// parts, so the sparse-Merkle key of any record can be recomputed by a proof builder or an
// offline verifier from the same parts (docs/formats/state-layout.md). Values are the canonical
// encoding (core/codec.h) of a record type T with EncodeTo/DecodeFrom.
//
// A stored value that does not decode is corrupt state, not bad input: Get<T> returns
// Status::DataLoss (reject_code kNone), which aborts execution of the block instead of turning
// into a transaction rejection that would differ between a healthy and a corrupted node.
// Thread safety: not thread-safe; used by one executing thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "contracts/state_overlay.h"
#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/hash.h"

namespace credchain::contracts {

// Builds the key bytes of a record from typed parts: strings as u32 length + UTF-8 (so parts
// can never run into each other), integers fixed-width big-endian, fixed-size bytes raw.
class KeyBuilder {
 public:
  // CHECKs valid UTF-8: key parts come from decoded payloads or our own constants.
  KeyBuilder& Str(std::string_view part);
  KeyBuilder& U32(uint32_t part);
  KeyBuilder& U64(uint64_t part);
  KeyBuilder& Fixed(core::ByteView part);
  core::Bytes Take() { return w_.Take(); }

 private:
  core::Writer w_;
};

class ContractState {
 public:
  ContractState(crypto::HashSuite suite, StateOverlay& overlay)
      : suite_(suite), overlay_(overlay) {}

  crypto::HashSuite suite() const { return suite_; }
  // The 256-bit state key of (namespace, key).
  core::Bytes32 Key(std::string_view ns, core::ByteView key) const;

  core::Result<std::optional<core::Bytes>> GetRaw(std::string_view ns, core::ByteView key) const;
  void PutRaw(std::string_view ns, core::ByteView key, core::Bytes value);
  void Erase(std::string_view ns, core::ByteView key);
  core::Result<bool> Has(std::string_view ns, core::ByteView key) const;

  template <typename T>
  core::Result<std::optional<T>> Get(std::string_view ns, core::ByteView key) const {
    ASSIGN_OR_RETURN(std::optional<core::Bytes> raw, GetRaw(ns, key));
    if (!raw) return std::optional<T>();
    core::Result<T> decoded = core::DecodeExact<T>(*raw);
    if (!decoded.ok()) return CorruptValue(ns, decoded.status());
    return std::optional<T>(std::move(decoded).value());
  }
  template <typename T>
  void Put(std::string_view ns, core::ByteView key, const T& value) {
    PutRaw(ns, key, core::EncodeToBytes(value));
  }

  // u64 values (counters, sequences) stored as 8 bytes big-endian; absent reads as 0.
  core::Result<uint64_t> GetU64(std::string_view ns, core::ByteView key) const;
  void PutU64(std::string_view ns, core::ByteView key, uint64_t value);

 private:
  static core::Status CorruptValue(std::string_view ns, const core::Status& cause);

  crypto::HashSuite suite_;
  StateOverlay& overlay_;
};

}  // namespace credchain::contracts
