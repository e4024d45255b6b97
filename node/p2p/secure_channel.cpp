#include "node/p2p/secure_channel.h"

#include <string>

#include "core/check.h"
#include "node/p2p/frame.h"

namespace credchain::node::p2p {

SecureChannel::SecureChannel(crypto::AeadKey send_key, crypto::AeadKey receive_key)
    : send_key_(std::move(send_key)), receive_key_(std::move(receive_key)) {
  CHECK(send_key_.algorithm() == kRecordAead && receive_key_.algorithm() == kRecordAead);
}

core::Bytes SecureChannel::Seal(core::ByteView body) {
  CHECK(!body.empty());
  CHECK(body.size() <= UINT32_MAX - crypto::kAeadTagBytes);
  // 2^64 records cannot be sent in practice; wrapping would reuse a nonce, so it is a bug.
  CHECK(send_counter_ != UINT64_MAX);
  const auto sealed_length = static_cast<uint32_t>(body.size() + crypto::kAeadTagBytes);
  core::Bytes record;
  record.reserve(kFrameHeaderBytes + sealed_length);
  AppendFrameHeader(sealed_length, record);
  const core::Bytes nonce = crypto::CounterNonce(kRecordAead, send_counter_++);
  const core::Bytes sealed =
      crypto::AeadSeal(send_key_, nonce, body, core::ByteView(record).first(kFrameHeaderBytes));
  core::Append(record, sealed);
  return record;
}

core::Result<core::Bytes> SecureChannel::Open(core::ByteView header, core::ByteView sealed) {
  if (receive_failed_) {
    return core::Status::Rejected(core::RejectCode::kBadSignature,
                                  "record: channel closed after an authentication failure");
  }
  if (sealed.size() <= crypto::kAeadTagBytes) {
    return core::Status::Rejected(core::RejectCode::kMalformed, "record: shorter than a tag");
  }
  auto announced = ParseFrameHeader(header, UINT32_MAX);
  if (!announced.ok() || *announced != sealed.size()) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "record: header does not match the sealed length");
  }
  const core::Bytes nonce = crypto::CounterNonce(kRecordAead, receive_counter_);
  auto body = crypto::AeadOpen(receive_key_, nonce, sealed, header);
  if (!body.ok()) {
    receive_failed_ = true;
    return core::Status::Rejected(core::RejectCode::kBadSignature,
                                  "record " + std::to_string(receive_counter_) +
                                      ": authentication failed (tampered, replayed or reordered)");
  }
  ++receive_counter_;
  return body;
}

}  // namespace credchain::node::p2p
