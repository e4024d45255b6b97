// SecretBytes: a heap buffer for secret material (session keys, AEAD keys, decrypted key seeds)
// that is overwritten with zeros when it is destroyed, moved from or reassigned.
//
// It is move-only so a secret is not copied by accident; Clone() makes the rare deliberate
// copy. Comparison is constant-time. The buffer is not locked in RAM (mlock); processes that
// must keep secrets out of swap should disable swap or core dumps at the OS level.
//
// Thread safety: a value type; distinct objects may be used from distinct threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "core/bytes.h"

namespace credchain::crypto {

class SecretBytes {
 public:
  SecretBytes() = default;
  // `size` zero bytes.
  explicit SecretBytes(size_t size);
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  // A copy of `data`. The caller still owns (and should zero) its own copy.
  static SecretBytes CopyFrom(core::ByteView data);
  // `size` bytes from the OS CSPRNG.
  static SecretBytes Random(size_t size);

  SecretBytes Clone() const;

  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  core::ByteView view() const { return core::ByteView(data_.get(), size_); }
  std::span<uint8_t> span() { return std::span<uint8_t>(data_.get(), size_); }

  // Constant-time equality (sizes are compared in the clear).
  friend bool operator==(const SecretBytes& a, const SecretBytes& b);

 private:
  void Wipe();
  std::unique_ptr<uint8_t[]> data_;
  size_t size_ = 0;
};

}  // namespace credchain::crypto
