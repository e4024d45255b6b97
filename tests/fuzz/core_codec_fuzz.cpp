// Drives core::Reader with a script taken from the input itself: each step reads one field
// kind chosen by a byte, so every reader path (lengths, counts, tags, nesting, UTF-8, map
// order) meets hostile input. Properties: no crash; a successfully read string is valid UTF-8;
// re-encoding the successfully read fields reproduces the consumed bytes exactly.
#include <cstdint>
#include <cstdlib>

#include "core/codec.h"
#include "core/utf8.h"

using credchain::core::Bytes;
using credchain::core::ByteView;
using credchain::core::MapKeyOrder;
using credchain::core::Reader;
using credchain::core::Writer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t steps = data[0] % 16;
  Reader r(ByteView(data + 1, size - 1));
  Writer echo;
  MapKeyOrder order;
  int depth = 0;
  for (uint8_t i = 0; i < steps; ++i) {
    const size_t before = r.position();
    bool ok = true;
    switch ((before + i) % 9) {
      case 0: {
        auto v = r.ReadU8();
        ok = v.ok();
        if (ok) echo.PutU8(*v);
        break;
      }
      case 1: {
        auto v = r.ReadU16();
        ok = v.ok();
        if (ok) echo.PutU16(*v);
        break;
      }
      case 2: {
        auto v = r.ReadU64();
        ok = v.ok();
        if (ok) echo.PutU64(*v);
        break;
      }
      case 3: {
        auto v = r.ReadBool();
        ok = v.ok();
        if (ok) echo.PutBool(*v);
        break;
      }
      case 4: {
        auto v = r.ReadBytes(4096);
        ok = v.ok();
        if (ok) echo.PutBytes(*v);
        break;
      }
      case 5: {
        auto v = r.ReadString(4096);
        ok = v.ok();
        if (ok) {
          if (!credchain::core::IsValidUtf8(*v)) std::abort();
          echo.PutString(*v);
        }
        break;
      }
      case 6: {
        auto v = r.ReadCount(1000, 2);
        ok = v.ok();
        if (ok) echo.PutCount(*v);
        break;
      }
      case 7: {
        auto v = r.ReadFixed<32>();
        ok = v.ok();
        if (ok) {
          echo.PutFixed(*v);
          ok = order.Next(*v).ok();
        }
        break;
      }
      default:
        if (r.Enter().ok()) ++depth;
        if (depth > credchain::core::kMaxNestingDepth) std::abort();
        break;
    }
    if (!ok) break;
  }
  // Everything consumed by successful reads must re-encode byte for byte.
  const ByteView consumed(data + 1, echo.size());
  if (echo.size() > size - 1) std::abort();
  if (!std::equal(consumed.begin(), consumed.end(), echo.bytes().begin())) std::abort();
  return 0;
}
