// DecodedCache<T>: the decoding of a state value that many transactions of a block read but none
// writes (a schema record, the rule book), kept so the same bytes are not decoded once per
// transaction.
//
// The key is the exact encoded bytes, compared in full, never a hash or the state key: the result
// is by construction core::DecodeExact<T> of those bytes, whatever version of state they came
// from, so a cached answer can never differ from a fresh decoding (decoding is a pure function of
// the bytes). Only successful decodings are kept; a value that does not decode is decoded (and
// fails) every time. Each thread keeps its own few slots (round-robin replacement), so no lock is
// taken and nothing is shared between the executing thread and REST readers.
// Thread safety: safe from any thread (per-thread slots).
// GetDecodedShared<T> reads a state value through the cache.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "contracts/contract_state.h"
#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"

namespace credchain::contracts {

template <typename T>
class DecodedCache {
 public:
  static constexpr size_t kSlots = 4;
  // Larger encodings are decoded every time rather than kept (bounds the memory per thread).
  static constexpr size_t kMaxCachedBytes = size_t{256} << 10;

  // core::DecodeExact<T>(raw), shared; errors are DecodeExact's.
  static core::Result<std::shared_ptr<const T>> Decode(core::ByteView raw) {
    thread_local Slots slots;
    for (const Slot& slot : slots.entries) {
      if (slot.value != nullptr && slot.raw.size() == raw.size() &&
          (raw.empty() || std::memcmp(slot.raw.data(), raw.data(), raw.size()) == 0)) {
        return slot.value;
      }
    }
    ASSIGN_OR_RETURN(T decoded, core::DecodeExact<T>(raw));
    auto value = std::make_shared<const T>(std::move(decoded));
    if (raw.size() <= kMaxCachedBytes) {
      Slot& slot = slots.entries[slots.next];
      slots.next = (slots.next + 1) % kSlots;
      slot.raw.assign(raw.begin(), raw.end());
      slot.value = value;
    }
    return value;
  }

 private:
  struct Slot {
    core::Bytes raw;
    std::shared_ptr<const T> value;  // null: empty slot
  };
  struct Slots {
    std::array<Slot, kSlots> entries;
    size_t next = 0;
  };
};

// ContractState::Get<T> through DecodedCache<T>: null when absent; a stored value that does not
// decode is DataLoss (corrupt state), exactly as Get<T> reports it.
template <typename T>
core::Result<std::shared_ptr<const T>> GetDecodedShared(const ContractState& state,
                                                        std::string_view ns, core::ByteView key) {
  ASSIGN_OR_RETURN(std::optional<core::Bytes> raw, state.GetRaw(ns, key));
  if (!raw) return std::shared_ptr<const T>();
  core::Result<std::shared_ptr<const T>> decoded = DecodedCache<T>::Decode(*raw);
  if (!decoded.ok()) {
    return core::Status::DataLoss("state value in namespace " + std::string(ns) +
                                  " does not decode: " + decoded.status().message());
  }
  return decoded;
}

}  // namespace credchain::contracts
