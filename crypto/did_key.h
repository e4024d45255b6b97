// did:key identifiers for Ed25519 public keys (W3C CCG did:key method, v0.7).
//
//   did:key:z<base58btc(0xed 0x01 ‖ public key (32 bytes))>     e.g. did:key:z6Mk...
//
// 0xed 0x01 is the unsigned-varint multicodec `ed25519-pub`; 'z' is the multibase prefix of
// base58btc. Holders and verifiers are named by did:key where no on-chain identity exists.
// Decoding is strict: only the bare DID (no path, query or fragment), only the ed25519-pub
// multicodec, exactly 32 key bytes, the one canonical base58 form, and a public key that
// passes ValidatePublicKey (canonical, prime order). Failures are Rejected(kBadEncoding) for
// text that is not such a did:key and Rejected(kBadKey) for a well-formed DID of a bad key.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::crypto {

inline constexpr std::string_view kDidKeyPrefix = "did:key:z";

// "did:key:z6Mk…" (56 characters).
std::string EncodeDidKey(const PublicKey& key);

// The verification method id of a did:key: "<did>#<multibase key>" (the DID's own suffix).
std::string DidKeyVerificationMethod(const PublicKey& key);

// Returns: the public key named by `did`, or Rejected(kBadEncoding | kBadKey) with the reason.
core::Result<PublicKey> DecodeDidKey(std::string_view did);

}  // namespace credchain::crypto
