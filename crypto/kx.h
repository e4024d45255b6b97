// X25519 key exchange (libsodium crypto_kx) for the P2P handshake (DESIGN.md §9).
//
// Each side makes an ephemeral KxKeyPair, sends its public key, and derives two 32-byte session
// keys from its own key pair and the peer's public key: `tx` to encrypt what it sends and `rx`
// to decrypt what it receives. The client's tx equals the server's rx and vice versa, so the
// caller must know which role it plays (the side that opened the TCP connection is the client).
// Keys are BLAKE2b-512(X25519(sk, peer_pk) ‖ client_pk ‖ server_pk), split in two halves.
//
// A peer public key that is of low order (or otherwise yields the all-zero shared secret) is
// rejected with Rejected(kBadKey): such a key would let an attacker force a known session key.
// Authentication is NOT part of this: the handshake must sign the transcript with the nodes'
// Ed25519 keys, or a man in the middle can run two exchanges.
//
// Thread safety: all functions are thread-safe; a KxKeyPair is a move-only value.
#pragma once

#include <string>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/secret.h"

namespace credchain::crypto {

inline constexpr size_t kKxPublicKeyBytes = 32;
inline constexpr size_t kKxSessionKeyBytes = 32;

struct KxPublicKey {
  core::Bytes32 bytes{};
  friend auto operator<=>(const KxPublicKey&, const KxPublicKey&) = default;
  std::string ToHex() const;
};

class KxKeyPair {
 public:
  // A fresh key pair from the OS CSPRNG (one per connection).
  static KxKeyPair Generate();
  // Deterministic key pair from a 32-byte seed (tests and vectors only).
  static KxKeyPair FromSeed(const core::Bytes32& seed);

  const KxPublicKey& public_key() const { return public_key_; }
  // The 32-byte X25519 secret scalar; zeroed when the pair is destroyed.
  const SecretBytes& secret_key() const { return secret_key_; }

 private:
  KxKeyPair() = default;
  KxPublicKey public_key_;
  SecretBytes secret_key_;
};

struct KxSessionKeys {
  SecretBytes rx;  // decrypts what the peer sends (kKxSessionKeyBytes)
  SecretBytes tx;  // encrypts what we send (kKxSessionKeyBytes)
};

// Session keys of the connecting side.
// Returns: the keys, or Rejected(kBadKey) if `server_key` is a low-order point.
// Args:    client      our ephemeral key pair
//          server_key  the server's ephemeral public key, as received
core::Result<KxSessionKeys> ClientSessionKeys(const KxKeyPair& client,
                                              const KxPublicKey& server_key);

// Session keys of the accepting side.
// Returns: the keys, or Rejected(kBadKey) if `client_key` is a low-order point.
// Args:    server      our ephemeral key pair
//          client_key  the client's ephemeral public key, as received
core::Result<KxSessionKeys> ServerSessionKeys(const KxKeyPair& server,
                                              const KxPublicKey& client_key);

}  // namespace credchain::crypto
