// Decodes arbitrary bytes as a PredicateProof (crypto/predicate.h). Properties: no crash; a
// decoded proof re-encodes to the same bytes; a decoded 8-bit proof is verified against the
// golden pred_in_range statement (tests/vectors/range_proof_golden.txt) and may only verify if
// it is the golden proof itself. 16- to 64-bit proofs are only decoded, to keep executions fast.
#include <cstdint>
#include <cstdlib>

#include "core/hex.h"
#include "crypto/predicate.h"

using credchain::crypto::PredicateContext;
using credchain::crypto::PredicateProof;
using credchain::crypto::RistrettoPoint;

namespace {

constexpr char kGoldenCommitmentHex[] =
    "bc1d6a8c8efba1b04df5bbcd55f2847fbd1ab4c8af05ebcd743571da4c9f793c";
constexpr char kGoldenProofHex[] =
    "000103080000000000000002000000000000000400000002000001e036c4676d"
    "d63e0541ebd0d5b8b39182068e03bcd8cd583be29ea06ffa95d04d3e5c4665e5"
    "9ab20bafcb3ed5bf4b4e7c8191bc4b1bd96e57349b26e3e154ba3704f0fce1ca"
    "6d20a477fb664cb3e1a5d802ff1e18db35feb5652a87bebf9c4acd7aea0d486d"
    "1d1393a11aa422b28445caf61eed486ec75b1fddf0279a2d731fe53a563d8db2"
    "7a603edc267587fffcb73c01084be752fcb6679cdc8fb97471d8ce0031c9047e"
    "eb7c47f92998a1fca260b460c0b5ba9b206a4f31a7f6db7c9ef5090c7f8b0b92"
    "5413b4261f2d044899bd584f0c3611a2562345f77c72cee8572c6906de5f0809"
    "8ad20d7f5f5f27914132dd1447a2ba399260bd5fe9c80641938dfd4e22771860"
    "b1023ba4d30bc7158c80610408ff71e3a5c922dc88441ad462df210456ee7371"
    "714401990e88a6d413715b0be4655929bfefa7544f60a979ff79cf7a700c0c50"
    "1456ab870ff15aa5b1ea922cf6b06c34bac75849ae88f3c4dd45b60d80538fa8"
    "38bed345c355b1937edd3b1ad78289e0e02d1b4b229d2e195ab9847706a41806"
    "e3afdd048864dd3359a084ba14454f87fcfd43f516ed53e9b604472c77fce36b"
    "fb23eef4c14edab4966ee772412c2f4daed7d4bcb8c39a9f1f37120ccd46bcdd"
    "c1d7798b7edd2f5ba0907c5840c8b1aa5a13bbd2b9aa6e4f2cc86b0f000001e0"
    "5e0f433f7778a98b56ae18d1331c0acaa3e68fe860a1e187e799857a1285ea73"
    "8ae9c308fa33b0a34300760d796eacd920f608c047139a1e0087b68a8c95210a"
    "10e3f996d8424bc3a16fad5e51133eebe64364e4cc9186a5e667e9611b424a11"
    "18efb8889b4be0a616419340325190969888fb798251a8fcdaca21f48872f42c"
    "f581c8f193acde25659b549527c226676a0851b24c7701c846190c5ed0812f09"
    "e7396fab19121fc5db1ccf5117479808a98c98ef3d41e3572da7705ce456870e"
    "94546f8bc4dd991785e2ed1458bdf54c4fd2d043101b92cc5ff2d41a4975320f"
    "1eb509c4e3ea9fa3e5bc2c63061f918262dc1040b81ad84911cf0f9f123c4974"
    "1add850a2b1ef1f8c5751095740ccd9e3699e71ff1e2defeeaacec9cb21dc936"
    "52e73e9ad265ac7082bf11ede67bd82ab490d522226fa93eca60a79687940f14"
    "3070aef58730d0a5a68f032723ac751984711fb30d84435b4523297fb4280d54"
    "1ad9fb64b9682629fa268cf48e32a0e3fe019bbac885a30ff98d4e622216000c"
    "50bbda35b513a90676ef2d6c3821f65339a06315f267125df49536fe62f57a57"
    "29451d556344d9be016628ec5437440ba0ffc7b7d4aaf84de1e18328bfcc6f0d"
    "f510e1ae3bf6b7fba3e38d2ad3c66160eeabfcc50b5f9233faf60f9b6d232d04";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const credchain::core::ByteView input(data, size);
  const auto proof = PredicateProof::Decode(input);
  if (!proof.ok()) return 0;
  const credchain::core::Bytes again = proof->Encode();
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  if (proof->predicate.bits != 8) return 0;
  static const RistrettoPoint commitment =
      RistrettoPoint::FromBytes(credchain::core::HexDecode(kGoldenCommitmentHex).value()).value();
  uint8_t nonce[16];
  for (uint8_t i = 0; i < 16; ++i) nonce[i] = i;
  const PredicateContext context{"https://bank.example/verify",
                                 credchain::core::ByteView(nonce, 16),
                                 credchain::core::AsBytes("grade_ordinal")};
  const auto status = credchain::crypto::VerifyPredicate(*proof, commitment, context);
  // Only the golden proof itself may verify: any other accepted input is a forgery.
  if (status.ok() && credchain::core::HexEncode(input) != kGoldenProofHex) std::abort();
  return 0;
}
