#include "cli/credential_files.h"

#include <cstdlib>
#include <sys/stat.h>

#include "core/private_file.h"
#include "crypto/key_file.h"

namespace credchain::cli {

namespace fs = std::filesystem;

fs::path WalletDir(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("CREDCHAIN_WALLET"); env != nullptr && *env != '\0') {
    return env;
  }
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr ? home : ".") / ".credchain" / "wallet";
}

core::Result<credentials::Wallet> OpenWallet(const std::string& option) {
  const fs::path dir = WalletDir(option);
  if (option.empty() && dir.has_parent_path() && !fs::exists(dir.parent_path())) {
    if (::mkdir(dir.parent_path().c_str(), 0700) != 0) {
      return core::Status::IoError("cannot create " + dir.parent_path().string());
    }
  }
  return credentials::Wallet::Open(dir);
}

core::Result<crypto::SecretKey> LoadKey(const std::string& path,
                                        const PassphraseOptions& passphrase) {
  ASSIGN_OR_RETURN(crypto::SecretBytes secret,
                   ReadPassphrase(passphrase, PassphrasePurpose::kExisting));
  const std::string_view text(reinterpret_cast<const char*>(secret.data()), secret.size());
  return crypto::LoadKeyFile(path, text);
}

core::Result<std::string> ReadTextFile(const std::string& path, size_t max_bytes) {
  if (path.empty() || path == "-") return core::Status::InvalidArgument("no file given");
  return core::ReadFileLimited(path, max_bytes);
}

core::Status WriteNewPrivateFile(const std::string& path, std::string_view text) {
  return core::WritePrivateFileAtomically(path, text, core::Overwrite::kNo);
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : std::string(text) + ",") {
    if (c != ',') {
      if (c != ' ') current += c;
      continue;
    }
    if (!current.empty()) out.push_back(current);
    current.clear();
  }
  return out;
}

}  // namespace credchain::cli
