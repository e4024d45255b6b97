// Payload codecs: every transaction kind's payload is a struct P with
//   void EncodeTo(core::Writer&) const;  static core::Result<P> DecodeFrom(core::Reader&);
// whose encoding starts with a u16 format version (currently 1 for every kind), followed by
// the fields in declaration order (docs/formats/payloads.md). DecodeFrom enforces every
// structural rule that needs no state (sizes, enum tags, sorted and unique lists), so a payload
// that decodes is well-formed and Encode(Decode(b)) == b.
// Thread safety: pure functions.
#pragma once

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"

namespace credchain::contracts {

inline constexpr uint16_t kPayloadFormatVersion = 1;

// Decodes exactly one P from `payload`; errors are Rejected(kMalformed|kTooLarge|
// kUnsupportedVersion|kInvalidField, "payload: ...").
template <typename P>
core::Result<P> DecodePayload(core::ByteView payload) {
  core::Result<P> decoded = core::DecodeExact<P>(payload);
  if (!decoded.ok()) return decoded.status().WithContext("payload");
  return decoded;
}

// Decode then re-encode: the canonical bytes of a payload, or why it is not one. Used by the
// dispatch table (mempool admission, fuzzing).
template <typename P>
core::Result<core::Bytes> CanonicalPayload(core::ByteView payload) {
  ASSIGN_OR_RETURN(P decoded, DecodePayload<P>(payload));
  return core::EncodeToBytes(decoded);
}

}  // namespace credchain::contracts
