// The P2P handshake (docs/formats/p2p.md): ephemeral X25519 (crypto_kx) plus a transcript each
// side signs with its static Ed25519 node key, then an allow-list check of the peer's key.
//
//   1. both sides send Hello {u16 version, chain_id, ephemeral X25519 public key} in a plain
//      frame (u32 length ‖ hello, at most kMaxHelloBytes);
//   2. on the peer's Hello: the version and chain id must match ours (else kUnsupportedVersion /
//      kWrongChain), then session keys come from crypto_kx — the dialing side is the kx client
//      (kBadKey for a low-order ephemeral key) — and a SecureChannel is set up;
//   3. both sides send Auth {u16 version, static Ed25519 key, signature} as the first sealed
//      record (counter 0) of the channel. The signature is over
//        "credchain/handshake/v1" ‖ u32 len ‖ chain_id ‖ u8 signer role ‖
//        initiator ephemeral key ‖ responder ephemeral key ‖ signer's static key
//      (role 1 = initiator, 2 = responder, so an Auth cannot be reflected back);
//   4. on the peer's Auth: the record must open (else kBadSignature — a man in the middle who
//      swapped an ephemeral key cannot produce it), the signature must verify, the key must not
//      be our own, must equal the expected key when we dialed a known peer, and must pass the
//      allow-list (kUnknownSigner).
// The peer's key is then authenticated and the channel carries frames (node/p2p/frame.h).
//
// Handshake is a pure state machine (no sockets, no clock) so it is tested and fuzzed directly;
// node/p2p/connection.h drives it over TCP with a timeout. Thread safety: single-threaded.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/kx.h"
#include "node/p2p/secure_channel.h"

namespace credchain::node::p2p {

inline constexpr std::string_view kHandshakeDomainTag = "credchain/handshake/v1";
inline constexpr uint16_t kHandshakeVersion = 1;
inline constexpr uint32_t kMaxHelloBytes = 128;
inline constexpr uint32_t kAuthBytes = 2 + 32 + 64;

enum class HandshakeRole : uint8_t { kInitiator = 1, kResponder = 2 };

struct Hello {
  uint16_t version = kHandshakeVersion;
  std::string chain_id;
  crypto::KxPublicKey ephemeral;

  void EncodeTo(core::Writer& w) const;
  static core::Result<Hello> DecodeFrom(core::Reader& r);
  friend bool operator==(const Hello&, const Hello&) = default;
};

struct Auth {
  uint16_t version = kHandshakeVersion;
  crypto::PublicKey node_key;
  crypto::Signature signature;

  void EncodeTo(core::Writer& w) const;
  static core::Result<Auth> DecodeFrom(core::Reader& r);
  friend bool operator==(const Auth&, const Auth&) = default;
};

core::Bytes HandshakeTranscript(std::string_view chain_id, HandshakeRole signer,
                                const crypto::KxPublicKey& initiator_ephemeral,
                                const crypto::KxPublicKey& responder_ephemeral,
                                const crypto::PublicKey& signer_key);

// Decides whether a node key may connect: Ok, or Rejected(kUnknownSigner, ...). Called on the
// thread that runs the handshake.
using PeerAuthorizer = std::function<core::Status(const crypto::PublicKey&)>;

struct HandshakeOptions {
  std::string chain_id;
  HandshakeRole role = HandshakeRole::kInitiator;
  const crypto::SecretKey* node_key = nullptr;  // must outlive the handshake
  PeerAuthorizer authorize;
  std::optional<crypto::PublicKey> expected_peer;  // set when dialing a configured key
};

class Handshake {
 public:
  Handshake(HandshakeOptions options, crypto::KxKeyPair ephemeral);

  // Our Hello as a complete plain frame (header ‖ hello).
  core::Bytes HelloFrame() const;
  // The peer's Hello (the frame body). Errors as in the file comment; after an error the
  // handshake is dead.
  core::Status OnHello(core::ByteView body);
  // Our Auth as the channel's first record. Requires a successful OnHello.
  core::Bytes AuthRecord();
  // The peer's Auth record (header, sealed bytes). Returns the peer's authenticated key.
  core::Result<crypto::PublicKey> OnAuthRecord(core::ByteView header, core::ByteView sealed);

  // The channel, for the frames after the handshake (and for tests that need to seal records).
  // Requires a successful OnHello.
  SecureChannel& channel();
  // Gives up the channel. Requires a successful OnAuthRecord.
  std::unique_ptr<SecureChannel> TakeChannel();

 private:
  core::Bytes Transcript(HandshakeRole signer, const crypto::PublicKey& key) const;
  core::Status CheckPeerKey(const crypto::PublicKey& key) const;

  HandshakeOptions options_;
  crypto::KxKeyPair ephemeral_;
  std::optional<crypto::KxPublicKey> peer_ephemeral_;
  std::unique_ptr<SecureChannel> channel_;
  bool failed_ = false;
  bool authenticated_ = false;
};

}  // namespace credchain::node::p2p
