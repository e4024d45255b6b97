// Fuzzes the presentation envelope parser and the whole verifier behind it, online against a
// fixed in-memory ledger and policy, and offline against a fixed validator set (the proof
// bundle's header, QC and sparse-Merkle proofs are decoded and checked). Properties: never a crash;
// a rejected envelope's report has a failing "format" check first; a parsed envelope re-serializes
// to an equal envelope (including its predicate proofs, whose JSON members must agree with the
// decoded proof bytes). Range-proof verification itself is fuzzed by crypto_predicate_fuzz.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "credentials/bundle_ledger_view.h"
#include "credentials/in_memory_ledger_view.h"
#include "credentials/presentation.h"
#include "credentials/verifier.h"
#include "ledger/state_view.h"

using namespace credchain::credentials;
namespace core = credchain::core;
namespace crypto = credchain::crypto;

namespace {

// State keys in a fixed stand-in layout; proven values never decode (the decoders of the real
// layout are fuzzed with the contracts' codecs).
class FuzzCodec final : public LedgerStateCodec {
 public:
  static core::Bytes32 Key(crypto::HashSuite s, std::string_view ns, std::string_view k) {
    return credchain::ledger::StateKey(s, ns, core::AsBytes(k));
  }
  core::Result<AnchorStateKeys> AnchorKeys(crypto::HashSuite s,
                                           const core::Bytes32& id) const override {
    return AnchorStateKeys{credchain::ledger::StateKey(s, "a", id),
                           credchain::ledger::StateKey(s, "b", id)};
  }
  core::Result<AnchorRecord> DecodeAnchor(std::string_view, const core::Bytes&) const override {
    return core::Status::DataLoss("fuzz");
  }
  core::Result<core::Bytes32> IssuerKeysKey(crypto::HashSuite s,
                                            std::string_view d) const override {
    return Key(s, "k", d);
  }
  core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(const std::optional<core::Bytes>&,
                                                             std::string_view,
                                                             uint64_t) const override {
    return core::Status::DataLoss("fuzz");
  }
  core::Result<core::Bytes32> AuthorizationKey(crypto::HashSuite s, std::string_view d,
                                               std::string_view) const override {
    return Key(s, "z", d);
  }
  core::Result<bool> AuthorizedAt(const std::optional<core::Bytes>&, uint64_t) const override {
    return core::Status::DataLoss("fuzz");
  }
  core::Result<core::Bytes32> StatusListKey(crypto::HashSuite s,
                                            std::string_view uri) const override {
    return Key(s, "l", uri);
  }
  core::Result<bool> HasEntry(const std::optional<core::Bytes>&, uint64_t) const override {
    return core::Status::DataLoss("fuzz");
  }
  core::Result<core::Bytes32> StatusKey(crypto::HashSuite s, std::string_view uri,
                                        uint64_t) const override {
    return Key(s, "s", uri);
  }
  core::Result<CredentialStatus> DecodeStatus(const std::optional<core::Bytes>&,
                                              uint64_t) const override {
    return core::Status::DataLoss("fuzz");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const InMemoryLedgerView* ledger = [] {
    auto* view = new InMemoryLedgerView("nj");
    view->AddAuthorization("did:credchain:nj:credit-center", "credit-grade", 1, 0);
    return view;
  }();
  static const VerifierPolicy policy = [] {
    VerifierPolicy p;
    p.accept.push_back({"credit-grade", 1, {}, {"grade"}});
    return p;
  }();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = Presentation::FromJson(input);
  if (parsed.ok()) {
    auto again = Presentation::FromJson(parsed->ToJson());
    if (!again.ok() || !(*again == *parsed)) std::abort();
  }
  static const FuzzCodec codec;
  static const OfflineTrust* trust = [] {
    credchain::ledger::ValidatorSet set;
    set.epoch = 1;
    crypto::PublicKey key;
    key.bytes.fill(7);
    set.validators.push_back({"samr", key});
    return new OfflineTrust{{"nj", crypto::HashSuite::kSha256, {set}}, &codec};
  }();
  const VerifyRequest request{"nonce", "aud", 1790000000};
  for (const VerificationReport& report :
       {VerifyPresentation(input, request, policy, *ledger),
        VerifyPresentationOffline(input, request, policy, *trust)}) {
    if (report.checks.empty() || report.checks[0].name != kCheckFormat) std::abort();
    if (!parsed.ok() && report.checks[0].outcome != CheckOutcome::kFail) std::abort();
    if (parsed.ok() && report.accepted()) std::abort();  // nothing is provable here
  }
  return 0;
}
