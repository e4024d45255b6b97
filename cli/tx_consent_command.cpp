// credchain tx consent grant | revoke and tx access receipts (contracts/consent_payloads.h).
#include <algorithm>
#include <charconv>

#include "cli/tx_command_table.h"
#include "cli/tx_commands.h"
#include "cli/tx_payloads.h"

namespace credchain::cli {
namespace {

core::Result<contracts::Party> ParseGrantee(std::string_view text) {
  constexpr std::string_view kDepartment = "department:";
  constexpr std::string_view kKey = "key:";
  if (text.starts_with(kDepartment)) {
    ASSIGN_OR_RETURN(std::string id, ParseCodeArg("grantee", text.substr(kDepartment.size())));
    return contracts::Party::Department(std::move(id));
  }
  if (text.starts_with(kKey)) {
    ASSIGN_OR_RETURN(crypto::PublicKey key, ParsePublicKeyArg("grantee", text.substr(kKey.size())));
    return contracts::Party::Key(key);
  }
  return FlagError("grantee", "expected department:ID or key:HEX");
}

core::Result<contracts::DataKind> ParseKind(std::string_view flag, std::string_view text) {
  contracts::DataKind kind;
  if (!contracts::ParseDataKind(text, &kind)) {
    return FlagError(flag,
                     "expected licence_record, penalty_record, list_entry, commitment, "
                     "credit_report or credential");
  }
  return kind;
}

std::vector<std::string> SplitCommas(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    parts.emplace_back(text.substr(start, comma - start));
    if (comma == std::string_view::npos) return parts;
    start = comma + 1;
  }
}

}  // namespace

core::Result<contracts::ConsentGrantPayload> BuildConsentGrant(const ConsentGrantOptions& o,
                                                               crypto::HashSuite suite) {
  contracts::ConsentGrantPayload p;
  ASSIGN_OR_RETURN(p.consent_id, ResolveDigest(o.consent, suite));
  ASSIGN_OR_RETURN(p.subject, ParseSubjectArg("subject", o.subject));
  ASSIGN_OR_RETURN(p.grantee, ParseGrantee(o.grantee));
  for (const std::string& text : o.kinds) {
    ASSIGN_OR_RETURN(contracts::DataKind kind, ParseKind("kind", text));
    if (kind == contracts::DataKind::kCredential) {
      return FlagError("kind", "name credentials with --credential ID");
    }
    p.scope.kinds.push_back(kind);
  }
  std::sort(p.scope.kinds.begin(), p.scope.kinds.end());
  if (std::adjacent_find(p.scope.kinds.begin(), p.scope.kinds.end()) != p.scope.kinds.end()) {
    return FlagError("kind", "the same kind is given twice");
  }
  if (o.credential_ids.size() > contracts::kMaxConsentCredentials) {
    return FlagError("credential", "at most 64");
  }
  ASSIGN_OR_RETURN(p.scope.credential_ids, ParseDigestList("credential", o.credential_ids));
  if (p.scope.kinds.empty() && p.scope.credential_ids.empty()) {
    return FlagError("kind", "give at least one --kind or --credential");
  }
  ASSIGN_OR_RETURN(p.valid_through, ParseDateArg("valid-through", o.valid_through));
  return p;
}

core::Result<contracts::ConsentRevokePayload> BuildConsentRevoke(const ConsentRevokeOptions& o) {
  contracts::ConsentRevokePayload p;
  ASSIGN_OR_RETURN(p.consent_id, ParseDigestHex("consent-id", o.consent_id));
  return p;
}

core::Result<contracts::AccessEntry> ParseAccessRead(std::string_view text) {
  const std::vector<std::string> f = SplitCommas(text);
  if (f.size() != 5) {
    return FlagError("read", "expected SUBJECT,KIND,DIGEST,READ_AT_MS,consent:HEX|legal:CODE");
  }
  contracts::AccessEntry e;
  ASSIGN_OR_RETURN(e.subject, ParseSubjectArg("read", f[0]));
  ASSIGN_OR_RETURN(e.what_kind, ParseKind("read", f[1]));
  ASSIGN_OR_RETURN(e.what_digest, ParseDigestHex("read", f[2]));
  const auto [end, ec] = std::from_chars(f[3].data(), f[3].data() + f[3].size(), e.read_at_ms);
  if (ec != std::errc() || end != f[3].data() + f[3].size() || e.read_at_ms == 0) {
    return FlagError("read", "READ_AT_MS must be Unix milliseconds");
  }
  const std::string_view basis = f[4];
  if (basis.starts_with("consent:")) {
    e.basis = contracts::AccessBasis::kConsent;
    ASSIGN_OR_RETURN(e.consent_id, ParseDigestHex("read", basis.substr(8)));
  } else if (basis.starts_with("legal:")) {
    e.basis = contracts::AccessBasis::kLegalBasis;
    ASSIGN_OR_RETURN(e.legal_basis_code, ParseCodeArg("read", basis.substr(6)));
  } else {
    return FlagError("read", "the basis is consent:HEX or legal:CODE");
  }
  return e;
}

core::Result<contracts::AccessReceiptsPayload> BuildAccessReceipts(const AccessReceiptsOptions& o) {
  if (o.reads.empty()) return FlagError("read", "give at least one --read");
  if (o.reads.size() > contracts::kMaxReceiptsPerTx) return FlagError("read", "at most 256");
  contracts::AccessReceiptsPayload p;
  for (const std::string& read : o.reads) {
    ASSIGN_OR_RETURN(contracts::AccessEntry entry, ParseAccessRead(read));
    p.entries.push_back(std::move(entry));
  }
  return p;
}

void RegisterTxConsentCommands(CLI::App* tx, CommandContext& ctx) {
  CLI::App* group = AddTxGroup(tx, "consent", "Consents: grant, revoke (holder)");
  using Grant = ConsentGrantOptions;
  AddTxCommand<Grant>(
      group, ctx,
      {.action = "grant",
       .description = "Grant a verifier access to the subject's data (consent.grant)",
       .example = "credchain tx consent grant --key holder.key --passphrase-env PW "
                  "--consent-document consent.txt --subject 91512081MA62K0260E --grantee "
                  "department:credit-center --kind penalty_record --valid-through 2026-12-31",
       .build = TxBuild(ledger::TxKind::kConsentGrant, BuildConsentGrant),
       .flags = {DigestFlags(&Grant::consent, "the consent text (the digest is the consent id)"),
                 {"subject", &Grant::subject, "Whose data: USCC, legacy:USCC or key:HEX",
                  FlagUse::kRequired},
                 {"grantee", &Grant::grantee, "department:ID or key:HEX", FlagUse::kRequired},
                 {"kind", &Grant::kinds,
                  "Data kind covered (repeatable): licence_record, penalty_record, list_entry, "
                  "commitment, credit_report"},
                 {"credential", &Grant::credential_ids, "Credential id covered (repeatable)"},
                 {"valid-through", &Grant::valid_through, "Last day covered, YYYY-MM-DD",
                  FlagUse::kRequired}}});

  AddTxCommand<ConsentRevokeOptions>(
      group, ctx,
      {.action = "revoke",
       .description = "Revoke a consent you granted (consent.revoke)",
       .example = "credchain tx consent revoke --key holder.key --consent-id HEX",
       .build = TxBuild(ledger::TxKind::kConsentRevoke, BuildConsentRevoke),
       .flags = {{"consent-id", &ConsentRevokeOptions::consent_id, "The consent id",
                  FlagUse::kRequired}}});

  CLI::App* access = AddTxGroup(tx, "access", "Access receipts of reads of non-public data");
  AddTxCommand<AccessReceiptsOptions>(
      access, ctx,
      {.action = "receipts",
       .description = "Record reads of non-public data (access.receipts)",
       .example = "credchain tx access receipts --key bank.key --read "
                  "91512081MA62K0260E,penalty_record,HEX,1780000000000,consent:HEX",
       .build = TxBuild(ledger::TxKind::kAccessReceipts, BuildAccessReceipts),
       .flags = {{"read", &AccessReceiptsOptions::reads,
                  "One read: SUBJECT,KIND,DIGEST,READ_AT_MS,consent:HEX|legal:CODE (repeatable)",
                  FlagUse::kRequired}}});
}

}  // namespace credchain::cli
