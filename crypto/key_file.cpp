#include "crypto/key_file.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "core/codec.h"
#include "core/hex.h"
#include "crypto/aead.h"
#include "crypto/random.h"
#include "crypto/sodium_init.h"

namespace credchain::crypto {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "credchain-key-file";
constexpr uint64_t kVersion = 1;
constexpr std::string_view kKeyType = "ed25519";
constexpr std::string_view kKdfName = "argon2id13";
constexpr AeadAlgorithm kCipher = AeadAlgorithm::kXChaCha20Poly1305;
constexpr size_t kSaltBytes = crypto_pwhash_SALTBYTES;
static_assert(kSaltBytes == 16);

// The parsed, not yet decrypted, content of a key file.
struct KeyFileFields {
  PublicKey public_key;
  KeyFileKdfParams params;
  core::FixedBytes<kSaltBytes> salt{};
  core::Bytes nonce;
  core::Bytes ciphertext;
};

core::Status Malformed(std::string_view field, std::string_view reason) {
  return core::Status::Rejected(
      core::RejectCode::kMalformed,
      "key file field \"" + std::string(field) + "\": " + std::string(reason));
}

core::Status CheckParams(const KeyFileKdfParams& p) {
  if (p.ops_limit < crypto_pwhash_OPSLIMIT_MIN || p.ops_limit > kMaxOpsLimit) {
    return core::Status::Rejected(
        core::RejectCode::kInvalidField,
        "key file Argon2id ops_limit must be in [1, " + std::to_string(kMaxOpsLimit) + "]");
  }
  if (p.mem_limit_bytes < crypto_pwhash_MEMLIMIT_MIN || p.mem_limit_bytes > kMaxMemLimitBytes ||
      p.mem_limit_bytes % 1024 != 0) {
    return core::Status::Rejected(core::RejectCode::kInvalidField,
                                  "key file Argon2id memory must be a multiple of 1 KiB in [8 KiB, "
                                  "1 GiB]");
  }
  return core::Status::Ok();
}

// Every header field, so that altering any of them makes the AEAD refuse the file.
core::Bytes AssociatedData(const KeyFileFields& f) {
  core::Writer w;
  w.PutString("credchain/key-file/v1");
  w.PutString(kKeyType);
  w.PutFixed(f.public_key.bytes);
  w.PutString(kKdfName);
  w.PutU64(f.params.ops_limit);
  w.PutU64(f.params.mem_limit_bytes);
  w.PutFixed(f.salt);
  w.PutString(AeadAlgorithmName(kCipher));
  return w.Take();
}

core::Result<AeadKey> DeriveKey(std::string_view passphrase, const KeyFileFields& f) {
  internal::EnsureSodiumInitialized();
  SecretBytes key(AeadKeyBytes(kCipher));
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), f.salt.data(),
                    f.params.ops_limit, static_cast<size_t>(f.params.mem_limit_bytes),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Status::Unavailable("Argon2id could not allocate " +
                                     std::to_string(f.params.mem_limit_bytes >> 20) + " MiB");
  }
  return AeadKey::FromSecret(kCipher, std::move(key));
}

std::string ToJson(const KeyFileFields& f) {
  json doc = {
      {"format", kFormat},
      {"version", kVersion},
      {"key_type", kKeyType},
      {"public_key", f.public_key.ToHex()},
      {"kdf",
       {{"algorithm", kKdfName},
        {"ops_limit", f.params.ops_limit},
        {"mem_limit_kib", f.params.mem_limit_bytes / 1024},
        {"salt", core::HexEncode(f.salt)}}},
      {"cipher",
       {{"algorithm", AeadAlgorithmName(kCipher)},
        {"nonce", core::HexEncode(f.nonce)},
        {"ciphertext", core::HexEncode(f.ciphertext)}}},
  };
  return doc.dump(2) + "\n";
}

// Exactly the named members, no others.
core::Status ExpectMembers(const json& object, std::string_view where,
                           std::initializer_list<std::string_view> names) {
  if (!object.is_object()) return Malformed(where, "must be a JSON object");
  for (const auto& [name, value] : object.items()) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return Malformed(std::string(where) + "." + name, "unknown member");
    }
  }
  for (std::string_view name : names) {
    if (!object.contains(name))
      return Malformed(std::string(where) + "." + std::string(name), "missing");
  }
  return core::Status::Ok();
}

core::Result<std::string> StringMember(const json& object, std::string_view name) {
  const json& v = object.at(name);
  if (!v.is_string()) return Malformed(name, "must be a string");
  return v.get<std::string>();
}

core::Result<uint64_t> UintMember(const json& object, std::string_view name) {
  const json& v = object.at(name);
  if (!v.is_number_unsigned()) return Malformed(name, "must be a non-negative integer");
  return v.get<uint64_t>();
}

core::Status ExpectString(const json& object, std::string_view name, std::string_view want) {
  ASSIGN_OR_RETURN(std::string got, StringMember(object, name));
  if (got != want) {
    return core::Status::Rejected(
        core::RejectCode::kInvalidField,
        "key file field \"" + std::string(name) + "\" must be \"" + std::string(want) + "\"");
  }
  return core::Status::Ok();
}

core::Result<core::Bytes> HexMember(const json& object, std::string_view name, size_t size) {
  ASSIGN_OR_RETURN(std::string text, StringMember(object, name));
  auto bytes = core::HexDecode(text);
  if (!bytes.ok() || bytes->size() != size) {
    return Malformed(name, "must be " + std::to_string(size) + " bytes of hex");
  }
  return std::move(bytes).value();
}

core::Status ParseHeader(const json& doc, KeyFileFields* f) {
  RETURN_IF_ERROR(ExpectMembers(doc, "(top)",
                                {"format", "version", "key_type", "public_key", "kdf", "cipher"}));
  RETURN_IF_ERROR(ExpectString(doc, "format", kFormat));
  ASSIGN_OR_RETURN(uint64_t version, UintMember(doc, "version"));
  if (version != kVersion) {
    return core::Status::Rejected(core::RejectCode::kUnsupportedVersion,
                                  "key file version " + std::to_string(version) +
                                      " is not supported (this build reads version 1)");
  }
  RETURN_IF_ERROR(ExpectString(doc, "key_type", kKeyType));
  ASSIGN_OR_RETURN(core::Bytes pk, HexMember(doc, "public_key", 32));
  core::CopyFixed(pk, &f->public_key.bytes);
  return core::Status::Ok();
}

core::Status ParseKdf(const json& kdf, KeyFileFields* f) {
  RETURN_IF_ERROR(ExpectMembers(kdf, "kdf", {"algorithm", "ops_limit", "mem_limit_kib", "salt"}));
  RETURN_IF_ERROR(ExpectString(kdf, "algorithm", kKdfName));
  ASSIGN_OR_RETURN(f->params.ops_limit, UintMember(kdf, "ops_limit"));
  ASSIGN_OR_RETURN(uint64_t mem_kib, UintMember(kdf, "mem_limit_kib"));
  if (mem_kib > kMaxMemLimitBytes / 1024) {
    return core::Status::Rejected(core::RejectCode::kInvalidField,
                                  "key file Argon2id memory exceeds 1 GiB");
  }
  f->params.mem_limit_bytes = mem_kib * 1024;
  RETURN_IF_ERROR(CheckParams(f->params));
  ASSIGN_OR_RETURN(core::Bytes salt, HexMember(kdf, "salt", kSaltBytes));
  core::CopyFixed(salt, &f->salt);
  return core::Status::Ok();
}

core::Status ParseCipher(const json& cipher, KeyFileFields* f) {
  RETURN_IF_ERROR(ExpectMembers(cipher, "cipher", {"algorithm", "nonce", "ciphertext"}));
  RETURN_IF_ERROR(ExpectString(cipher, "algorithm", AeadAlgorithmName(kCipher)));
  ASSIGN_OR_RETURN(f->nonce, HexMember(cipher, "nonce", AeadNonceBytes(kCipher)));
  ASSIGN_OR_RETURN(f->ciphertext, HexMember(cipher, "ciphertext", 32 + kAeadTagBytes));
  return core::Status::Ok();
}

core::Result<KeyFileFields> Parse(std::string_view text) {
  if (text.size() > kMaxKeyFileBytes) {
    return core::Status::Rejected(core::RejectCode::kTooLarge, "key file is larger than 64 KiB");
  }
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return core::Status::Rejected(core::RejectCode::kBadJson, "key file is not valid JSON");
  }
  KeyFileFields f;
  RETURN_IF_ERROR(ParseHeader(doc, &f));
  RETURN_IF_ERROR(ParseKdf(doc.at("kdf"), &f));
  RETURN_IF_ERROR(ParseCipher(doc.at("cipher"), &f));
  return f;
}

core::Status WrongPassphrase() {
  return core::Status::PermissionDenied("wrong passphrase, or the key file was altered");
}

}  // namespace

core::Result<std::string> EncryptKeyFile(const SecretKey& key, std::string_view passphrase,
                                         const KeyFileKdfParams& params) {
  if (passphrase.empty()) return core::Status::InvalidArgument("the passphrase must not be empty");
  if (auto s = CheckParams(params); !s.ok()) return core::Status::InvalidArgument(s.message());
  KeyFileFields f;
  f.public_key = key.public_key();
  f.params = params;
  RandomBytes(f.salt);
  f.nonce = RandomNonce(kCipher);
  ASSIGN_OR_RETURN(AeadKey aead_key, DeriveKey(passphrase, f));
  core::Bytes32 seed = key.seed();
  f.ciphertext = AeadSeal(aead_key, f.nonce, seed, AssociatedData(f));
  SecureZero(seed);
  return ToJson(f);
}

core::Result<SecretKey> DecryptKeyFile(std::string_view text, std::string_view passphrase) {
  ASSIGN_OR_RETURN(KeyFileFields f, Parse(text));
  ASSIGN_OR_RETURN(AeadKey aead_key, DeriveKey(passphrase, f));
  auto opened = AeadOpen(aead_key, f.nonce, f.ciphertext, AssociatedData(f));
  if (!opened.ok()) return WrongPassphrase();
  core::Bytes32 seed;
  const bool sized = core::CopyFixed(*opened, &seed);
  SecureZero(*opened);
  if (!sized) return WrongPassphrase();
  SecretKey key = SecretKey::FromSeed(seed);
  SecureZero(seed);
  // The AEAD authenticates the stored public key; this also catches a writer that stored the
  // wrong one.
  if (key.public_key() != f.public_key) return WrongPassphrase();
  return key;
}

core::Result<KeyFileInfo> ReadKeyFileInfo(std::string_view text) {
  ASSIGN_OR_RETURN(KeyFileFields f, Parse(text));
  return KeyFileInfo{f.public_key, f.params};
}

core::Status SaveKeyFile(const std::filesystem::path& path, const SecretKey& key,
                         std::string_view passphrase, const KeyFileKdfParams& params,
                         core::Overwrite overwrite) {
  ASSIGN_OR_RETURN(std::string text, EncryptKeyFile(key, passphrase, params));
  return core::WritePrivateFileAtomically(path, text, overwrite);
}

core::Result<SecretKey> LoadKeyFile(const std::filesystem::path& path,
                                    std::string_view passphrase) {
  RETURN_IF_ERROR(core::CheckPrivateFile(path));
  ASSIGN_OR_RETURN(std::string text, core::ReadFileLimited(path, kMaxKeyFileBytes));
  auto key = DecryptKeyFile(text, passphrase);
  if (!key.ok()) return key.status().WithContext("key file " + path.string());
  return key;
}

core::Result<KeyFileInfo> LoadKeyFileInfo(const std::filesystem::path& path) {
  ASSIGN_OR_RETURN(std::string text, core::ReadFileLimited(path, kMaxKeyFileBytes));
  auto info = ReadKeyFileInfo(text);
  if (!info.ok()) return info.status().WithContext("key file " + path.string());
  return info;
}

}  // namespace credchain::crypto
