#include "crypto/kx.h"

#include <sodium.h>

#include "core/check.h"
#include "core/hex.h"
#include "crypto/random.h"
#include "crypto/sodium_init.h"

namespace credchain::crypto {
namespace {

static_assert(crypto_kx_PUBLICKEYBYTES == kKxPublicKeyBytes);
static_assert(crypto_kx_SESSIONKEYBYTES == kKxSessionKeyBytes);
static_assert(crypto_kx_SEEDBYTES == 32);

core::Status LowOrderKey() {
  return core::Status::Rejected(core::RejectCode::kBadKey,
                                "X25519 peer key is of low order (all-zero shared secret)");
}

// crypto_kx fails only when X25519 yields the all-zero point, which happens exactly for the
// low-order inputs; libsodium also refuses the known low-order encodings up front.
using SessionFn = int (*)(unsigned char*, unsigned char*, const unsigned char*,
                          const unsigned char*, const unsigned char*);

core::Result<KxSessionKeys> Derive(SessionFn fn, const KxKeyPair& own, const KxPublicKey& peer) {
  internal::EnsureSodiumInitialized();
  KxSessionKeys keys{SecretBytes(kKxSessionKeyBytes), SecretBytes(kKxSessionKeyBytes)};
  if (fn(keys.rx.data(), keys.tx.data(), own.public_key().bytes.data(), own.secret_key().data(),
         peer.bytes.data()) != 0) {
    return LowOrderKey();
  }
  return keys;
}

}  // namespace

std::string KxPublicKey::ToHex() const { return core::HexEncode(bytes); }

KxKeyPair KxKeyPair::Generate() {
  core::Bytes32 seed = RandomFixed<32>();
  KxKeyPair pair = FromSeed(seed);
  SecureZero(seed);
  return pair;
}

KxKeyPair KxKeyPair::FromSeed(const core::Bytes32& seed) {
  internal::EnsureSodiumInitialized();
  KxKeyPair pair;
  pair.secret_key_ = SecretBytes(crypto_kx_SECRETKEYBYTES);
  CHECK(crypto_kx_seed_keypair(pair.public_key_.bytes.data(), pair.secret_key_.data(),
                               seed.data()) == 0);
  return pair;
}

core::Result<KxSessionKeys> ClientSessionKeys(const KxKeyPair& client,
                                              const KxPublicKey& server_key) {
  return Derive(&crypto_kx_client_session_keys, client, server_key);
}

core::Result<KxSessionKeys> ServerSessionKeys(const KxKeyPair& server,
                                              const KxPublicKey& client_key) {
  return Derive(&crypto_kx_server_session_keys, server, client_key);
}

}  // namespace credchain::crypto
