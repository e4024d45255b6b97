// Files the credential commands (credential, wallet, present, verify) read and write: the
// holder's wallet directory, key files opened with a passphrase, and result files.
//
// The wallet directory is --wallet DIR, else $CREDCHAIN_WALLET, else ~/.credchain/wallet; it and
// its parent are created with mode 0700 when missing (credentials/wallet.h refuses a directory
// others can read). Output files that hold secrets (credential files with commitment openings)
// are written atomically with mode 0600.
// Thread safety: reads process-global state (environment); call from one thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "cli/passphrase.h"
#include "core/result.h"
#include "credentials/wallet.h"
#include "crypto/ed25519.h"

namespace credchain::cli {

std::filesystem::path WalletDir(const std::string& option);
core::Result<credentials::Wallet> OpenWallet(const std::string& option);

// Loads a key file, asking for its passphrase as `passphrase` says.
core::Result<crypto::SecretKey> LoadKey(const std::string& path,
                                        const PassphraseOptions& passphrase);

// Reads a text file of at most `max_bytes` ("-" reads nothing: InvalidArgument).
core::Result<std::string> ReadTextFile(const std::string& path, size_t max_bytes);

// Writes `text` to `path` atomically with mode 0600; refuses to replace a file (AlreadyExists).
core::Status WriteNewPrivateFile(const std::string& path, std::string_view text);

// "a,b , c" -> {"a", "b", "c"} (empty items dropped).
std::vector<std::string> SplitList(std::string_view text);

}  // namespace credchain::cli
