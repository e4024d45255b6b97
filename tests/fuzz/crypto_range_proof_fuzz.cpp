// Decodes arbitrary bytes as a range proof (crypto/range_proof.h). Properties: no crash; a
// decoded proof re-encodes to the same bytes; a decoded proof of the 8-bit single-value shape is
// verified against the golden rp8 statement (tests/vectors/range_proof_golden.txt) and may only
// verify if it is the golden proof itself. Larger shapes are only decoded, to keep each
// execution well under a few milliseconds.
#include <cstdint>
#include <cstdlib>

#include "core/hex.h"
#include "crypto/range_proof.h"

using credchain::crypto::RangeProof;
using credchain::crypto::RistrettoPoint;
using credchain::crypto::Transcript;

namespace {

// The golden rp8 statement: its commitment and context (range_proof_golden_test.cpp).
const RistrettoPoint& GoldenCommitment() {
  static const RistrettoPoint v =
      RistrettoPoint::FromBytes(
          credchain::core::HexDecode(
              "2cfc4caac4eedfbb0eeb299d31117a6745f92abf8bc24e6ea68c2700664a9837")
              .value())
          .value();
  return v;
}

Transcript GoldenContext() {
  Transcript t("credchain/test/rangeproof/v1");
  uint8_t nonce[16];
  for (uint8_t i = 0; i < 16; ++i) nonce[i] = i;
  t.AppendMessage("nonce", credchain::core::ByteView(nonce, 16));
  t.AppendMessage("audience", "https://bank.example/verify");
  return t;
}

// The golden rp8 proof (the seed corpus file rp8).
constexpr char kGoldenProofHex[] =
    "e60b55d4c9f569b7af372237e4a9c4f8e488b5fb9483a77d0f27108d0def0f6a"
    "e8ea8254f0b2d7effdd090ad25083c5fa5d41a3f822de81240d5b7a7dff55150"
    "7c045599a0356551879ab3e9933a556937775c5c06bcb37f6fa805fe361f4e39"
    "8492479114fd67dc29269f592bb9329b525288b09e1d3dcef11fdf59b36ad516"
    "da64353f30139cacd0ac43b0ac28fe32e8e5bb583799711950c4d14602f8fd05"
    "5d5e67f02254fb4a81dff5098b211cc61e44ff8707657aa432dbc65fd663070c"
    "6665b562759c134f4c528b349c67ea3e86097aa131511d09c9aa821976d97e02"
    "ca98bbfafd91a307d5380f06b84c5c703e2f790ecc723d65b6afaf93029d4539"
    "caca2ab140900f3c2b5e045d37b7c8b640adf0cef9084aa0f52d5b698eeb7553"
    "3ec95bee03b6abdcb59171d83bb9aed2a9dc32e4932bea0c2a2111242d8ca247"
    "e86fd33efa9393c9e4816197fd1bd6443a6881249e55d4359e90acc921d6d812"
    "70663d575b1c7ae9196c2a98a848334f93f5d50fa12cd79b2dcca144b2721312"
    "d6013662398b18aae08977c240337140389c3becc34f6a9f5d3085d80a3f4557"
    "355e49845fed5aa5d1356af1d082beb8ab141e646dde367fd20ede3a0db5a204"
    "70897e1cfc51980bb7a01720df0275ccc6bc2a0d225379a430f83a327790ea02";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const credchain::core::ByteView input(data, size);
  const auto proof = RangeProof::Decode(input);
  if (!proof.ok()) return 0;
  const credchain::core::Bytes again = proof->Encode();
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  if (proof->rounds() != 3) return 0;
  Transcript t = GoldenContext();
  const RistrettoPoint commitments[1] = {GoldenCommitment()};
  const auto status = credchain::crypto::VerifyRangeProof(t, *proof, commitments, 8);
  // Only the golden proof itself may verify: any other accepted input is a forgery.
  if (status.ok() && credchain::core::HexEncode(input) != kGoldenProofHex) std::abort();
  return 0;
}
