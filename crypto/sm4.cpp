#include "crypto/sm4.h"

#include <cryptopp/sm4.h>

namespace credchain::crypto {

struct Sm4Block::Impl {
  CryptoPP::SM4::Encryption encryption;
  CryptoPP::SM4::Decryption decryption;
};

Sm4Block::Sm4Block(const Sm4BlockBytes& key) : impl_(std::make_unique<Impl>()) {
  // The key length is fixed by the type, so SetKey cannot throw.
  impl_->encryption.SetKey(key.data(), key.size());
  impl_->decryption.SetKey(key.data(), key.size());
}

Sm4Block::~Sm4Block() = default;

Sm4BlockBytes Sm4Block::Encrypt(const Sm4BlockBytes& block) const {
  Sm4BlockBytes out;
  impl_->encryption.ProcessBlock(block.data(), out.data());
  return out;
}

Sm4BlockBytes Sm4Block::Decrypt(const Sm4BlockBytes& block) const {
  Sm4BlockBytes out;
  impl_->decryption.ProcessBlock(block.data(), out.data());
  return out;
}

}  // namespace credchain::crypto
