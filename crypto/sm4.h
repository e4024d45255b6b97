// The raw SM4 block cipher (GB/T 32907-2016), one 16-byte block at a time.
//
// This exists so that the SM4 primitive under AeadSeal(kSm4Gcm) can be checked against the
// standard's known answers. It is NOT a way to encrypt data: a bare block cipher has no
// authentication and leaks equal blocks. Use crypto/aead.h.
//
// Thread safety: an Sm4Block is immutable after construction and may be shared between threads.
#pragma once

#include <memory>

#include "core/bytes.h"

namespace credchain::crypto {

using Sm4BlockBytes = core::FixedBytes<16>;

class Sm4Block {
 public:
  explicit Sm4Block(const Sm4BlockBytes& key);
  ~Sm4Block();
  Sm4Block(const Sm4Block&) = delete;
  Sm4Block& operator=(const Sm4Block&) = delete;

  Sm4BlockBytes Encrypt(const Sm4BlockBytes& block) const;
  Sm4BlockBytes Decrypt(const Sm4BlockBytes& block) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace credchain::crypto
