#include "cli/passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "core/private_file.h"
#include "crypto/key_file.h"
#include "crypto/random.h"

namespace credchain::cli {
namespace {

constexpr size_t kMaxPassphraseBytes = 4096;

crypto::SecretBytes FromText(std::string& text) {
  crypto::SecretBytes out = crypto::SecretBytes::CopyFrom(core::AsBytes(text));
  crypto::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(text.data()), text.size()));
  return out;
}

core::Result<crypto::SecretBytes> NonEmpty(crypto::SecretBytes passphrase) {
  if (passphrase.empty()) return core::Status::InvalidArgument("the passphrase is empty");
  return passphrase;
}

core::Result<crypto::SecretBytes> FromEnv(const std::string& var) {
  const char* value = std::getenv(var.c_str());
  if (value == nullptr) {
    return core::Status::InvalidArgument("environment variable " + var + " is not set");
  }
  return NonEmpty(crypto::SecretBytes::CopyFrom(core::AsBytes(std::string_view(value))));
}

core::Result<crypto::SecretBytes> FromFile(const std::string& path) {
  RETURN_IF_ERROR(core::CheckPrivateFile(path));
  ASSIGN_OR_RETURN(std::string text, core::ReadFileLimited(path, kMaxPassphraseBytes));
  const size_t end = text.find('\n');
  size_t len = end == std::string::npos ? text.size() : end;
  if (len > 0 && text[len - 1] == '\r') --len;
  std::string first(text, 0, len);
  crypto::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(text.data()), text.size()));
  return NonEmpty(FromText(first));
}

// Reads one line from the terminal with echo off; restores the terminal mode afterwards.
core::Result<crypto::SecretBytes> PromptOnce(int tty, std::string_view prompt) {
  if (::write(tty, prompt.data(), prompt.size()) < 0) {
    return core::Status::IoError("cannot write the passphrase prompt to the terminal");
  }
  termios saved{};
  const bool have_mode = ::tcgetattr(tty, &saved) == 0;
  if (have_mode) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  std::string line;
  char c = 0;
  while (line.size() <= kMaxPassphraseBytes && ::read(tty, &c, 1) == 1 && c != '\n') {
    if (c != '\r') line.push_back(c);
  }
  if (have_mode) ::tcsetattr(tty, TCSAFLUSH, &saved);
  const ssize_t newline = ::write(tty, "\n", 1);  // cosmetic: the user's Enter was not echoed
  (void)newline;
  return NonEmpty(FromText(line));
}

core::Result<crypto::SecretBytes> FromPrompt(PassphrasePurpose purpose) {
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) {
    return core::Status::InvalidArgument(
        "no terminal to ask for the passphrase on: use --passphrase-env VAR or "
        "--passphrase-file FILE");
  }
  auto first = PromptOnce(tty, "Passphrase: ");
  if (first.ok() && purpose == PassphrasePurpose::kNew) {
    auto again = PromptOnce(tty, "Repeat passphrase: ");
    if (!again.ok())
      first = again.status();
    else if (!(*again == *first))
      first = core::Status::InvalidArgument("the passphrases differ");
  }
  ::close(tty);
  return first;
}

}  // namespace

void AddPassphraseOptions(CLI::App* command, PassphraseOptions* options) {
  auto* env = command->add_option("--passphrase-env", options->env_var,
                                  "Read the passphrase from this environment variable");
  auto* file = command->add_option("--passphrase-file", options->file,
                                   "Read the passphrase from the first line of this file "
                                   "(mode 0600)");
  env->excludes(file);
}

core::Result<crypto::SecretBytes> ReadPassphrase(const PassphraseOptions& options,
                                                 PassphrasePurpose purpose) {
  if (!options.env_var.empty()) return FromEnv(options.env_var);
  if (!options.file.empty()) return FromFile(options.file);
  return FromPrompt(purpose);
}

core::Result<crypto::SecretKey> DecryptKeyFile(const std::string& path,
                                               const PassphraseOptions& options) {
  RETURN_IF_ERROR(crypto::LoadKeyFileInfo(path).status());
  ASSIGN_OR_RETURN(crypto::SecretBytes passphrase,
                   ReadPassphrase(options, PassphrasePurpose::kExisting));
  const std::string_view text(reinterpret_cast<const char*>(passphrase.data()), passphrase.size());
  return crypto::LoadKeyFile(path, text);
}

}  // namespace credchain::cli
