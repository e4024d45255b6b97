// Block, QuorumCert and Receipt decoders on hostile input (the same bytes tried as each).
// Properties: no crash; whatever decodes re-encodes to exactly the input; a decoded block's id
// and tx root are computable.
#include <cstdint>
#include <cstdlib>

#include "core/codec.h"
#include "ledger/block.h"
#include "ledger/receipt.h"

using namespace credchain;

namespace {

template <typename T>
bool RoundTrips(core::ByteView input, T* out) {
  auto decoded = core::DecodeExact<T>(input);
  if (!decoded.ok()) return false;
  const core::Bytes again = core::EncodeToBytes(*decoded);
  if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  *out = std::move(decoded).value();
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const core::ByteView input(data, size);
  ledger::Block block;
  if (RoundTrips(input, &block)) {
    (void)ledger::BlockId(block.header);
    (void)ledger::ComputeTxRoot(block.header.suite, block.txs);
  }
  ledger::QuorumCert qc;
  RoundTrips(input, &qc);
  ledger::Receipt receipt;
  RoundTrips(input, &receipt);
  return 0;
}
