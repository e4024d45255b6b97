// SecureChannel: the record layer of an authenticated P2P connection (docs/formats/p2p.md).
//
// After the handshake each direction has its own 32-byte XChaCha20-Poly1305 key (from
// crypto_kx) and its own message counter, starting at 0. A record is
//   u32 sealed_length ‖ AEAD(key, nonce = CounterNonce(counter), plaintext = frame body,
//                            associated data = the 4 header bytes)
// and each record advances the sender's counter by one. The receiver opens with the counter it
// expects next, so a replayed, reordered, dropped, truncated or altered record fails
// authentication; after the first failure the channel refuses everything (the connection is
// closed — there is no resynchronisation).
//
// Thread safety: Seal and Open may run on different threads (they touch disjoint state), but
// each must be called from one thread at a time.
#pragma once

#include <cstdint>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/aead.h"

namespace credchain::node::p2p {

inline constexpr crypto::AeadAlgorithm kRecordAead = crypto::AeadAlgorithm::kXChaCha20Poly1305;

// Largest sealed length a receiver accepts for frame bodies of at most `max_body_bytes`.
inline uint32_t SealedLengthCap(uint32_t max_body_bytes) {
  return max_body_bytes + static_cast<uint32_t>(crypto::kAeadTagBytes);
}

class SecureChannel {
 public:
  SecureChannel(crypto::AeadKey send_key, crypto::AeadKey receive_key);

  // The whole record (header ‖ sealed body) for frame body `body` (not empty).
  core::Bytes Seal(core::ByteView body);

  // Opens the record whose 4 header bytes are `header` and whose sealed bytes follow.
  // Returns: the frame body, or Rejected(kBadSignature) when authentication fails (tampered,
  // replayed, reordered or truncated record, or an earlier failure on this channel),
  // Rejected(kMalformed) when `sealed` is shorter than a tag or the header does not announce
  // exactly sealed.size() bytes.
  core::Result<core::Bytes> Open(core::ByteView header, core::ByteView sealed);

  uint64_t records_sent() const { return send_counter_; }
  uint64_t records_received() const { return receive_counter_; }

 private:
  crypto::AeadKey send_key_;
  crypto::AeadKey receive_key_;
  uint64_t send_counter_ = 0;
  uint64_t receive_counter_ = 0;
  bool receive_failed_ = false;
};

}  // namespace credchain::node::p2p
