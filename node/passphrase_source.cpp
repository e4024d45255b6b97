#include "node/passphrase_source.h"

#include <cstdlib>

#include "core/private_file.h"
#include "crypto/random.h"
#include "node/home.h"

namespace credchain::node {
namespace {

constexpr size_t kMaxPassphraseFileBytes = 4096;

core::Result<crypto::SecretBytes> FromFile(const std::string& path) {
  RETURN_IF_ERROR(core::CheckPrivateFile(path).WithContext("passphrase file"));
  ASSIGN_OR_RETURN(std::string text, core::ReadFileLimited(path, kMaxPassphraseFileBytes));
  size_t end = text.find('\n');
  if (end == std::string::npos) end = text.size();
  if (end > 0 && text[end - 1] == '\r') --end;
  crypto::SecretBytes out = crypto::SecretBytes::CopyFrom(core::AsBytes(text).first(end));
  crypto::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(text.data()), text.size()));
  if (out.empty()) return core::Status::InvalidArgument("passphrase file " + path + " is empty");
  return out;
}

core::Result<crypto::SecretBytes> FromEnv(const std::string& var) {
  const char* value = std::getenv(var.c_str());
  if (value == nullptr || *value == '\0') {
    return core::Status::InvalidArgument("environment variable " + var + " is unset or empty");
  }
  return crypto::SecretBytes::CopyFrom(core::AsBytes(value));
}

}  // namespace

core::Result<crypto::SecretBytes> ReadDaemonPassphrase(const PassphraseSource& source) {
  if (!source.file.empty()) return FromFile(source.file);
  if (!source.env_var.empty()) return FromEnv(source.env_var);
  if (const char* file = std::getenv("CREDCHAIN_PASSPHRASE_FILE"); file && *file) {
    return FromFile(file);
  }
  if (const char* value = std::getenv("CREDCHAIN_PASSPHRASE"); value && *value) {
    return FromEnv("CREDCHAIN_PASSPHRASE");
  }
  return core::Status::InvalidArgument(
      "no passphrase for the node key: use --passphrase-file FILE, --passphrase-env VAR, or set "
      "CREDCHAIN_PASSPHRASE_FILE / CREDCHAIN_PASSPHRASE (a daemon cannot prompt)");
}

}  // namespace credchain::node
