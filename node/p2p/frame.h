// P2P frames: what two authenticated nodes exchange after the handshake (docs/formats/p2p.md).
//
// A frame on the wire is   u32 length ‖ body,   body = u8 type ‖ canonical payload.
// The length is checked against the receiver's cap (and against the 1-byte minimum) from the
// four header bytes alone, before any buffer for the body is allocated; a peer announcing more
// is refused with Rejected(kTooLarge) and disconnected. After the handshake every body travels
// AEAD-sealed (node/p2p/secure_channel.h): the header then carries the sealed length.
//
// Payloads:
//   kPing / kPong   u64 nonce (liveness; a pong echoes the ping's nonce)
//   kStatus         u16 version ‖ u64 epoch ‖ u64 committed_height (sent after connecting and
//                   after each commit, so a node that is behind knows whom to sync from)
//   kConsensus      consensus::ConsensusMessage (docs/formats/consensus-messages.md)
//   kTxs            u32 count (1..kMaxGossipTxs) ‖ count × SignedTx (mempool gossip)
// Decoding is strict: unknown type, bad payload or trailing bytes = Rejected(kMalformed), so
// Encode(Decode(b)) == b.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "consensus/messages.h"
#include "core/bytes.h"
#include "core/result.h"
#include "ledger/tx.h"

namespace credchain::node::p2p {

inline constexpr size_t kFrameHeaderBytes = 4;
inline constexpr uint32_t kMaxGossipTxs = 4'096;
inline constexpr uint16_t kStatusFormatVersion = 1;

enum class FrameType : uint8_t {
  kPing = 1,
  kPong = 2,
  kStatus = 3,
  kConsensus = 4,
  kTxs = 5,
};

struct Ping {
  uint64_t nonce = 0;
  friend bool operator==(const Ping&, const Ping&) = default;
};

struct Pong {
  uint64_t nonce = 0;
  friend bool operator==(const Pong&, const Pong&) = default;
};

struct PeerStatus {
  uint16_t version = kStatusFormatVersion;
  uint64_t epoch = 0;
  uint64_t committed_height = 0;
  friend bool operator==(const PeerStatus&, const PeerStatus&) = default;
};

struct TxBatch {
  std::vector<ledger::SignedTx> txs;
  friend bool operator==(const TxBatch&, const TxBatch&) = default;
};

// One frame's content. The variant index + 1 is the FrameType.
struct Message {
  std::variant<Ping, Pong, PeerStatus, consensus::ConsensusMessage, TxBatch> body;

  FrameType type() const { return static_cast<FrameType>(body.index() + 1); }
  friend bool operator==(const Message&, const Message&) = default;
};

// "ping", "pong", "status", "consensus", "txs".
std::string_view FrameTypeName(FrameType type);

// u8 type ‖ payload.
core::Bytes EncodeFrameBody(const Message& message);
// Ok or Rejected(kMalformed | kTooLarge | kUnsupportedVersion, reason).
core::Result<Message> DecodeFrameBody(core::ByteView body);

// u32 length ‖ body. CHECKs that the body fits in u32.
core::Bytes EncodeFrame(const Message& message);
// Appends the header for a body of `body_bytes` to `out`.
void AppendFrameHeader(uint32_t body_bytes, core::Bytes& out);

// The body length announced by a 4-byte header: Rejected(kMalformed) for 0 (a frame has at
// least its type byte), Rejected(kTooLarge) above `max_body_bytes`.
core::Result<uint32_t> ParseFrameHeader(core::ByteView header, uint32_t max_body_bytes);

}  // namespace credchain::node::p2p
