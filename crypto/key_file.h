// Password-encrypted Ed25519 key files (docs/formats/key-file.md, ADR 0003).
//
// A key file is a small JSON document holding the public key in the clear and the 32-byte
// Ed25519 seed sealed with XChaCha20-Poly1305 under a key derived from a passphrase by Argon2id
// (libsodium crypto_pwhash). Every header field (key type, public key, KDF parameters, salt,
// cipher) is bound into the AEAD's associated data, so a file whose header was altered does not
// decrypt; after decryption the public key is re-derived from the seed and compared.
//
// Files are written atomically with mode 0600 (core/private_file.h) and refused on load when
// group or others can read or write them. A wrong passphrase or an altered file gives
// PermissionDenied with a clear message, never a crash. The derived key, the seed and the
// plaintext buffer are zeroed after use.
//
// Cost: Argon2id with the kModerate preset (3 passes over 256 MiB) takes about a second on
// the reference machine and is the default for node and department keys; kInteractive
// (2 passes, 64 MiB) is for keys re-entered often. Load accepts any parameters between the
// libsodium minimum and kMaxOpsLimit / kMaxMemLimitBytes, so a hostile file cannot make a
// loader spend unbounded memory or time.
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/private_file.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::crypto {

struct KeyFileKdfParams {
  uint64_t ops_limit = 3;                 // Argon2id passes (t)
  uint64_t mem_limit_bytes = 256u << 20;  // Argon2id memory (m), a multiple of 1 KiB

  static KeyFileKdfParams Moderate() { return {3, 256u << 20}; }
  static KeyFileKdfParams Interactive() { return {2, 64u << 20}; }
  // The libsodium minimum (1 pass, 8 KiB): for tests only, it offers no brute-force resistance.
  static KeyFileKdfParams MinimumForTests() { return {1, 8u << 10}; }
};

inline constexpr uint64_t kMaxOpsLimit = 16;
inline constexpr uint64_t kMaxMemLimitBytes = uint64_t{1} << 30;  // 1 GiB
inline constexpr size_t kMaxKeyFileBytes = 64 * 1024;

// Encrypts `key` under `passphrase`.
// Returns: the key file text (JSON, one object, trailing newline), or InvalidArgument if the
//          passphrase is empty or the parameters are outside the accepted range.
core::Result<std::string> EncryptKeyFile(const SecretKey& key, std::string_view passphrase,
                                         const KeyFileKdfParams& params);

// Decrypts key file text.
// Returns: the key, or
//          Rejected(kBadJson | kMalformed | kUnsupportedVersion | kInvalidField) for text that
//            is not a key file (the message names the field);
//          PermissionDenied("wrong passphrase, or the key file was altered") when the AEAD
//            does not open, or the decrypted seed does not match the stored public key.
core::Result<SecretKey> DecryptKeyFile(std::string_view text, std::string_view passphrase);

// What a key file says about itself, readable without the passphrase. The public key is
// authenticated only when the file is decrypted: use it for display (`credchain keys show`),
// not for trust decisions.
struct KeyFileInfo {
  PublicKey public_key;
  KeyFileKdfParams params;
};

// Parses key file text without decrypting it. Returns the DecryptKeyFile parse rejections.
core::Result<KeyFileInfo> ReadKeyFileInfo(std::string_view text);

// EncryptKeyFile, then write the result to `path` atomically with mode 0600.
// Returns: Ok; AlreadyExists (overwrite is kNo); InvalidArgument; IoError.
core::Status SaveKeyFile(const std::filesystem::path& path, const SecretKey& key,
                         std::string_view passphrase, const KeyFileKdfParams& params,
                         core::Overwrite overwrite);

// Checks the file's permissions (core::CheckPrivateFile), reads it and decrypts it.
// Returns: the key; NotFound; PermissionDenied (mode lets others read it, wrong passphrase);
//          the DecryptKeyFile rejections, each prefixed with the path.
core::Result<SecretKey> LoadKeyFile(const std::filesystem::path& path, std::string_view passphrase);

// ReadKeyFileInfo of the file at `path` (permissions are not checked: nothing secret is used).
core::Result<KeyFileInfo> LoadKeyFileInfo(const std::filesystem::path& path);

}  // namespace credchain::crypto
