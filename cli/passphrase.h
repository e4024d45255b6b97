// Where a command gets a passphrase: --passphrase-env VAR, --passphrase-file FILE, or a prompt
// on the terminal with echo off. Every command that encrypts or decrypts a key file uses these
// same options (docs/cli.md).
//
// - The environment variable must be set and non-empty.
// - The file must be private (mode 0600, like a key file); its first line is the passphrase
//   (a trailing "\n" or "\r\n" is not part of it).
// - The prompt reads /dev/tty, so it works when stdin/stdout are redirected, and fails with a
//   message naming the two options when there is no terminal. For a new passphrase it asks
//   twice and requires both entries to match.
// The passphrase is returned in a SecretBytes (zeroed when dropped); intermediate copies are
// zeroed too.
//
// Thread safety: reads process-global state (environment, terminal); call from one thread.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/secret.h"

namespace credchain::cli {

struct PassphraseOptions {
  std::string env_var;
  std::string file;
};

// Adds --passphrase-env and --passphrase-file (mutually exclusive) to `command`.
void AddPassphraseOptions(CLI::App* command, PassphraseOptions* options);

enum class PassphrasePurpose : uint8_t { kExisting, kNew };

// Returns: the passphrase; InvalidArgument (unset variable, empty passphrase, mismatch, no
//          terminal); NotFound / PermissionDenied / IoError for the file.
core::Result<crypto::SecretBytes> ReadPassphrase(const PassphraseOptions& options,
                                                 PassphrasePurpose purpose);

// Decrypts the key file at `path` with the passphrase from `options`. The file is checked to be
// a key file before the passphrase is asked for, so a wrong path never prompts.
// Returns: the key; the file's error (NotFound, PermissionDenied for a file readable by others,
//          InvalidArgument for one that is not a key file); ReadPassphrase's errors; the
//          decryption's error for a wrong passphrase.
core::Result<crypto::SecretKey> DecryptKeyFile(const std::string& path,
                                               const PassphraseOptions& options);

}  // namespace credchain::cli
