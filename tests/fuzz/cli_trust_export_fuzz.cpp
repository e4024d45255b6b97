// Fuzzes trust export's reading of a node's answers (cli/trust_export.h). An honest chain of
// three epochs (tests/unit/credentials/signed_chain.h) is served with one answer changed: the
// first input byte picks which; with nothing more the answer stays honest, with an odd second
// byte the rest is XORed into the honest body (bit flips in base64 blocks, hex signatures,
// numbers), else the rest replaces it. Whatever the node says, the export either fails or
// yields a prefix of the honest trust (a node may withhold epochs, never change a set), and
// never crashes.
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/trust_export.h"
#include "core/base64url.h"
#include "core/check.h"
#include "core/hex.h"
#include "tests/unit/credentials/signed_chain.h"

namespace {

using credchain::credentials::testing::MakeEpoch;
using credchain::credentials::testing::SignedChain;
using nlohmann::json;

struct Served {
  std::map<std::string, std::string> answers;
  std::vector<std::string> targets;
  std::vector<credchain::ledger::ValidatorSet> sets;
};

json QcJson(const credchain::ledger::QuorumCert& qc) {
  json signatures = json::array();
  for (const auto& s : qc.signatures) signatures.push_back(s.ToHex());
  return {{"epoch", qc.epoch},
          {"round", qc.round},
          {"block_id", credchain::core::HexEncode(qc.block_id)},
          {"signer_bitmap", credchain::core::HexEncode(qc.signer_bitmap)},
          {"signatures", std::move(signatures)}};
}

Served MakeServed() {
  SignedChain chain{MakeEpoch(0, {1, 2, 3, 4})};
  for (int i = 0; i < 3; ++i) chain.Append();
  chain.ChangeEpoch(MakeEpoch(1, {1, 2, 3, 5}));
  for (int i = 0; i < 3; ++i) chain.Append();
  chain.ChangeEpoch(MakeEpoch(2, {1, 2, 5, 6}));
  for (int i = 0; i < 2; ++i) chain.Append();
  Served s;
  s.answers["/v1/status"] = json{{"chain_id", "nj"}, {"height", chain.blocks.size() - 1}}.dump();
  for (size_t h = 0; h < chain.blocks.size(); ++h) {
    const auto raw = credchain::core::EncodeToBytes(chain.blocks[h]);
    s.answers["/v1/blocks/" + std::to_string(h)] =
        json{{"qc", QcJson(chain.qcs[h])}, {"raw", credchain::core::Base64UrlEncode(raw)}}.dump();
  }
  for (const auto& e : chain.epochs) {
    json validators = json::array();
    for (const auto& v : e.set.validators) {
      validators.push_back({{"department", v.department_id}, {"public_key", v.key.ToHex()}});
    }
    s.answers["/v1/validator-sets/" + std::to_string(e.set.epoch)] =
        json{{"epoch", e.set.epoch}, {"validators", std::move(validators)}}.dump();
    s.sets.push_back(e.set);
  }
  for (const auto& [target, body] : s.answers) s.targets.push_back(target);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Served served = MakeServed();
  if (size == 0) return 0;
  std::map<std::string, std::string> answers = served.answers;
  std::string& body = answers[served.targets[data[0] % served.targets.size()]];
  if (size > 1 && (data[1] & 1) != 0) {
    for (size_t i = 2; i < size && !body.empty(); ++i) body[(i - 2) % body.size()] ^= data[i];
  } else if (size > 1) {
    body.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  }
  const credchain::cli::HttpGet get =
      [&answers](
          std::string_view target) -> credchain::core::Result<credchain::node::api::HttpResponse> {
    auto it = answers.find(std::string(target));
    if (it == answers.end()) return credchain::node::api::HttpResponse{404, "", "{}"};
    return credchain::node::api::HttpResponse{200, "application/json", it->second};
  };
  const auto exported = credchain::cli::ExportTrust(get, std::nullopt);
  if (!exported.ok()) return 0;
  CHECK(exported->trust.chain_id == "nj");
  CHECK(exported->trust.epochs.size() <= served.sets.size());
  for (size_t e = 0; e < exported->trust.epochs.size(); ++e) {
    CHECK(exported->trust.epochs[e] == served.sets[e]);
  }
  return 0;
}
