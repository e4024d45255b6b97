// Hexadecimal text <-> bytes. Output is lowercase; input accepts either case but nothing else
// (no "0x" prefix, no whitespace, even length only).
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"

namespace credchain::core {

std::string HexEncode(ByteView data);

// Fails with RejectCode::kBadEncoding on odd length or a non-hex character.
Result<Bytes> HexDecode(std::string_view text);

// As HexDecode, and also requires exactly N bytes.
template <size_t N>
Result<FixedBytes<N>> HexDecodeFixed(std::string_view text) {
  ASSIGN_OR_RETURN(Bytes raw, HexDecode(text));
  FixedBytes<N> out;
  if (!CopyFixed(raw, &out)) {
    return Status::Rejected(
        RejectCode::kBadEncoding,
        "expected " + std::to_string(N) + " bytes of hex, got " + std::to_string(raw.size()));
  }
  return out;
}

}  // namespace credchain::core
