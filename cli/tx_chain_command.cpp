// credchain tx governance | schema | credential | status-list | issuer-key | evidence
// (builders in cli/tx_chain_payloads.cpp).
#include "cli/tx_chain_payloads.h"
#include "cli/tx_command_table.h"
#include "cli/tx_commands.h"

namespace credchain::cli {
namespace {

// The anchoring terms credential anchor and anchor-batch share.
template <typename Options>
TxFlag<Options> TermsFlags(AnchorTermsOptions Options::*field) {
  using Terms = AnchorTermsOptions;
  return NestedFlags<Options, Terms>(
      field, {{"schema", &Terms::schema_id, "Credential schema id", FlagUse::kRequired},
              SchemaVersionFlag(&Terms::schema_version),
              {"key-id", &Terms::key_id, "The issuer key that signed (issuer-key rotate)",
               FlagUse::kRequired},
              {"valid-until", &Terms::valid_until, "Expiry date YYYY-MM-DD (default: none)"}});
}

void RegisterGovernance(CLI::App* tx, CommandContext& ctx) {
  CLI::App* g = AddTxGroup(tx, "governance", "Proposals and votes of the validator departments");
  using Propose = GovernanceProposeOptions;
  AddTxCommand<Propose>(
      g, ctx,
      {.action = "propose",
       .description =
           "Propose a governance action (governance.propose); prints the new proposal's id",
       .example = "credchain tx governance propose --key samr.key --passphrase-env PW --action "
                  "grant --department tax --schema credit-grade",
       .build = TxBuild(ledger::TxKind::kGovernancePropose, BuildGovernancePropose),
       .flags = {{"action", &Propose::action,
                  "add_department | remove_department | set_validator_key | grant | revoke | "
                  "observer-add | observer-remove",
                  FlagUse::kRequired},
                 {"department", &Propose::department, "The department the action is about"},
                 {"name", &Propose::name, "Department name (add_department)"},
                 {"validator-key", &Propose::validator_key, "Validator public key (hex)"},
                 {"account-key", &Propose::account_keys, "Account public key (repeatable)"},
                 {"force", &Propose::force, "Allow fewer than 4 validators (remove_department)"},
                 {"schema", &Propose::schema_id, "Schema id (grant, revoke)"},
                 {"observer-key", &Propose::observer_key, "Observer node P2P key (hex)"},
                 {"owner-name", &Propose::owner_name, "Observer owner's name (observer-add)"},
                 {"owner-code", &Propose::owner_code, "Observer owner's code (observer-add)"}},
       .read_result = ReadProposalResult});

  using Vote = GovernanceVoteOptions;
  AddTxCommand<Vote>(
      g, ctx,
      {.action = "vote",
       .description =
           "Vote on an open proposal (governance.vote); prints its status after the vote",
       .example = "credchain tx governance vote --key tax.key --proposal 3 --vote yes",
       .build = TxBuild(ledger::TxKind::kGovernanceVote, BuildGovernanceVote),
       .flags = {{"proposal", &Vote::proposal, "Proposal id", FlagUse::kRequired},
                 {"vote", &Vote::vote, "yes | no", FlagUse::kRequired}},
       .read_result = ReadProposalResult});
}

void RegisterSchema(CLI::App* tx, CommandContext& ctx) {
  CLI::App* g = AddTxGroup(tx, "schema", "Credential and record schemas");
  AddTxCommand<SchemaRegisterOptions>(
      g, ctx,
      {.action = "register",
       .description = "Register a schema version (schema.register)",
       .example = "credchain tx schema register --key samr.key --schema-file business-licence.json",
       .build = TxBuild(ledger::TxKind::kSchemaRegister, BuildSchemaRegister),
       .flags = {{"schema-file", &SchemaRegisterOptions::schema_file, "Schema JSON (docs/adr/0004)",
                  FlagUse::kRequired}}});

  using Deprecate = SchemaDeprecateOptions;
  AddTxCommand<Deprecate>(
      g, ctx,
      {.action = "deprecate",
       .description = "Deprecate a schema version (schema.deprecate)",
       .example = "credchain tx schema deprecate --key samr.key --schema business-licence "
                  "--schema-version 1",
       .build = TxBuild(ledger::TxKind::kSchemaDeprecate, BuildSchemaDeprecate),
       .flags = {
           {"schema", &Deprecate::schema_id, "Schema id", FlagUse::kRequired},
           {"schema-version", &Deprecate::schema_version, "Schema version", FlagUse::kRequired}}});
}

void RegisterCredentialAnchors(CLI::App* g, CommandContext& ctx) {
  using Anchor = CredentialAnchorOptions;
  AddTxCommand<Anchor>(
      g, ctx,
      {.action = "anchor",
       .description = "Anchor one credential (credential.anchor)",
       .example = "credchain tx credential anchor --key samr.key --jwt licence.jwt --schema "
                  "business-licence --key-id k1 --valid-until 2031-06-30",
       .build = TxBuild(ledger::TxKind::kCredentialAnchor, BuildCredentialAnchor),
       .flags = {DigestFlags(&Anchor::credential,
                             "the issuer-signed JWT without disclosures (the credential id)"),
                 TermsFlags(&Anchor::terms)}});

  using Batch = CredentialAnchorBatchOptions;
  AddTxCommand<Batch>(
      g, ctx,
      {.action = "anchor-batch",
       .description = "Anchor many credentials by Merkle root (credential.anchor_batch)",
       .example = "credchain tx credential anchor-batch --key samr.key --batch-root HEX --count "
                  "1000 --schema credit-grade --key-id k1",
       .build = TxBuild(ledger::TxKind::kCredentialAnchorBatch, BuildCredentialAnchorBatch),
       .flags = {{"batch-root", &Batch::batch_root, "Merkle root over the credential ids",
                  FlagUse::kRequired},
                 {"count", &Batch::count, "Credentials in the batch", FlagUse::kRequired},
                 TermsFlags(&Batch::terms)}});
}

void RegisterCredential(CLI::App* tx, CommandContext& ctx) {
  CLI::App* g = AddTxGroup(tx, "credential", "Credential anchors and status changes");
  RegisterCredentialAnchors(g, ctx);
  using Status = StatusSetOptions;
  AddTxCommand<Status>(
      g, ctx,
      {.action = "status",
       .description = "Revoke, suspend or reinstate credentials (status.set)",
       .example = "credchain tx credential status --key samr.key --department samr "
                  "--list-number 1 --op revoke --index 17 --index 42",
       .build = TxBuild(ledger::TxKind::kStatusSet, BuildStatusSet),
       .flags = {
           {"department", &Status::department, "The status list's department", FlagUse::kRequired},
           {"list-number", &Status::list_number, "Status list number", FlagUse::kRequired},
           {"op", &Status::op, "revoke | suspend | reinstate", FlagUse::kRequired},
           {"index", &Status::indices, "Entry index (repeatable)", FlagUse::kRequired}}});
}

void RegisterIssuerAndEvidence(CLI::App* tx, CommandContext& ctx) {
  using Create = StatusListCreateOptions;
  AddTxCommand<Create>(
      AddTxGroup(tx, "status-list", "Status lists"), ctx,
      {.action = "create",
       .description = "Create a status list (status_list.create)",
       .example = "credchain tx status-list create --key samr.key --list-number 1 --size 8192",
       .build = TxBuild(ledger::TxKind::kStatusListCreate, BuildStatusListCreate),
       .flags = {{"list-number", &Create::list_number, "The department's list number",
                  FlagUse::kRequired},
                 {"size", &Create::size, "Entries, a multiple of 4096", FlagUse::kShowDefault},
                 {"purpose", &Create::purposes, "revocation | suspension (default both)"}}});

  using Rotate = IssuerKeyRotateOptions;
  AddTxCommand<Rotate>(
      AddTxGroup(tx, "issuer-key", "Issuer signing keys"), ctx,
      {.action = "rotate",
       .description = "Add an issuer key, optionally retiring another (issuer_key.rotate)",
       .example = "credchain tx issuer-key rotate --key samr.key --key-id k2 --public-key HEX "
                  "--retire k1",
       .build = TxBuild(ledger::TxKind::kIssuerKeyRotate, BuildIssuerKeyRotate),
       .flags = {{"key-id", &Rotate::key_id, "Id of the new key", FlagUse::kRequired},
                 {"public-key", &Rotate::public_key, "The new key (hex)", FlagUse::kRequired},
                 {"retire", &Rotate::retire_key_id, "Key id to retire"}}});

  using Evidence = EvidenceAnchorOptions;
  AddTxCommand<Evidence>(
      AddTxGroup(tx, "evidence", "Document evidence"), ctx,
      {.action = "anchor",
       .description = "Anchor a document's digest (evidence.anchor)",
       .example = "credchain tx evidence anchor --key samr.key --document licence.ofd "
                  "--document-type business-licence",
       .build = TxBuild(ledger::TxKind::kEvidenceAnchor, BuildEvidenceAnchor),
       .flags = {DigestFlags(&Evidence::document, "the document (OFD/PDF)"),
                 {"document-type", &Evidence::document_type, "Schema id of the document type",
                  FlagUse::kRequired}}});
}

}  // namespace

void RegisterTxChainCommands(CLI::App* tx, CommandContext& ctx) {
  RegisterGovernance(tx, ctx);
  RegisterSchema(tx, ctx);
  RegisterCredential(tx, ctx);
  RegisterIssuerAndEvidence(tx, ctx);
}

}  // namespace credchain::cli
