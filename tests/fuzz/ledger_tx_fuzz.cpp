// SignedTx decoder on hostile input. Properties: no crash; a decoded transaction re-encodes to
// exactly the input (canonical: one encoding per value) and has a computable id and preimage.
#include <cstdint>
#include <cstdlib>

#include "core/codec.h"
#include "ledger/tx.h"

using namespace credchain;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const core::ByteView input(data, size);
  auto stx = core::DecodeExact<ledger::SignedTx>(input);
  if (!stx.ok()) return 0;
  const core::Bytes again = core::EncodeToBytes(*stx);
  if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  if (again.size() > ledger::kMaxTxBytes) std::abort();
  const core::Bytes preimage = ledger::TxSigningPreimage(stx->tx);
  if (preimage.size() <= again.size() - 64) std::abort();  // tag + chain id + the tx encoding
  (void)ledger::TxId(crypto::HashSuite::kSha256, stx->tx);
  return 0;
}
