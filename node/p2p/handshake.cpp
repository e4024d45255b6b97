#include "node/p2p/handshake.h"

#include "core/check.h"
#include "node/p2p/frame.h"

namespace credchain::node::p2p {
namespace {

constexpr uint32_t kMaxChainIdBytes = 64;

core::Status Dead() { return core::Status::FailedPrecondition("handshake: already failed"); }

HandshakeRole PeerRole(HandshakeRole ours) {
  return ours == HandshakeRole::kInitiator ? HandshakeRole::kResponder : HandshakeRole::kInitiator;
}

}  // namespace

void Hello::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(chain_id);
  w.PutFixed(ephemeral.bytes);
}

core::Result<Hello> Hello::DecodeFrom(core::Reader& r) {
  Hello hello;
  ASSIGN_OR_RETURN(hello.version, r.ReadVersion(kHandshakeVersion));
  ASSIGN_OR_RETURN(hello.chain_id, r.ReadString(kMaxChainIdBytes));
  ASSIGN_OR_RETURN(hello.ephemeral.bytes, r.ReadFixed<32>());
  return hello;
}

void Auth::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutFixed(node_key.bytes);
  w.PutFixed(signature.bytes);
}

core::Result<Auth> Auth::DecodeFrom(core::Reader& r) {
  Auth auth;
  ASSIGN_OR_RETURN(auth.version, r.ReadVersion(kHandshakeVersion));
  ASSIGN_OR_RETURN(auth.node_key.bytes, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(auth.signature.bytes, r.ReadFixed<64>());
  return auth;
}

core::Bytes HandshakeTranscript(std::string_view chain_id, HandshakeRole signer,
                                const crypto::KxPublicKey& initiator_ephemeral,
                                const crypto::KxPublicKey& responder_ephemeral,
                                const crypto::PublicKey& signer_key) {
  core::Writer w;
  w.PutFixed(core::AsBytes(kHandshakeDomainTag));
  w.PutString(chain_id);
  w.PutU8(static_cast<uint8_t>(signer));
  w.PutFixed(initiator_ephemeral.bytes);
  w.PutFixed(responder_ephemeral.bytes);
  w.PutFixed(signer_key.bytes);
  return w.Take();
}

Handshake::Handshake(HandshakeOptions options, crypto::KxKeyPair ephemeral)
    : options_(std::move(options)), ephemeral_(std::move(ephemeral)) {
  CHECK(options_.node_key != nullptr && !options_.node_key->empty());
  CHECK(options_.authorize != nullptr);
}

core::Bytes Handshake::HelloFrame() const {
  Hello hello;
  hello.chain_id = options_.chain_id;
  hello.ephemeral = ephemeral_.public_key();
  const core::Bytes body = core::EncodeToBytes(hello);
  core::Bytes frame;
  AppendFrameHeader(static_cast<uint32_t>(body.size()), frame);
  core::Append(frame, body);
  return frame;
}

core::Status Handshake::OnHello(core::ByteView body) {
  if (failed_ || peer_ephemeral_) return Dead();
  failed_ = true;  // until everything below passes
  auto hello = core::DecodeExact<Hello>(body);
  if (!hello.ok()) return hello.status().WithContext("hello");
  if (hello->chain_id != options_.chain_id) {
    return core::Status::Rejected(core::RejectCode::kWrongChain,
                                  "hello: peer is on chain \"" + hello->chain_id + "\"");
  }
  auto keys = options_.role == HandshakeRole::kInitiator
                  ? crypto::ClientSessionKeys(ephemeral_, hello->ephemeral)
                  : crypto::ServerSessionKeys(ephemeral_, hello->ephemeral);
  if (!keys.ok()) return keys.status().WithContext("hello: ephemeral key");
  auto send = crypto::AeadKey::FromSecret(kRecordAead, std::move(keys->tx));
  auto receive = crypto::AeadKey::FromSecret(kRecordAead, std::move(keys->rx));
  CHECK(send.ok() && receive.ok());  // crypto_kx keys are exactly AEAD key size
  channel_ = std::make_unique<SecureChannel>(std::move(*send), std::move(*receive));
  peer_ephemeral_ = hello->ephemeral;
  failed_ = false;
  return core::Status::Ok();
}

core::Bytes Handshake::Transcript(HandshakeRole signer, const crypto::PublicKey& key) const {
  CHECK(peer_ephemeral_.has_value());
  const bool we_initiate = options_.role == HandshakeRole::kInitiator;
  const crypto::KxPublicKey& initiator = we_initiate ? ephemeral_.public_key() : *peer_ephemeral_;
  const crypto::KxPublicKey& responder = we_initiate ? *peer_ephemeral_ : ephemeral_.public_key();
  return HandshakeTranscript(options_.chain_id, signer, initiator, responder, key);
}

core::Bytes Handshake::AuthRecord() {
  CHECK(channel_ != nullptr && !failed_);
  Auth auth;
  auth.node_key = options_.node_key->public_key();
  auth.signature = crypto::Sign(*options_.node_key, Transcript(options_.role, auth.node_key));
  return channel_->Seal(core::EncodeToBytes(auth));
}

core::Status Handshake::CheckPeerKey(const crypto::PublicKey& key) const {
  if (key == options_.node_key->public_key()) {
    return core::Status::Rejected(core::RejectCode::kUnknownSigner,
                                  "auth: peer presented our own key (self-connection)");
  }
  if (options_.expected_peer && key != *options_.expected_peer) {
    return core::Status::Rejected(core::RejectCode::kUnknownSigner,
                                  "auth: peer key " + key.ToHex() + " is not the configured " +
                                      options_.expected_peer->ToHex());
  }
  return options_.authorize(key);
}

core::Result<crypto::PublicKey> Handshake::OnAuthRecord(core::ByteView header,
                                                        core::ByteView sealed) {
  if (failed_ || channel_ == nullptr || authenticated_) return Dead();
  failed_ = true;  // until everything below passes
  ASSIGN_OR_RETURN(core::Bytes body, channel_->Open(header, sealed));
  auto auth = core::DecodeExact<Auth>(body);
  if (!auth.ok()) return auth.status().WithContext("auth");
  const core::Bytes transcript = Transcript(PeerRole(options_.role), auth->node_key);
  if (!crypto::Verify(auth->node_key, transcript, auth->signature)) {
    return core::Status::Rejected(core::RejectCode::kBadSignature,
                                  "auth: transcript signature does not verify");
  }
  RETURN_IF_ERROR(CheckPeerKey(auth->node_key));
  failed_ = false;
  authenticated_ = true;
  return auth->node_key;
}

SecureChannel& Handshake::channel() {
  CHECK(channel_ != nullptr);
  return *channel_;
}

std::unique_ptr<SecureChannel> Handshake::TakeChannel() {
  CHECK(authenticated_ && channel_ != nullptr);
  return std::move(channel_);
}

}  // namespace credchain::node::p2p
