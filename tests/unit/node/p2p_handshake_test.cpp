#include <map>
#include <set>

#include <gtest/gtest.h>

#include "core/hex.h"
#include "node/p2p/frame.h"
#include "node/p2p/handshake.h"
#include "unit/golden_file.h"

namespace credchain::node::p2p {
namespace {

using core::RejectCode;
constexpr char kGoldenChain[] = "credchain-golden";

crypto::SecretKey StaticKey(uint8_t fill) {
  core::Bytes32 seed;
  seed.fill(fill);
  return crypto::SecretKey::FromSeed(seed);
}

crypto::KxKeyPair Ephemeral(uint8_t fill) {
  core::Bytes32 seed;
  seed.fill(fill);
  return crypto::KxKeyPair::FromSeed(seed);
}

std::map<std::string, core::Bytes> LoadGolden() {
  std::map<std::string, core::Bytes> out;
  for (const auto& entry : credchain::testing::LoadGoldenFile("p2p_handshake_golden.txt")) {
    out[entry.first] = *core::HexDecode(entry.second);
  }
  return out;
}

core::ByteView Body(const core::Bytes& frame) { return core::ByteView(frame).subspan(4); }
core::ByteView Header(const core::Bytes& frame) { return core::ByteView(frame).first(4); }

// Two nodes with keys 0x01.. and 0x02.., both allowing a given set of keys.
struct Pair {
  crypto::SecretKey a_key = StaticKey(1);
  crypto::SecretKey b_key = StaticKey(2);
  std::set<crypto::PublicKey> allowed{a_key.public_key(), b_key.public_key()};
  std::unique_ptr<Handshake> a;  // initiator
  std::unique_ptr<Handshake> b;  // responder

  explicit Pair(std::string a_chain = kGoldenChain, std::string b_chain = kGoldenChain) {
    auto authorize = [this](const crypto::PublicKey& key) {
      return allowed.count(key) != 0
                 ? core::Status::Ok()
                 : core::Status::Rejected(RejectCode::kUnknownSigner, "not in allow-list");
    };
    a = std::make_unique<Handshake>(
        HandshakeOptions{a_chain, HandshakeRole::kInitiator, &a_key, authorize, std::nullopt},
        Ephemeral(0x11));
    b = std::make_unique<Handshake>(
        HandshakeOptions{b_chain, HandshakeRole::kResponder, &b_key, authorize, std::nullopt},
        Ephemeral(0x22));
  }

  void ExchangeHellos() {
    const core::Bytes a_hello = a->HelloFrame();
    const core::Bytes b_hello = b->HelloFrame();
    ASSERT_TRUE(a->OnHello(Body(b_hello)).ok());
    ASSERT_TRUE(b->OnHello(Body(a_hello)).ok());
  }
};

TEST(P2pHandshake, MatchesTheIndependentGoldenVectors) {
  const auto golden = LoadGolden();
  ASSERT_EQ(golden.size(), 11u);
  Pair p;
  EXPECT_EQ(p.a->HelloFrame(), golden.at("initiator_hello_frame"));
  EXPECT_EQ(p.b->HelloFrame(), golden.at("responder_hello_frame"));
  p.ExchangeHellos();
  crypto::KxPublicKey init_eph, resp_eph;
  std::copy_n(golden.at("initiator_ephemeral").begin(), 32, init_eph.bytes.begin());
  std::copy_n(golden.at("responder_ephemeral").begin(), 32, resp_eph.bytes.begin());
  EXPECT_EQ(HandshakeTranscript(kGoldenChain, HandshakeRole::kInitiator, init_eph, resp_eph,
                                p.a_key.public_key()),
            golden.at("initiator_transcript"));
  EXPECT_EQ(HandshakeTranscript(kGoldenChain, HandshakeRole::kResponder, init_eph, resp_eph,
                                p.b_key.public_key()),
            golden.at("responder_transcript"));
  const core::Bytes a_auth = p.a->AuthRecord();
  const core::Bytes b_auth = p.b->AuthRecord();
  EXPECT_EQ(a_auth, golden.at("initiator_auth_record"));
  EXPECT_EQ(b_auth, golden.at("responder_auth_record"));
  ASSERT_TRUE(p.b->OnAuthRecord(Header(a_auth), Body(a_auth)).ok());
  ASSERT_TRUE(p.a->OnAuthRecord(Header(b_auth), Body(b_auth)).ok());
  EXPECT_EQ(p.a->channel().Seal(EncodeFrameBody(Message{Ping{7}})),
            golden.at("initiator_ping7_record"));
}

TEST(P2pHandshake, BothSidesLearnTheOtherKeyAndTheChannelWorksBothWays) {
  Pair p;
  p.ExchangeHellos();
  const core::Bytes a_auth = p.a->AuthRecord();
  const core::Bytes b_auth = p.b->AuthRecord();
  auto b_sees = p.b->OnAuthRecord(Header(a_auth), Body(a_auth));
  auto a_sees = p.a->OnAuthRecord(Header(b_auth), Body(b_auth));
  ASSERT_TRUE(b_sees.ok()) << b_sees.status();
  ASSERT_TRUE(a_sees.ok()) << a_sees.status();
  EXPECT_EQ(*b_sees, p.a_key.public_key());
  EXPECT_EQ(*a_sees, p.b_key.public_key());

  auto a_channel = p.a->TakeChannel();
  auto b_channel = p.b->TakeChannel();
  for (uint64_t i = 0; i < 3; ++i) {
    const core::Bytes body = EncodeFrameBody(Message{Ping{i}});
    const core::Bytes to_b = a_channel->Seal(body);
    auto opened = b_channel->Open(Header(to_b), Body(to_b));
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(*opened, body);
    const core::Bytes to_a = b_channel->Seal(body);
    ASSERT_TRUE(a_channel->Open(Header(to_a), Body(to_a)).ok());
  }
}

TEST(P2pHandshake, WrongChainIdIsRefusedAtHello) {
  Pair p(kGoldenChain, "other-chain");
  const core::Status status = p.a->OnHello(Body(p.b->HelloFrame()));
  EXPECT_EQ(status.reject_code(), RejectCode::kWrongChain);
  EXPECT_EQ(p.b->OnHello(Body(p.a->HelloFrame())).reject_code(), RejectCode::kWrongChain);
}

TEST(P2pHandshake, UnknownKeyIsRefused) {
  Pair p;
  p.allowed.erase(p.a_key.public_key());  // b does not know a
  p.ExchangeHellos();
  const core::Bytes a_auth = p.a->AuthRecord();
  auto result = p.b->OnAuthRecord(Header(a_auth), Body(a_auth));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().reject_code(), RejectCode::kUnknownSigner);
}

TEST(P2pHandshake, ConfiguredPeerKeyMustMatch) {
  Pair p;
  auto authorize = [](const crypto::PublicKey&) { return core::Status::Ok(); };
  p.a =
      std::make_unique<Handshake>(HandshakeOptions{kGoldenChain, HandshakeRole::kInitiator,
                                                   &p.a_key, authorize, StaticKey(3).public_key()},
                                  Ephemeral(0x11));
  p.ExchangeHellos();
  const core::Bytes b_auth = p.b->AuthRecord();
  auto result = p.a->OnAuthRecord(Header(b_auth), Body(b_auth));
  EXPECT_EQ(result.status().reject_code(), RejectCode::kUnknownSigner);
}

TEST(P2pHandshake, TamperedTranscriptSignatureIsRefused) {
  Pair p;
  p.ExchangeHellos();
  // b signs a transcript with the roles swapped (as if reflecting a's own Auth back).
  Auth forged;
  forged.node_key = p.b_key.public_key();
  forged.signature = crypto::Sign(
      p.b_key,
      HandshakeTranscript(kGoldenChain, HandshakeRole::kInitiator, Ephemeral(0x11).public_key(),
                          Ephemeral(0x22).public_key(), p.b_key.public_key()));
  const core::Bytes record = p.b->channel().Seal(core::EncodeToBytes(forged));
  auto result = p.a->OnAuthRecord(Header(record), Body(record));
  EXPECT_EQ(result.status().reject_code(), RejectCode::kBadSignature);
}

TEST(P2pHandshake, AuthSignedForAnotherChainIsRefused) {
  Pair p;
  p.ExchangeHellos();
  Auth forged;
  forged.node_key = p.b_key.public_key();
  forged.signature = crypto::Sign(
      p.b_key,
      HandshakeTranscript("other-chain", HandshakeRole::kResponder, Ephemeral(0x11).public_key(),
                          Ephemeral(0x22).public_key(), p.b_key.public_key()));
  const core::Bytes record = p.b->channel().Seal(core::EncodeToBytes(forged));
  EXPECT_EQ(p.a->OnAuthRecord(Header(record), Body(record)).status().reject_code(),
            RejectCode::kBadSignature);
}

TEST(P2pHandshake, ManInTheMiddleWithItsOwnEphemeralCannotAuthenticate) {
  Pair p;
  const core::Bytes a_hello = p.a->HelloFrame();
  // The attacker replaces b's ephemeral key with its own when relaying b's hello to a.
  Hello relayed = *core::DecodeExact<Hello>(Body(p.b->HelloFrame()));
  relayed.ephemeral = Ephemeral(0x33).public_key();
  ASSERT_TRUE(p.a->OnHello(core::EncodeToBytes(relayed)).ok());
  ASSERT_TRUE(p.b->OnHello(Body(a_hello)).ok());
  const core::Bytes b_auth = p.b->AuthRecord();
  EXPECT_EQ(p.a->OnAuthRecord(Header(b_auth), Body(b_auth)).status().reject_code(),
            RejectCode::kBadSignature);
}

TEST(P2pHandshake, SelfConnectionIsRefused) {
  Pair p;
  p.b = std::make_unique<Handshake>(
      HandshakeOptions{kGoldenChain, HandshakeRole::kResponder, &p.a_key,
                       [](const crypto::PublicKey&) { return core::Status::Ok(); }, std::nullopt},
      Ephemeral(0x22));
  p.ExchangeHellos();
  const core::Bytes a_auth = p.a->AuthRecord();
  EXPECT_EQ(p.b->OnAuthRecord(Header(a_auth), Body(a_auth)).status().reject_code(),
            RejectCode::kUnknownSigner);
}

TEST(P2pHandshake, LowOrderEphemeralKeyIsRefused) {
  Pair p;
  Hello hello = *core::DecodeExact<Hello>(Body(p.b->HelloFrame()));
  hello.ephemeral.bytes.fill(0);  // the identity point: shared secret would be all zeros
  EXPECT_EQ(p.a->OnHello(core::EncodeToBytes(hello)).reject_code(), RejectCode::kBadKey);
}

TEST(P2pHandshake, MalformedHelloIsRefusedAndTheHandshakeStaysDead) {
  Pair p;
  const core::Bytes b_hello = p.b->HelloFrame();
  EXPECT_EQ(p.a->OnHello(Body(b_hello).first(10)).reject_code(), RejectCode::kMalformed);
  EXPECT_FALSE(p.a->OnHello(Body(b_hello)).ok());
}

class P2pChannel : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.ExchangeHellos();
    const core::Bytes a_auth = p_.a->AuthRecord();
    const core::Bytes b_auth = p_.b->AuthRecord();
    ASSERT_TRUE(p_.b->OnAuthRecord(Header(a_auth), Body(a_auth)).ok());
    ASSERT_TRUE(p_.a->OnAuthRecord(Header(b_auth), Body(b_auth)).ok());
    sender_ = p_.a->TakeChannel();
    receiver_ = p_.b->TakeChannel();
  }
  core::Bytes Record(uint64_t nonce) {
    return sender_->Seal(EncodeFrameBody(Message{Ping{nonce}}));
  }
  Pair p_;
  std::unique_ptr<SecureChannel> sender_;
  std::unique_ptr<SecureChannel> receiver_;
};

TEST_F(P2pChannel, ReplayedRecordIsRefused) {
  const core::Bytes r = Record(1);
  ASSERT_TRUE(receiver_->Open(Header(r), Body(r)).ok());
  EXPECT_EQ(receiver_->Open(Header(r), Body(r)).status().reject_code(), RejectCode::kBadSignature);
}

TEST_F(P2pChannel, ReorderedRecordsAreRefusedAndTheChannelStaysClosed) {
  const core::Bytes first = Record(1);
  const core::Bytes second = Record(2);
  EXPECT_EQ(receiver_->Open(Header(second), Body(second)).status().reject_code(),
            RejectCode::kBadSignature);
  // Even the record that was due now fails: no resynchronisation after a failure.
  EXPECT_FALSE(receiver_->Open(Header(first), Body(first)).ok());
}

TEST_F(P2pChannel, AlteredCiphertextOrHeaderIsRefused) {
  core::Bytes r = Record(1);
  r.back() ^= 1;
  EXPECT_EQ(receiver_->Open(Header(r), Body(r)).status().reject_code(), RejectCode::kBadSignature);
}

TEST_F(P2pChannel, HeaderThatDisagreesWithTheBodyIsMalformed) {
  const core::Bytes r = Record(1);
  EXPECT_EQ(receiver_->Open(Header(r), Body(r).first(Body(r).size() - 1)).status().reject_code(),
            RejectCode::kMalformed);
  const core::Bytes tiny = {0, 0, 0, 4, 1, 2, 3, 4};
  EXPECT_EQ(receiver_->Open(Header(tiny), Body(tiny)).status().reject_code(),
            RejectCode::kMalformed);
}

}  // namespace
}  // namespace credchain::node::p2p
