// `credchaind init`: creates a home directory a node can start from (DESIGN.md §9).
//
// Writes only what is missing, so init is safe to re-run and never replaces a key:
//   config/node.json       every default spelled out (node/config.h), mode 0600;
//   config/node_key.json   a fresh Ed25519 node key, encrypted with the passphrase (Argon2id +
//                          XChaCha20-Poly1305, crypto/key_file.h), mode 0600;
//   config/genesis.json    when absent: a single-validator genesis (n = 1) whose only validator
//                          is this node, with one department account key written next to it
//                          (config/account_key.json, encrypted with the same passphrase, and
//                          named by node.json's records.account_key_file so the node publishes
//                          records as that department), so `credchaind start` runs a local
//                          chain at once. For a network, copy the shared genesis.json here
//                          instead (before the first start).
//   data/, data/safety/    mode 0700.
// Thread safety: file-system work; call from main.
#pragma once

#include <string>

#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/key_file.h"
#include "node/home.h"

namespace credchain::node {

// The department account key file init writes next to a single-validator genesis.
inline constexpr char kInitAccountKeyFile[] = "account_key.json";

struct InitOptions {
  std::string chain_id = "credchain-local";
  crypto::KeyFileKdfParams kdf = crypto::KeyFileKdfParams::Moderate();
};

struct InitResult {
  crypto::PublicKey node_key;
  bool created_key = false;
  bool created_genesis = false;
};

core::Result<InitResult> InitHome(const HomeLayout& layout, std::string_view passphrase,
                                  const InitOptions& options);

}  // namespace credchain::node
