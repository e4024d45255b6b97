// Ed25519 verification, differential: Verify (libsodium's rules, then Crypto++'s ed25519-donna;
// ADR 0014), VerifyWithTable (the comb tables of ADR 0023) and VerifyMany must give libsodium's
// answer on any key, signature and message.
// Input: a mode byte, then
//   mode even: key (32) ‖ signature (64) ‖ message            (arbitrary bytes as they are)
//   mode odd:  seed (32) ‖ signature xor (64) ‖ key xor (32) ‖ message
//              (signs the message with the seed's key, then flips the given bits: the fuzzer
//               reaches valid signatures and near-misses of them)
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "crypto/ed25519.h"
#include "crypto/ed25519_comb.h"

using credchain::core::ByteView;
using credchain::crypto::PublicKey;
using credchain::crypto::Signature;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 + 32 + 64) return 0;
  const bool sign_first = data[0] & 1;
  const uint8_t* in = data + 1;
  PublicKey key;
  Signature sig;
  ByteView message;
  if (!sign_first) {
    std::copy(in, in + 32, key.bytes.begin());
    std::copy(in + 32, in + 96, sig.bytes.begin());
    message = ByteView(in + 96, size - 97);
  } else {
    if (size < 1 + 32 + 64 + 32) return 0;
    credchain::core::Bytes32 seed;
    std::copy(in, in + 32, seed.begin());
    const auto secret = credchain::crypto::SecretKey::FromSeed(seed);
    message = ByteView(in + 128, size - 129);
    sig = credchain::crypto::Sign(secret, message);
    key = secret.public_key();
    for (size_t i = 0; i < 64; ++i) sig.bytes[i] ^= in[32 + i];
    for (size_t i = 0; i < 32; ++i) key.bytes[i] ^= in[96 + i];
  }
  const bool expected = credchain::crypto::VerifyWithLibsodium(key, message, sig);
  if (credchain::crypto::VerifyUncached(key, message, sig) != expected) std::abort();
  const auto neg_a = credchain::crypto::ed25519_comb::CombTable::Build(key.bytes.data(), true);
  const bool with_table =
      neg_a != nullptr && credchain::crypto::VerifyWithTable(*neg_a, key, message, sig);
  if (with_table != expected) std::abort();
  // VerifyMany answers each of a batch as Verify does (twice the input: once a key has its
  // table, the two equations share an inversion).
  const credchain::crypto::VerifyRequest twice[] = {{&key, message, &sig}, {&key, message, &sig}};
  uint8_t ok[2];
  credchain::crypto::VerifyMany(twice, ok);
  if (ok[0] != expected || ok[1] != expected) std::abort();
  return 0;
}
