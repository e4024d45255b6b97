// SmtProof decoder and verifier on hostile input. Input: 32-byte key ‖ proof encoding.
// Properties: no crash; a decoded proof re-encodes to the same bytes; the root a proof implies
// for the key (when it implies one) makes the proof verify, and any other root does not.
#include <cstdint>
#include <cstdlib>

#include "core/codec.h"
#include "ledger/smt_proof.h"

using namespace credchain;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 32) return 0;
  core::Bytes32 key;
  std::copy(data, data + 32, key.begin());
  const core::ByteView encoded(data + 32, size - 32);
  auto proof = core::DecodeExact<ledger::SmtProof>(encoded);
  if (!proof.ok()) return 0;
  const core::Bytes again = core::EncodeToBytes(*proof);
  if (!std::equal(again.begin(), again.end(), encoded.begin(), encoded.end())) std::abort();

  auto root = ledger::SmtProofRoot(*proof, key);
  if (!root.ok()) return 0;
  const bool shows_key = proof->leaf && proof->leaf->key == key;
  // Absence verifies against the implied root iff the proof does not show the key.
  const bool absent_ok = ledger::VerifySmtExclusion(proof->suite, *root, key, *proof).ok();
  if (absent_ok == shows_key) std::abort();
  core::Bytes32 other = *root;
  other[0] ^= 1;
  if (ledger::VerifySmtExclusion(proof->suite, other, key, *proof).ok()) std::abort();
  return 0;
}
