// P2P frame and handshake decoding on hostile input. Properties: no crash; the header check
// never accepts a length above the cap; a decoded body, Hello or Auth re-encodes to exactly the
// input (one encoding per message), and so does the whole frame.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "node/p2p/frame.h"
#include "node/p2p/handshake.h"

using namespace credchain;

template <typename T>
void RoundTrips(core::ByteView input) {
  auto value = core::DecodeExact<T>(input);
  if (!value.ok()) return;
  const core::Bytes again = core::EncodeToBytes(*value);
  if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const core::ByteView input(data, size);
  constexpr uint32_t kCap = 1 << 16;
  if (input.size() >= node::p2p::kFrameHeaderBytes) {
    auto length = node::p2p::ParseFrameHeader(input.first(node::p2p::kFrameHeaderBytes), kCap);
    if (length.ok()) {
      if (*length == 0 || *length > kCap) std::abort();
      const core::ByteView rest = input.subspan(node::p2p::kFrameHeaderBytes);
      if (rest.size() == *length) {
        auto framed = node::p2p::DecodeFrameBody(rest);
        if (framed.ok()) {
          const core::Bytes again = node::p2p::EncodeFrame(*framed);
          if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
        }
      }
    }
  }
  RoundTrips<node::p2p::Hello>(input);
  RoundTrips<node::p2p::Auth>(input);
  auto message = node::p2p::DecodeFrameBody(input);
  if (!message.ok()) return 0;
  const core::Bytes again = node::p2p::EncodeFrameBody(*message);
  if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  return 0;
}
