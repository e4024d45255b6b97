#include "crypto/transcript.h"

#include <sodium.h>

#include "core/check.h"
#include "crypto/sodium_init.h"

namespace credchain::crypto {
namespace {

constexpr uint8_t kTagAppend = 0x01;
constexpr uint8_t kTagChallenge = 0x02;
constexpr uint8_t kTagOutput = 0x03;

class Sha512Stream {
 public:
  Sha512Stream() { crypto_hash_sha512_init(&state_); }
  void Update(core::ByteView data) { crypto_hash_sha512_update(&state_, data.data(), data.size()); }
  void UpdateByte(uint8_t b) { Update(core::ByteView(&b, 1)); }
  // lp(x) = u32 big-endian length ‖ x.
  void UpdateLengthPrefixed(core::ByteView data) {
    CHECK(data.size() <= UINT32_MAX);
    const uint32_t n = uint32_t(data.size());
    const uint8_t len[4] = {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)};
    Update(len);
    Update(data);
  }
  core::Bytes64 Finish() {
    core::Bytes64 out;
    crypto_hash_sha512_final(&state_, out.data());
    return out;
  }

 private:
  crypto_hash_sha512_state state_;
};

}  // namespace

Transcript::Transcript(std::string_view domain) {
  internal::EnsureSodiumInitialized();
  Sha512Stream h;
  h.UpdateLengthPrefixed(core::AsBytes("credchain/transcript/v1"));
  h.UpdateLengthPrefixed(core::AsBytes(domain));
  state_ = h.Finish();
}

void Transcript::AppendMessage(std::string_view label, core::ByteView message) {
  Sha512Stream h;
  h.Update(state_);
  h.UpdateByte(kTagAppend);
  h.UpdateLengthPrefixed(core::AsBytes(label));
  h.UpdateLengthPrefixed(message);
  state_ = h.Finish();
}

void Transcript::AppendU64(std::string_view label, uint64_t value) {
  uint8_t be[8];
  for (int i = 0; i < 8; ++i) be[i] = uint8_t(value >> (56 - 8 * i));
  AppendMessage(label, core::ByteView(be, 8));
}

core::Bytes64 Transcript::ChallengeBytes(std::string_view label) {
  Sha512Stream h;
  h.Update(state_);
  h.UpdateByte(kTagChallenge);
  h.UpdateLengthPrefixed(core::AsBytes(label));
  state_ = h.Finish();
  Sha512Stream out;
  out.Update(state_);
  out.UpdateByte(kTagOutput);
  return out.Finish();
}

RistrettoScalar Transcript::ChallengeScalar(std::string_view label) {
  return RistrettoScalar::FromWideBytes(ChallengeBytes(label));
}

}  // namespace credchain::crypto
