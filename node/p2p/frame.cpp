#include "node/p2p/frame.h"

#include <string>

#include "core/check.h"
#include "core/codec.h"

namespace credchain::node::p2p {
namespace {

constexpr uint8_t kMaxFrameType = static_cast<uint8_t>(FrameType::kTxs);
constexpr size_t kMinSignedTxBytes = 64;  // at least its signature

struct PayloadEncoder {
  core::Writer& w;
  void operator()(const Ping& m) const { w.PutU64(m.nonce); }
  void operator()(const Pong& m) const { w.PutU64(m.nonce); }
  void operator()(const PeerStatus& m) const {
    w.PutU16(m.version);
    w.PutU64(m.epoch);
    w.PutU64(m.committed_height);
  }
  void operator()(const consensus::ConsensusMessage& m) const { m.EncodeTo(w); }
  void operator()(const TxBatch& m) const {
    w.PutCount(m.txs.size());
    for (const auto& stx : m.txs) stx.EncodeTo(w);
  }
};

core::Result<TxBatch> DecodeTxBatch(core::Reader& r) {
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxGossipTxs, kMinSignedTxBytes));
  if (n == 0) return core::Status::Rejected(core::RejectCode::kMalformed, "txs: empty batch");
  TxBatch batch;
  batch.txs.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    auto stx = ledger::SignedTx::DecodeFrom(r);
    if (!stx.ok()) return stx.status().WithContext("txs[" + std::to_string(i) + "]");
    batch.txs.push_back(std::move(*stx));
  }
  return batch;
}

core::Result<PeerStatus> DecodeStatus(core::Reader& r) {
  PeerStatus status;
  ASSIGN_OR_RETURN(status.version, r.ReadVersion(kStatusFormatVersion));
  ASSIGN_OR_RETURN(status.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(status.committed_height, r.ReadU64());
  return status;
}

core::Result<Message> DecodePayload(FrameType type, core::Reader& r) {
  switch (type) {
    case FrameType::kPing: {
      ASSIGN_OR_RETURN(uint64_t nonce, r.ReadU64());
      return Message{Ping{nonce}};
    }
    case FrameType::kPong: {
      ASSIGN_OR_RETURN(uint64_t nonce, r.ReadU64());
      return Message{Pong{nonce}};
    }
    case FrameType::kStatus: {
      ASSIGN_OR_RETURN(PeerStatus status, DecodeStatus(r));
      return Message{status};
    }
    case FrameType::kConsensus: {
      ASSIGN_OR_RETURN(consensus::ConsensusMessage m, consensus::ConsensusMessage::DecodeFrom(r));
      return Message{std::move(m)};
    }
    case FrameType::kTxs: {
      ASSIGN_OR_RETURN(TxBatch batch, DecodeTxBatch(r));
      return Message{std::move(batch)};
    }
  }
  return core::Status::Rejected(core::RejectCode::kMalformed, "frame: unknown type");
}

}  // namespace

std::string_view FrameTypeName(FrameType type) {
  switch (type) {
    case FrameType::kPing:
      return "ping";
    case FrameType::kPong:
      return "pong";
    case FrameType::kStatus:
      return "status";
    case FrameType::kConsensus:
      return "consensus";
    case FrameType::kTxs:
      return "txs";
  }
  return "unknown";
}

core::Bytes EncodeFrameBody(const Message& message) {
  core::Writer w;
  w.PutU8(static_cast<uint8_t>(message.type()));
  std::visit(PayloadEncoder{w}, message.body);
  return w.Take();
}

core::Result<Message> DecodeFrameBody(core::ByteView body) {
  core::Reader r(body);
  auto tag = r.ReadU8();
  if (!tag.ok()) return tag.status().WithContext("frame type");
  if (*tag == 0 || *tag > kMaxFrameType) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "frame: unknown type " + std::to_string(*tag));
  }
  const auto type = static_cast<FrameType>(*tag);
  auto message = DecodePayload(type, r);
  if (!message.ok()) return message.status().WithContext(FrameTypeName(type));
  RETURN_IF_ERROR(r.ExpectEnd().WithContext(FrameTypeName(type)));
  return message;
}

void AppendFrameHeader(uint32_t body_bytes, core::Bytes& out) {
  out.push_back(static_cast<uint8_t>(body_bytes >> 24));
  out.push_back(static_cast<uint8_t>(body_bytes >> 16));
  out.push_back(static_cast<uint8_t>(body_bytes >> 8));
  out.push_back(static_cast<uint8_t>(body_bytes));
}

core::Bytes EncodeFrame(const Message& message) {
  const core::Bytes body = EncodeFrameBody(message);
  CHECK(body.size() <= UINT32_MAX);
  core::Bytes out;
  out.reserve(kFrameHeaderBytes + body.size());
  AppendFrameHeader(static_cast<uint32_t>(body.size()), out);
  core::Append(out, body);
  return out;
}

core::Result<uint32_t> ParseFrameHeader(core::ByteView header, uint32_t max_body_bytes) {
  if (header.size() != kFrameHeaderBytes) {
    return core::Status::Rejected(core::RejectCode::kMalformed, "frame header: need 4 bytes");
  }
  const uint32_t length = (uint32_t{header[0]} << 24) | (uint32_t{header[1]} << 16) |
                          (uint32_t{header[2]} << 8) | uint32_t{header[3]};
  if (length == 0) {
    return core::Status::Rejected(core::RejectCode::kMalformed, "frame header: empty frame");
  }
  if (length > max_body_bytes) {
    return core::Status::Rejected(core::RejectCode::kTooLarge,
                                  "frame header: " + std::to_string(length) +
                                      " bytes announced, limit " + std::to_string(max_body_bytes));
  }
  return length;
}

}  // namespace credchain::node::p2p
