#include "crypto/hash.h"

#include <sodium.h>

#include <cryptopp/sha.h>
#include <cryptopp/sm3.h>
#include <variant>

#include "crypto/sodium_init.h"

namespace credchain::crypto {

std::string_view HashSuiteName(HashSuite suite) {
  switch (suite) {
    case HashSuite::kSha256:
      return "sha256";
    case HashSuite::kSm3:
      return "sm3";
  }
  return "unknown";
}

core::Result<HashSuite> ParseHashSuite(std::string_view name) {
  if (name == "sha256") return HashSuite::kSha256;
  if (name == "sm3") return HashSuite::kSm3;
  return core::Status::Rejected(
      core::RejectCode::kInvalidField,
      "unknown hash suite \"" + std::string(name) + "\" (expected sha256 or sm3)");
}

core::Bytes32 Sha256(core::ByteView data) {
  core::Bytes32 out;
  CryptoPP::SHA256().CalculateDigest(out.data(), data.data(), data.size());
  return out;
}

core::Bytes64 Sha512(core::ByteView data) {
  internal::EnsureSodiumInitialized();
  core::Bytes64 out;
  crypto_hash_sha512(out.data(), data.data(), data.size());
  return out;
}

core::Bytes32 Blake2b256(core::ByteView data) {
  internal::EnsureSodiumInitialized();
  core::Bytes32 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

core::Bytes32 Sm3(core::ByteView data) {
  core::Bytes32 out;
  CryptoPP::SM3().CalculateDigest(out.data(), data.data(), data.size());
  return out;
}

core::Bytes32 Hash(HashSuite suite, core::ByteView data) {
  return suite == HashSuite::kSm3 ? Sm3(data) : Sha256(data);
}

namespace {

template <typename H>
core::Bytes32 HashPartsWith(std::initializer_list<core::ByteView> parts) {
  H h;
  for (core::ByteView p : parts) h.Update(p.data(), p.size());
  core::Bytes32 out;
  h.Final(out.data());
  return out;
}

}  // namespace

core::Bytes32 HashParts(HashSuite suite, std::initializer_list<core::ByteView> parts) {
  return suite == HashSuite::kSm3 ? HashPartsWith<CryptoPP::SM3>(parts)
                                  : HashPartsWith<CryptoPP::SHA256>(parts);
}

struct StreamHasher::Impl {
  Alg alg;
  std::variant<CryptoPP::SHA256, CryptoPP::SM3, crypto_hash_sha512_state, crypto_generichash_state>
      state;
};

StreamHasher::StreamHasher(Alg alg) : impl_(std::make_unique<Impl>()) {
  internal::EnsureSodiumInitialized();
  impl_->alg = alg;
  switch (alg) {
    case Alg::kSha256:
      impl_->state.emplace<CryptoPP::SHA256>();
      break;
    case Alg::kSm3:
      impl_->state.emplace<CryptoPP::SM3>();
      break;
    case Alg::kSha512:
      crypto_hash_sha512_init(&impl_->state.emplace<crypto_hash_sha512_state>());
      break;
    case Alg::kBlake2b256:
      crypto_generichash_init(&impl_->state.emplace<crypto_generichash_state>(), nullptr, 0, 32);
      break;
  }
}

StreamHasher::StreamHasher(HashSuite suite)
    : StreamHasher(suite == HashSuite::kSm3 ? Alg::kSm3 : Alg::kSha256) {}
StreamHasher::~StreamHasher() = default;
StreamHasher::StreamHasher(StreamHasher&&) noexcept = default;
StreamHasher& StreamHasher::operator=(StreamHasher&&) noexcept = default;

void StreamHasher::Update(core::ByteView data) {
  switch (impl_->alg) {
    case Alg::kSha256:
      std::get<CryptoPP::SHA256>(impl_->state).Update(data.data(), data.size());
      break;
    case Alg::kSm3:
      std::get<CryptoPP::SM3>(impl_->state).Update(data.data(), data.size());
      break;
    case Alg::kSha512:
      crypto_hash_sha512_update(&std::get<crypto_hash_sha512_state>(impl_->state), data.data(),
                                data.size());
      break;
    case Alg::kBlake2b256:
      crypto_generichash_update(&std::get<crypto_generichash_state>(impl_->state), data.data(),
                                data.size());
      break;
  }
}

core::Bytes StreamHasher::Finish() {
  core::Bytes out(impl_->alg == Alg::kSha512 ? 64 : 32);
  switch (impl_->alg) {
    case Alg::kSha256:
      std::get<CryptoPP::SHA256>(impl_->state).Final(out.data());
      break;
    case Alg::kSm3:
      std::get<CryptoPP::SM3>(impl_->state).Final(out.data());
      break;
    case Alg::kSha512:
      crypto_hash_sha512_final(&std::get<crypto_hash_sha512_state>(impl_->state), out.data());
      break;
    case Alg::kBlake2b256:
      crypto_generichash_final(&std::get<crypto_generichash_state>(impl_->state), out.data(),
                               out.size());
      break;
  }
  return out;
}

}  // namespace credchain::crypto
