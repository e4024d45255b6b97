// credchain hash: the digest of a file or of stdin, as departments anchor documents (OFD/PDF).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "core/hex.h"
#include "crypto/hash.h"

namespace credchain::cli {
namespace {

struct HashOptions {
  std::string alg = "sha256";
  std::string file;
};

core::Status HashStream(std::istream& in, crypto::StreamHasher& hasher) {
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    hasher.Update(core::AsBytes(std::string_view(buf.data(), static_cast<size_t>(in.gcount()))));
  }
  if (in.bad()) return core::Status::IoError("cannot read stdin");
  return core::Status::Ok();
}

core::Status HashFile(const std::string& path, crypto::StreamHasher& hasher) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const std::string reason = std::strerror(errno);
    if (errno == ENOENT) return core::Status::NotFound(path + " does not exist");
    return core::Status::IoError("cannot open " + path + ": " + reason);
  }
  std::vector<uint8_t> buf(1 << 16);
  core::Status status;
  while (true) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) status = core::Status::IoError("cannot read " + path + ": " + std::strerror(errno));
    if (n <= 0) break;
    hasher.Update(core::ByteView(buf.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  return status;
}

void RunHash(CommandContext& ctx, const HashOptions& o) {
  crypto::StreamHasher hasher(o.alg == "sm3" ? crypto::StreamHasher::Alg::kSm3
                                             : crypto::StreamHasher::Alg::kSha256);
  const core::Status read = o.file == "-" ? HashStream(ctx.in, hasher) : HashFile(o.file, hasher);
  if (!read.ok()) return ctx.Fail(read);
  const std::string digest = core::HexEncode(hasher.Finish());
  if (ctx.json) {
    ctx.out << nlohmann::json{{"alg", o.alg}, {"file", o.file}, {"digest", digest}}.dump() << "\n";
  } else {
    ctx.out << digest << "  " << o.file << "\n";
  }
}

}  // namespace

void RegisterHashCommands(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<HashOptions>();
  CLI::App* hash = app.add_subcommand("hash", "Print the hex digest of a file or stdin");
  hash->add_option("--alg", options->alg, "Hash function: sha256 or sm3 (GB/T 32905)")
      ->check(CLI::IsMember({"sha256", "sm3"}))
      ->capture_default_str();
  hash->add_option("FILE", options->file, "File to hash, or - for stdin")->required();
  hash->footer("Example:\n  credchain hash --alg sm3 licence.ofd\n");
  hash->callback([&ctx, options] { RunHash(ctx, *options); });
}

}  // namespace credchain::cli
