#include "crypto/aead.h"

#include <sodium.h>

#include <cryptopp/gcm.h>
#include <cryptopp/sm4.h>

#include "core/check.h"
#include "crypto/random.h"
#include "crypto/sodium_init.h"

namespace credchain::crypto {
namespace {

static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == 24);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kAeadTagBytes);

constexpr size_t kSm4KeyBytes = 16;
constexpr size_t kSm4GcmNonceBytes = 12;

core::Status AuthenticationFailed() {
  return core::Status::Rejected(core::RejectCode::kBadSignature,
                                "AEAD authentication failed (wrong key, nonce or associated "
                                "data, or altered or truncated ciphertext)");
}

void SealXChaCha(const AeadKey& key, core::ByteView nonce, core::ByteView plaintext,
                 core::ByteView ad, uint8_t* out) {
  internal::EnsureSodiumInitialized();
  CHECK(crypto_aead_xchacha20poly1305_ietf_encrypt(out, nullptr, plaintext.data(), plaintext.size(),
                                                   ad.data(), ad.size(), nullptr, nonce.data(),
                                                   key.bytes().data()) == 0);
}

bool OpenXChaCha(const AeadKey& key, core::ByteView nonce, core::ByteView sealed, core::ByteView ad,
                 uint8_t* out) {
  internal::EnsureSodiumInitialized();
  return crypto_aead_xchacha20poly1305_ietf_decrypt(out, nullptr, nullptr, sealed.data(),
                                                    sealed.size(), ad.data(), ad.size(),
                                                    nonce.data(), key.bytes().data()) == 0;
}

// Crypto++ throws only on misuse (wrong key or IV length), which the callers rule out; the
// catch turns a surprise into a CHECK failure rather than an exception escaping our API.
void SealSm4Gcm(const AeadKey& key, core::ByteView nonce, core::ByteView plaintext,
                core::ByteView ad, uint8_t* out) {
  try {
    CryptoPP::GCM<CryptoPP::SM4>::Encryption gcm;
    gcm.SetKeyWithIV(key.bytes().data(), key.bytes().size(), nonce.data(), nonce.size());
    gcm.EncryptAndAuthenticate(out, out + plaintext.size(), kAeadTagBytes, nonce.data(),
                               static_cast<int>(nonce.size()), ad.data(), ad.size(),
                               plaintext.data(), plaintext.size());
  } catch (const CryptoPP::Exception&) {
    CHECK(false && "Crypto++ SM4-GCM encryption failed");
  }
}

bool OpenSm4Gcm(const AeadKey& key, core::ByteView nonce, core::ByteView sealed, core::ByteView ad,
                uint8_t* out) {
  const size_t text_size = sealed.size() - kAeadTagBytes;
  try {
    CryptoPP::GCM<CryptoPP::SM4>::Decryption gcm;
    gcm.SetKeyWithIV(key.bytes().data(), key.bytes().size(), nonce.data(), nonce.size());
    return gcm.DecryptAndVerify(out, sealed.data() + text_size, kAeadTagBytes, nonce.data(),
                                static_cast<int>(nonce.size()), ad.data(), ad.size(), sealed.data(),
                                text_size);
  } catch (const CryptoPP::Exception&) {
    return false;
  }
}

}  // namespace

std::string_view AeadAlgorithmName(AeadAlgorithm algorithm) {
  switch (algorithm) {
    case AeadAlgorithm::kXChaCha20Poly1305:
      return "xchacha20-poly1305";
    case AeadAlgorithm::kSm4Gcm:
      return "sm4-gcm";
  }
  return "unknown";
}

core::Result<AeadAlgorithm> ParseAeadAlgorithm(std::string_view name) {
  for (AeadAlgorithm a : {AeadAlgorithm::kXChaCha20Poly1305, AeadAlgorithm::kSm4Gcm}) {
    if (AeadAlgorithmName(a) == name) return a;
  }
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                "unknown AEAD algorithm (want xchacha20-poly1305 or sm4-gcm)");
}

size_t AeadKeyBytes(AeadAlgorithm algorithm) {
  return algorithm == AeadAlgorithm::kSm4Gcm ? kSm4KeyBytes
                                             : crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
}

size_t AeadNonceBytes(AeadAlgorithm algorithm) {
  return algorithm == AeadAlgorithm::kSm4Gcm ? kSm4GcmNonceBytes
                                             : crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
}

core::Result<AeadKey> AeadKey::FromBytes(AeadAlgorithm algorithm, core::ByteView key) {
  return FromSecret(algorithm, SecretBytes::CopyFrom(key));
}

core::Result<AeadKey> AeadKey::FromSecret(AeadAlgorithm algorithm, SecretBytes key) {
  if (key.size() != AeadKeyBytes(algorithm)) {
    return core::Status::InvalidArgument(std::string(AeadAlgorithmName(algorithm)) +
                                         " key must be " + std::to_string(AeadKeyBytes(algorithm)) +
                                         " bytes, got " + std::to_string(key.size()));
  }
  return AeadKey(algorithm, std::move(key));
}

AeadKey AeadKey::Generate(AeadAlgorithm algorithm) {
  return AeadKey(algorithm, SecretBytes::Random(AeadKeyBytes(algorithm)));
}

core::Bytes CounterNonce(AeadAlgorithm algorithm, uint64_t counter) {
  core::Bytes nonce(AeadNonceBytes(algorithm), 0);
  for (size_t i = 0; i < 8; ++i)
    nonce[nonce.size() - 1 - i] = static_cast<uint8_t>(counter >> (8 * i));
  return nonce;
}

core::Bytes RandomNonce(AeadAlgorithm algorithm) {
  core::Bytes nonce(AeadNonceBytes(algorithm));
  RandomBytes(nonce);
  return nonce;
}

core::Bytes AeadSeal(const AeadKey& key, core::ByteView nonce, core::ByteView plaintext,
                     core::ByteView associated_data) {
  CHECK(nonce.size() == AeadNonceBytes(key.algorithm()) && "AEAD nonce has the wrong length");
  core::Bytes out(plaintext.size() + kAeadTagBytes);
  if (key.algorithm() == AeadAlgorithm::kSm4Gcm) {
    SealSm4Gcm(key, nonce, plaintext, associated_data, out.data());
  } else {
    SealXChaCha(key, nonce, plaintext, associated_data, out.data());
  }
  return out;
}

core::Result<core::Bytes> AeadOpen(const AeadKey& key, core::ByteView nonce, core::ByteView sealed,
                                   core::ByteView associated_data) {
  if (nonce.size() != AeadNonceBytes(key.algorithm())) {
    return core::Status::Rejected(core::RejectCode::kMalformed, "AEAD nonce has the wrong length");
  }
  if (sealed.size() < kAeadTagBytes) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "AEAD ciphertext is shorter than its tag");
  }
  core::Bytes plaintext(sealed.size() - kAeadTagBytes);
  const bool ok = key.algorithm() == AeadAlgorithm::kSm4Gcm
                      ? OpenSm4Gcm(key, nonce, sealed, associated_data, plaintext.data())
                      : OpenXChaCha(key, nonce, sealed, associated_data, plaintext.data());
  if (!ok) {
    SecureZero(plaintext);
    return AuthenticationFailed();
  }
  return plaintext;
}

}  // namespace credchain::crypto
