#include "credentials/verifier.h"

#include <nlohmann/json.hpp>

#include "core/hex.h"
#include "credentials/bundle_ledger_view.h"
#include "credentials/did.h"
#include "credentials/jws.h"
#include "credentials/key_binding.h"
#include "credentials/predicate_check.h"
#include "credentials/sd_jwt.h"
#include "credentials/sd_jwt_vc.h"
#include "credentials/strict_json.h"
#include "crypto/merkle.h"

namespace credchain::credentials {

using nlohmann::json;

namespace {

constexpr CheckOutcome kPass = CheckOutcome::kPass;
constexpr CheckOutcome kFail = CheckOutcome::kFail;
constexpr CheckOutcome kSkipped = CheckOutcome::kSkipped;

// Offline: the certified state the ledger facts come from, or why there is none.
struct OfflineState {
  const CertifiedState* certified = nullptr;
  std::string problem;  // set when certified is null
};

// Every answer is `status`: the LedgerView of an offline verification without a usable bundle.
class FailingLedgerView final : public LedgerView {
 public:
  FailingLedgerView(const TrustedValidators& trust, core::Status status)
      : trust_(trust), status_(std::move(status)) {}
  crypto::HashSuite suite() const override { return trust_.suite; }
  std::string chain_id() const override { return trust_.chain_id; }
  core::Result<std::optional<AnchorRecord>> FindAnchor(const core::Bytes32&) const override {
    return status_;
  }
  core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(std::string_view, std::string_view,
                                                             uint64_t) const override {
    return status_;
  }
  core::Result<bool> IssuerAuthorized(std::string_view, std::string_view, uint32_t,
                                      uint64_t) const override {
    return status_;
  }
  core::Result<std::optional<CredentialStatus>> Status(std::string_view, uint64_t) const override {
    return status_;
  }

 private:
  const TrustedValidators& trust_;
  core::Status status_;
};

class Verification {
 public:
  Verification(const Presentation& p, const VerifyRequest& request, const VerifierPolicy& policy,
               const LedgerView& ledger, const OfflineState* offline = nullptr)
      : p_(p), request_(request), policy_(policy), ledger_(ledger), offline_(offline) {}

  VerificationReport Run() {
    if (!Parse()) return std::move(report_);
    CheckSchemaAccepted();
    CheckAnchor();
    CheckIssuer();
    CheckDisclosures();
    CheckValidity();
    CheckStatus();
    CheckKeyBinding();
    CheckRequiredClaims();
    CheckPredicates();
    return std::move(report_);
  }

 private:
  void Add(std::string_view name, CheckOutcome outcome, std::string reason) {
    report_.Add(name, outcome, std::move(reason));
  }

  bool Parse() {
    core::Status status = ParseParts();
    if (status.ok()) {
      Add(kCheckFormat, kPass, "SD-JWT VC presentation");
      return true;
    }
    Add(kCheckFormat, kFail, status.message());
    return false;
  }

  core::Status ParseParts() {
    ASSIGN_OR_RETURN(sd_, SdJwt::Parse(p_.sd_jwt));
    json header;
    ASSIGN_OR_RETURN(jws_, ParseCompactJws(sd_.issuer_jwt, "issuer-signed JWT", &header));
    ASSIGN_OR_RETURN(payload_, ParseJsonObject(jws_.payload_json, kMaxJwsBytes, "payload"));
    ASSIGN_OR_RETURN(vc_, ReadVcFields(header, payload_));
    id_ = CredentialId(sd_.issuer_jwt);
    report_.credential_id = core::HexEncode(id_);
    report_.issuer = vc_.kid.did.ToString();
    report_.vct = vc_.schema.ToVct();
    return core::Status::Ok();
  }

  void CheckSchemaAccepted() {
    accepted_ = policy_.Find(vc_.schema.schema_id, vc_.schema.schema_version);
    if (accepted_ == nullptr) {
      return Add(kCheckSchemaAccepted, kFail, report_.vct + " is not accepted by the policy");
    }
    const auto& issuers = accepted_->issuers;
    if (!issuers.empty() &&
        std::find(issuers.begin(), issuers.end(), report_.issuer) == issuers.end()) {
      return Add(kCheckSchemaAccepted, kFail, "issuer " + report_.issuer + " not in the policy");
    }
    Add(kCheckSchemaAccepted, kPass, report_.vct + " from " + report_.issuer);
  }

  void CheckAnchor() {
    core::Bytes32 anchor_id = id_;
    uint64_t expected_size = 0;
    if (p_.anchor.kind == AnchorKind::kBatch) {
      core::Status in_batch =
          crypto::MerkleVerify(ledger_.suite(), id_, p_.anchor.path, p_.anchor.batch_root);
      if (!in_batch.ok()) return Add(kCheckAnchored, kFail, "batch path: " + in_batch.message());
      anchor_id = p_.anchor.batch_root;
      expected_size = p_.anchor.path.tree_size;
    }
    auto record = ledger_.FindAnchor(anchor_id);
    if (!record.ok()) return Add(kCheckAnchored, kFail, "ledger: " + record.status().message());
    if (!record->has_value()) return Add(kCheckAnchored, kFail, "not anchored on chain");
    const AnchorRecord& anchor = **record;
    if (anchor.batch_size != expected_size) {
      return Add(kCheckAnchored, kFail, "anchor batch size does not match the presented path");
    }
    if (anchor.issuer_did != report_.issuer) {
      return Add(kCheckAnchored, kFail, "anchored by " + anchor.issuer_did + ", not the issuer");
    }
    height_ = anchor.height;
    Add(kCheckAnchored, kPass,
        std::string(p_.anchor.kind == AnchorKind::kBatch ? "in a batch " : "") +
            "anchored at height " + std::to_string(anchor.height));
  }

  void CheckIssuer() {
    if (!height_) {
      const std::string reason = "no issuance height: credential not anchored";
      Add(kCheckIssuerKey, kFail, reason);
      Add(kCheckIssuerSignature, kFail, reason);
      return Add(kCheckIssuerAuthorized, kFail, reason);
    }
    const std::string at = " at height " + std::to_string(*height_);
    auto key = ledger_.IssuerKeyAt(report_.issuer, vc_.kid.key_id, *height_);
    if (!key.ok()) {
      Add(kCheckIssuerKey, kFail, "ledger: " + key.status().message());
      Add(kCheckIssuerSignature, kFail, "issuer key unknown");
    } else if (!key->has_value()) {
      Add(kCheckIssuerKey, kFail, "key " + vc_.kid.key_id + " not valid" + at);
      Add(kCheckIssuerSignature, kFail, "issuer key unknown");
    } else {
      Add(kCheckIssuerKey, kPass, "key " + vc_.kid.key_id + " valid" + at);
      signature_ok_ = VerifyCompactJws(jws_, **key);
      Add(kCheckIssuerSignature, signature_ok_ ? kPass : kFail,
          signature_ok_ ? "EdDSA signature valid" : "signature does not verify under the key");
    }
    auto authorized = ledger_.IssuerAuthorized(report_.issuer, vc_.schema.schema_id,
                                               vc_.schema.schema_version, *height_);
    if (!authorized.ok()) {
      return Add(kCheckIssuerAuthorized, kFail, "ledger: " + authorized.status().message());
    }
    Add(kCheckIssuerAuthorized, *authorized ? kPass : kFail,
        std::string(*authorized ? "authorised" : "not authorised") + " for " + report_.vct + at);
  }

  void CheckDisclosures() {
    auto processed = ProcessDisclosures(std::move(payload_), sd_.disclosures);
    if (!processed.ok()) return Add(kCheckDisclosures, kFail, processed.status().message());
    processed_ = std::move(processed).value();
    disclosures_ok_ = true;
    Add(kCheckDisclosures, kPass, std::to_string(sd_.disclosures.size()) + " disclosed");
    // Only claims the issuer's signature vouches for are handed to the application.
    if (signature_ok_) report_.disclosed_claims_json = DumpClaims(&processed_);
  }

  // DumpJson of the processed claims without the commitments (which are not claims): they are
  // taken out of the object for the dump and put back, so nothing is copied.
  static std::string DumpClaims(json* processed) {
    json::object_t& claims = processed->get_ref<json::object_t&>();
    std::vector<json::object_t::node_type> commitments;
    for (auto it = claims.begin(); it != claims.end();) {
      auto next = std::next(it);
      if (CommittedClaimOf(it->first)) commitments.push_back(claims.extract(it));
      it = next;
    }
    std::string out = DumpJson(*processed);
    for (auto& node : commitments) claims.insert(std::move(node));
    return out;
  }

  void CheckValidity() {
    const int64_t now = request_.now_s;
    const int64_t skew = policy_.clock_skew_s;
    if (now - skew >= vc_.exp_s) {
      return Add(kCheckNotExpired, kFail, "expired at " + std::to_string(vc_.exp_s));
    }
    if (vc_.nbf_s && *vc_.nbf_s > now + skew) {
      return Add(kCheckNotExpired, kFail, "not valid before " + std::to_string(*vc_.nbf_s));
    }
    if (vc_.iat_s > now + skew) return Add(kCheckNotExpired, kFail, "issued in the future");
    Add(kCheckNotExpired, kPass, "valid until " + std::to_string(vc_.exp_s));
  }

  void FailStatus(const std::string& bits_reason, const std::string& proof_reason) {
    Add(kCheckNotRevoked, kFail, "status unknown: " + bits_reason);
    Add(kCheckNotSuspended, kFail, "status unknown: " + bits_reason);
    Add(kCheckStatusProof, kFail, proof_reason);
  }

  void AddStatusBits(const CredentialStatus& s) {
    const std::string as_of = " (as of height " + std::to_string(s.as_of_height) + ")";
    Add(kCheckNotRevoked, s.revoked ? kFail : kPass,
        (s.revoked ? "revoked" : "not revoked") + as_of);
    Add(kCheckNotSuspended, s.suspended ? kFail : kPass,
        (s.suspended ? "suspended" : "not suspended") + as_of);
  }

  // The bits from the bundle's certified state, which must be recent enough for the policy.
  void CheckStatusOffline() {
    if (offline_->certified == nullptr) {
      return FailStatus("no verified proof bundle", offline_->problem);
    }
    const int64_t age_s = (request_.now_s * 1000 - offline_->certified->timestamp_ms) / 1000;
    if (age_s > policy_.max_status_age_s) {
      return FailStatus("proof bundle too old",
                        "certified state is " + std::to_string(age_s) + " s old (max " +
                            std::to_string(policy_.max_status_age_s) + " s)");
    }
    auto status = ledger_.Status(vc_.status_uri, vc_.status_index);
    if (!status.ok()) return FailStatus("not proven by the bundle", status.status().message());
    if (!status->has_value()) {
      return FailStatus("status list entry not found", "the bundle proves no such entry");
    }
    AddStatusBits(**status);
    Add(kCheckStatusProof, kPass,
        "certified state at height " + std::to_string(offline_->certified->state_height) + ", " +
            std::to_string(age_s) + " s old");
  }

  // The status list must be the issuer's own (ADR 0006): bits in another department's list are
  // set by that department, so they say nothing about whether the issuer revoked it.
  bool CheckStatusListOwner() {
    auto ref = StatusListRef::Parse(vc_.status_uri);
    std::string problem;
    if (!ref.ok()) {
      problem = ref.status().message();
    } else if (ref->Owner() != vc_.kid.did) {
      problem = "the status list belongs to " + ref->Owner().ToString() + ", not the issuer";
    }
    if (!problem.empty()) {
      Add(kCheckStatusList, kFail, problem);
      FailStatus("no status list of the issuer", "no status list of the issuer");
      return false;
    }
    Add(kCheckStatusList, kPass, "list " + std::to_string(ref->number) + " of the issuer");
    return true;
  }

  void CheckStatus() {
    if (!CheckStatusListOwner()) return;
    if (offline_ != nullptr) return CheckStatusOffline();
    auto status = ledger_.Status(vc_.status_uri, vc_.status_index);
    std::string unknown;
    if (!status.ok()) unknown = "ledger: " + status.status().message();
    if (status.ok() && !status->has_value()) unknown = "status list entry not found";
    if (!unknown.empty()) {
      Add(kCheckNotRevoked, kFail, unknown);
      Add(kCheckNotSuspended, kFail, unknown);
    } else {
      AddStatusBits(**status);
    }
    Add(kCheckStatusProof, kSkipped, "online: status read from the ledger");
  }

  void FailKeyBindingChecks(std::string_view reason, CheckOutcome outcome) {
    for (std::string_view name :
         {kCheckNonce, kCheckAudience, kCheckFreshness, kCheckSdHash, kCheckExtensionHash}) {
      Add(name, outcome, std::string(reason));
    }
  }

  void CheckKeyBinding() {
    const bool required = policy_.holder_binding == HolderBinding::kRequired;
    if (sd_.kb_jwt.empty()) {
      if (required) {
        Add(kCheckHolderBinding, kFail, "policy requires key binding; no KB-JWT presented");
        return FailKeyBindingChecks("no KB-JWT", kFail);
      }
      Add(kCheckHolderBinding, kSkipped, "no KB-JWT; policy does not require holder binding");
      return FailKeyBindingChecks("no KB-JWT", kSkipped);
    }
    auto kb = ParseKeyBindingJwt(sd_.kb_jwt);
    if (!kb.ok()) {
      Add(kCheckHolderBinding, kFail, kb.status().message());
      return FailKeyBindingChecks("KB-JWT unusable", kFail);
    }
    const bool bound = VerifyCompactJws(kb->jws, vc_.holder_key);
    Add(kCheckHolderBinding, bound ? kPass : kFail,
        bound ? "KB-JWT signed by the cnf key" : "KB-JWT not signed by the credential's cnf key");
    CheckKeyBindingClaims(kb->claims);
  }

  void CheckKeyBindingClaims(const KeyBindingClaims& c) {
    Add(kCheckNonce, c.nonce == request_.nonce ? kPass : kFail,
        c.nonce == request_.nonce ? "matches" : "does not match this transaction's nonce");
    Add(kCheckAudience, c.aud == request_.audience ? kPass : kFail,
        c.aud == request_.audience ? "matches" : "KB-JWT was made for another verifier");
    const int64_t age = request_.now_s - c.iat_s;
    if (age > policy_.kb_max_age_s) {
      Add(kCheckFreshness, kFail, "KB-JWT is " + std::to_string(age) + " s old");
    } else if (-age > policy_.clock_skew_s) {
      Add(kCheckFreshness, kFail, "KB-JWT iat is in the future");
    } else {
      Add(kCheckFreshness, kPass, "KB-JWT " + std::to_string(age) + " s old");
    }
    const bool sd_hash_ok = c.sd_hash == SdHash(PresentedPrefixOf(p_.sd_jwt));
    Add(kCheckSdHash, sd_hash_ok ? kPass : kFail,
        sd_hash_ok ? "covers the presented disclosures" : "does not match the presented SD-JWT");
    const std::string expected = ExtensionHash(p_.predicates);
    if (!c.ext_hash) {
      Add(kCheckExtensionHash, p_.predicates.empty() ? kPass : kFail,
          p_.predicates.empty() ? "no extension" : "predicate proofs not bound by the KB-JWT");
    } else {
      Add(kCheckExtensionHash, *c.ext_hash == expected ? kPass : kFail,
          *c.ext_hash == expected ? "binds the predicate proofs" : "predicate proofs changed");
    }
  }

  void CheckRequiredClaims() {
    if (!disclosures_ok_) return Add(kCheckRequiredClaims, kFail, "disclosures not verified");
    std::string missing;
    if (accepted_ != nullptr) {
      for (const std::string& name : accepted_->required_claims) {
        if (!processed_.contains(name)) missing += (missing.empty() ? "" : ", ") + name;
      }
    }
    if (!missing.empty()) return Add(kCheckRequiredClaims, kFail, "not disclosed: " + missing);
    Add(kCheckRequiredClaims, accepted_ ? kPass : kFail,
        accepted_ ? "all disclosed" : "no policy entry for this credential type");
  }

  void CheckPredicates() {
    // Commitments are trusted only from claims the issuer's signature vouches for.
    const bool trusted = signature_ok_ && disclosures_ok_;
    const PredicateCheckInput input{p_.predicates, policy_.required_predicates,
                                    trusted ? &processed_ : nullptr,
                                    PredicateScope{request_.audience, request_.nonce, id_}};
    credentials::CheckPredicates(input, &report_);
  }

  const Presentation& p_;
  const VerifyRequest& request_;
  const VerifierPolicy& policy_;
  const LedgerView& ledger_;
  const OfflineState* offline_;
  VerificationReport report_;
  SdJwt sd_;
  CompactJws jws_;
  json payload_;
  json processed_;
  VcFields vc_;
  core::Bytes32 id_{};
  std::optional<uint64_t> height_;
  const AcceptedCredential* accepted_ = nullptr;
  bool signature_ok_ = false;
  bool disclosures_ok_ = false;
};

VerificationReport InternalError() {
  VerificationReport report;
  report.Add(kCheckFormat, kFail, "internal error while verifying");
  return report;
}

VerificationReport MalformedEnvelope(const core::Status& status) {
  VerificationReport report;
  report.Add(kCheckFormat, kFail, status.message());
  return report;
}

}  // namespace

VerificationReport VerifyPresentation(const Presentation& presentation,
                                      const VerifyRequest& request, const VerifierPolicy& policy,
                                      const LedgerView& ledger) {
  try {
    return Verification(presentation, request, policy, ledger).Run();
  } catch (const std::exception&) {
    return InternalError();
  }
}

VerificationReport VerifyPresentation(std::string_view envelope_json, const VerifyRequest& request,
                                      const VerifierPolicy& policy, const LedgerView& ledger) {
  auto presentation = Presentation::FromJson(envelope_json);
  if (!presentation.ok()) return MalformedEnvelope(presentation.status());
  return VerifyPresentation(*presentation, request, policy, ledger);
}

VerificationReport VerifyPresentationOffline(const Presentation& presentation,
                                             const VerifyRequest& request,
                                             const VerifierPolicy& policy,
                                             const OfflineTrust& trust) {
  try {
    OfflineState offline;
    core::Result<std::unique_ptr<BundleLedgerView>> view =
        core::Status::FailedPrecondition("offline verification needs a proof bundle");
    if (presentation.status_proof) view = BundleLedgerView::Open(*presentation.status_proof, trust);
    if (!view.ok()) {
      offline.problem = view.status().message();
      const FailingLedgerView failing(
          trust.validators, core::Status::FailedPrecondition("proof bundle: " + offline.problem));
      return Verification(presentation, request, policy, failing, &offline).Run();
    }
    offline.certified = &(*view)->certified();
    return Verification(presentation, request, policy, **view, &offline).Run();
  } catch (const std::exception&) {
    return InternalError();
  }
}

VerificationReport VerifyPresentationOffline(std::string_view envelope_json,
                                             const VerifyRequest& request,
                                             const VerifierPolicy& policy,
                                             const OfflineTrust& trust) {
  auto presentation = Presentation::FromJson(envelope_json);
  if (!presentation.ok()) return MalformedEnvelope(presentation.status());
  return VerifyPresentationOffline(*presentation, request, policy, trust);
}

}  // namespace credchain::credentials
