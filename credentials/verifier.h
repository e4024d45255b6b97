// Presentation verification: turns a presentation envelope, the verifier's request (nonce,
// audience, time) and policy, and ledger facts into a VerificationReport (report.h) that names
// every check with pass/fail/skipped and a reason.
//
// Checks, in order: format; schema_accepted (policy); anchored (credential id or batch Merkle
// path to an anchored root, anchored by the issuer) which fixes the issuance height;
// issuer_key (the kid's key valid at that height) and issuer_signature (under that key);
// issuer_authorized (for the vct's schema at that height); disclosures (RFC 9901 §7.1);
// not_expired; not_revoked, not_suspended and status_proof; holder_binding, nonce, audience,
// freshness, sd_hash and extension_hash (KB-JWT); required_claims; predicates (each proof
// against the issuer-signed commitment to its claim, bound to this verifier's audience and
// nonce, and every predicate the policy requires; credentials/predicate_check.h).
// Holder binding is required or not by policy alone: a missing KB-JWT fails when the policy
// requires one, and a presented KB-JWT is always checked.
// A check that cannot be evaluated because something it depends on failed fails too, with the
// reason; nothing is silently skipped. The verifier never logs claims or the report.
// Online, the facts come from a LedgerView; offline, from the presentation's proof bundle alone.
// Thread safety: both functions are reentrant; the LedgerView must tolerate concurrent const
// calls if used from several threads.
#pragma once

#include <string>
#include <string_view>

#include "credentials/ledger_view.h"
#include "credentials/policy.h"
#include "credentials/presentation.h"
#include "credentials/report.h"
#include "credentials/status_bundle.h"

namespace credchain::credentials {

struct VerifyRequest {
  std::string nonce;     // the nonce this verifier issued for this transaction
  std::string audience;  // this verifier's identifier
  int64_t now_s = 0;     // current Unix time
};

// Online: every ledger fact (anchor, issuer key, authorisation, status) from `ledger`, e.g. a
// node's state or REST API; status_proof is skipped.
VerificationReport VerifyPresentation(std::string_view envelope_json, const VerifyRequest& request,
                                      const VerifierPolicy& policy, const LedgerView& ledger);
VerificationReport VerifyPresentation(const Presentation& presentation,
                                      const VerifyRequest& request, const VerifierPolicy& policy,
                                      const LedgerView& ledger);

// Offline: every ledger fact from the presentation's proof bundle, verified against `trust`
// alone (credentials/bundle_ledger_view.h). status_proof fails, and every ledger check with it,
// when the bundle is missing or does not verify; status_proof, not_revoked and not_suspended
// fail when the certified state is older than the policy's max_status_age_s.
VerificationReport VerifyPresentationOffline(std::string_view envelope_json,
                                             const VerifyRequest& request,
                                             const VerifierPolicy& policy,
                                             const OfflineTrust& trust);
VerificationReport VerifyPresentationOffline(const Presentation& presentation,
                                             const VerifyRequest& request,
                                             const VerifierPolicy& policy,
                                             const OfflineTrust& trust);

}  // namespace credchain::credentials
