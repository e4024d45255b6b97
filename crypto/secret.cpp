#include "crypto/secret.h"

#include <algorithm>

#include "crypto/random.h"

namespace credchain::crypto {

SecretBytes::SecretBytes(size_t size)
    : data_(size == 0 ? nullptr : new uint8_t[size]()), size_(size) {}

SecretBytes::~SecretBytes() { Wipe(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::move(other.data_)), size_(other.size_) {
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    data_ = std::move(other.data_);
    size_ = other.size_;
    other.size_ = 0;
  }
  return *this;
}

void SecretBytes::Wipe() {
  if (data_) SecureZero(span());
  data_.reset();
  size_ = 0;
}

SecretBytes SecretBytes::CopyFrom(core::ByteView data) {
  SecretBytes out(data.size());
  std::copy(data.begin(), data.end(), out.data());
  return out;
}

SecretBytes SecretBytes::Random(size_t size) {
  SecretBytes out(size);
  RandomBytes(out.span());
  return out;
}

SecretBytes SecretBytes::Clone() const { return CopyFrom(view()); }

bool operator==(const SecretBytes& a, const SecretBytes& b) {
  return ConstantTimeEqual(a.view(), b.view());
}

}  // namespace credchain::crypto
