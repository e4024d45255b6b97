// Where credchaind gets the passphrase of its node key. A daemon cannot prompt, so it comes
// from (first match wins):
//   --passphrase-file FILE     the file's first line ("\n" / "\r\n" not included); the file
//                              must be private (mode 0600, ours) like the key itself;
//   --passphrase-env VAR       the environment variable VAR;
//   CREDCHAIN_PASSPHRASE_FILE  as --passphrase-file;
//   CREDCHAIN_PASSPHRASE       as --passphrase-env CREDCHAIN_PASSPHRASE.
// An empty passphrase is refused (InvalidArgument naming the source).
// Thread safety: reads the process environment; call from main.
#pragma once

#include <string>

#include "core/result.h"
#include "crypto/secret.h"

namespace credchain::node {

struct PassphraseSource {
  std::string file;     // --passphrase-file
  std::string env_var;  // --passphrase-env
};

core::Result<crypto::SecretBytes> ReadDaemonPassphrase(const PassphraseSource& source);

}  // namespace credchain::node
