#include "node/home_init.h"

#include <filesystem>

#include "contracts/genesis_json.h"
#include "contracts/testnet_genesis.h"
#include "core/clock.h"
#include "core/private_file.h"
#include "node/config.h"

namespace credchain::node {
namespace {

bool Exists(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

core::Result<crypto::PublicKey> EnsureNodeKey(const HomeLayout& layout, std::string_view passphrase,
                                              const InitOptions& options, bool* created) {
  *created = false;
  if (Exists(layout.node_key)) {
    ASSIGN_OR_RETURN(crypto::KeyFileInfo info, crypto::LoadKeyFileInfo(layout.node_key));
    return info.public_key;
  }
  crypto::SecretKey key = crypto::SecretKey::Generate();
  RETURN_IF_ERROR(
      crypto::SaveKeyFile(layout.node_key, key, passphrase, options.kdf, core::Overwrite::kNo));
  *created = true;
  return key.public_key();
}

core::Status WriteSingleValidatorGenesis(const HomeLayout& layout, std::string_view passphrase,
                                         const InitOptions& options,
                                         const crypto::PublicKey& node_key) {
  const crypto::SecretKey account = crypto::SecretKey::Generate();
  const auto account_path = layout.config_dir / kInitAccountKeyFile;
  RETURN_IF_ERROR(
      crypto::SaveKeyFile(account_path, account, passphrase, options.kdf, core::Overwrite::kNo));
  contracts::TestnetGenesisOptions genesis_options;
  genesis_options.chain_id = options.chain_id;
  genesis_options.genesis_time_ms = static_cast<uint64_t>(core::SystemClock().NowMs());
  genesis_options.departments.push_back({node_key, account.public_key()});
  ASSIGN_OR_RETURN(contracts::Genesis genesis, contracts::MakeTestnetGenesis(genesis_options));
  return core::WritePrivateFileAtomically(layout.genesis, contracts::GenesisToJson(genesis),
                                          core::Overwrite::kNo);
}

}  // namespace

core::Result<InitResult> InitHome(const HomeLayout& layout, std::string_view passphrase,
                                  const InitOptions& options) {
  RETURN_IF_ERROR(CreateHomeDirs(layout));
  const bool make_genesis = !Exists(layout.genesis);
  if (!Exists(layout.node_config)) {
    NodeConfig config;
    // The local chain's only department publishes records with the account key made below.
    if (make_genesis) config.records.account_key_file = kInitAccountKeyFile;
    RETURN_IF_ERROR(core::WritePrivateFileAtomically(layout.node_config, NodeConfigToJson(config),
                                                     core::Overwrite::kNo));
  }
  InitResult result;
  ASSIGN_OR_RETURN(result.node_key,
                   EnsureNodeKey(layout, passphrase, options, &result.created_key));
  if (make_genesis) {
    RETURN_IF_ERROR(WriteSingleValidatorGenesis(layout, passphrase, options, result.node_key));
    result.created_genesis = true;
  }
  return result;
}

}  // namespace credchain::node
