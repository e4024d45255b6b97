// credchain tx governance | schema | credential | status-list | issuer-key | evidence
// (builders in cli/tx_chain_payloads.cpp).
#include <memory>

#include "cli/tx_chain_payloads.h"
#include "cli/tx_commands.h"
#include "cli/tx_submit.h"

namespace credchain::cli {
namespace {

// Builders that need no suite (nothing to hash).
template <typename Options, typename BuildFn>
PayloadBuilder PlainBuilder(std::shared_ptr<Options> o, ledger::TxKind kind, BuildFn build) {
  return MakeBuilder(o, kind,
                     [build](const Options& opts, crypto::HashSuite) { return build(opts); });
}

CLI::App* Group(CLI::App* tx, const std::string& name, const std::string& description) {
  CLI::App* group = tx->add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

void AddTermsOptions(CLI::App* c, AnchorTermsOptions* t) {
  c->add_option("--schema", t->schema_id, "Credential schema id")->required();
  c->add_option("--schema-version", t->schema_version, "Schema version")->capture_default_str();
  c->add_option("--key-id", t->key_id, "The issuer key that signed (issuer-key rotate)")
      ->required();
  c->add_option("--valid-until", t->valid_until, "Expiry date YYYY-MM-DD (default: none)");
}

void RegisterGovernance(CLI::App* tx, CommandContext& ctx) {
  CLI::App* g = Group(tx, "governance", "Proposals and votes of the validator departments");
  auto propose = std::make_shared<GovernanceProposeOptions>();
  CLI::App* c = AddTxCommand(
      g, ctx, "propose",
      "Propose a governance action (governance.propose); prints the new proposal's id",
      "credchain tx governance propose --key samr.key --passphrase-env PW --action grant "
      "--department tax --schema credit-grade",
      PlainBuilder(propose, ledger::TxKind::kGovernancePropose, BuildGovernancePropose),
      ReadProposalResult);
  c->add_option("--action", propose->action,
                "add_department | remove_department | set_validator_key | grant | revoke | "
                "observer-add | observer-remove")
      ->required();
  c->add_option("--department", propose->department, "The department the action is about");
  c->add_option("--name", propose->name, "Department name (add_department)");
  c->add_option("--validator-key", propose->validator_key, "Validator public key (hex)");
  c->add_option("--account-key", propose->account_keys, "Account public key (repeatable)");
  c->add_flag("--force", propose->force, "Allow fewer than 4 validators (remove_department)");
  c->add_option("--schema", propose->schema_id, "Schema id (grant, revoke)");
  c->add_option("--observer-key", propose->observer_key, "Observer node P2P key (hex)");
  c->add_option("--owner-name", propose->owner_name, "Observer owner's name (observer-add)");
  c->add_option("--owner-code", propose->owner_code, "Observer owner's code (observer-add)");

  auto vote = std::make_shared<GovernanceVoteOptions>();
  c = AddTxCommand(g, ctx, "vote",
                   "Vote on an open proposal (governance.vote); prints its status after the vote",
                   "credchain tx governance vote --key tax.key --proposal 3 --vote yes",
                   PlainBuilder(vote, ledger::TxKind::kGovernanceVote, BuildGovernanceVote),
                   ReadProposalResult);
  c->add_option("--proposal", vote->proposal, "Proposal id")->required();
  c->add_option("--vote", vote->vote, "yes | no")->required();
}

void RegisterSchema(CLI::App* tx, CommandContext& ctx) {
  CLI::App* g = Group(tx, "schema", "Credential and record schemas");
  auto reg = std::make_shared<SchemaRegisterOptions>();
  CLI::App* c = AddTxCommand(
      g, ctx, "register", "Register a schema version (schema.register)",
      "credchain tx schema register --key samr.key --schema-file business-licence.json",
      PlainBuilder(reg, ledger::TxKind::kSchemaRegister, BuildSchemaRegister));
  c->add_option("--schema-file", reg->schema_file, "Schema JSON (docs/adr/0004)")->required();

  auto dep = std::make_shared<SchemaDeprecateOptions>();
  c = AddTxCommand(g, ctx, "deprecate", "Deprecate a schema version (schema.deprecate)",
                   "credchain tx schema deprecate --key samr.key --schema business-licence "
                   "--schema-version 1",
                   PlainBuilder(dep, ledger::TxKind::kSchemaDeprecate, BuildSchemaDeprecate));
  c->add_option("--schema", dep->schema_id, "Schema id")->required();
  c->add_option("--schema-version", dep->schema_version, "Schema version")->required();
}

void RegisterCredential(CLI::App* tx, CommandContext& ctx) {
  CLI::App* g = Group(tx, "credential", "Credential anchors and status changes");
  auto anchor = std::make_shared<CredentialAnchorOptions>();
  CLI::App* c =
      AddTxCommand(g, ctx, "anchor", "Anchor one credential (credential.anchor)",
                   "credchain tx credential anchor --key samr.key --jwt licence.jwt --schema "
                   "business-licence --key-id k1 --valid-until 2031-06-30",
                   MakeBuilder(anchor, ledger::TxKind::kCredentialAnchor, BuildCredentialAnchor));
  AddDigestOptions(c, &anchor->credential,
                   "the issuer-signed JWT without disclosures (the credential id)");
  AddTermsOptions(c, &anchor->terms);

  auto batch = std::make_shared<CredentialAnchorBatchOptions>();
  c = AddTxCommand(
      g, ctx, "anchor-batch", "Anchor many credentials by Merkle root (credential.anchor_batch)",
      "credchain tx credential anchor-batch --key samr.key --batch-root HEX --count 1000 "
      "--schema credit-grade --key-id k1",
      PlainBuilder(batch, ledger::TxKind::kCredentialAnchorBatch, BuildCredentialAnchorBatch));
  c->add_option("--batch-root", batch->batch_root, "Merkle root over the credential ids")
      ->required();
  c->add_option("--count", batch->count, "Credentials in the batch")->required();
  AddTermsOptions(c, &batch->terms);

  auto status = std::make_shared<StatusSetOptions>();
  c = AddTxCommand(g, ctx, "status", "Revoke, suspend or reinstate credentials (status.set)",
                   "credchain tx credential status --key samr.key --department samr "
                   "--list-number 1 --op revoke --index 17 --index 42",
                   PlainBuilder(status, ledger::TxKind::kStatusSet, BuildStatusSet));
  c->add_option("--department", status->department, "The status list's department")->required();
  c->add_option("--list-number", status->list_number, "Status list number")->required();
  c->add_option("--op", status->op, "revoke | suspend | reinstate")->required();
  c->add_option("--index", status->indices, "Entry index (repeatable)")->required();
}

void RegisterIssuerAndEvidence(CLI::App* tx, CommandContext& ctx) {
  auto create = std::make_shared<StatusListCreateOptions>();
  CLI::App* c =
      AddTxCommand(Group(tx, "status-list", "Status lists"), ctx, "create",
                   "Create a status list (status_list.create)",
                   "credchain tx status-list create --key samr.key --list-number 1 --size 8192",
                   PlainBuilder(create, ledger::TxKind::kStatusListCreate, BuildStatusListCreate));
  c->add_option("--list-number", create->list_number, "The department's list number")->required();
  c->add_option("--size", create->size, "Entries, a multiple of 4096")->capture_default_str();
  c->add_option("--purpose", create->purposes, "revocation | suspension (default both)");

  auto rotate = std::make_shared<IssuerKeyRotateOptions>();
  c = AddTxCommand(Group(tx, "issuer-key", "Issuer signing keys"), ctx, "rotate",
                   "Add an issuer key, optionally retiring another (issuer_key.rotate)",
                   "credchain tx issuer-key rotate --key samr.key --key-id k2 --public-key HEX "
                   "--retire k1",
                   PlainBuilder(rotate, ledger::TxKind::kIssuerKeyRotate, BuildIssuerKeyRotate));
  c->add_option("--key-id", rotate->key_id, "Id of the new key")->required();
  c->add_option("--public-key", rotate->public_key, "The new key (hex)")->required();
  c->add_option("--retire", rotate->retire_key_id, "Key id to retire");

  auto evidence = std::make_shared<EvidenceAnchorOptions>();
  c = AddTxCommand(Group(tx, "evidence", "Document evidence"), ctx, "anchor",
                   "Anchor a document's digest (evidence.anchor)",
                   "credchain tx evidence anchor --key samr.key --document licence.ofd "
                   "--document-type business-licence",
                   MakeBuilder(evidence, ledger::TxKind::kEvidenceAnchor, BuildEvidenceAnchor));
  AddDigestOptions(c, &evidence->document, "the document (OFD/PDF)");
  c->add_option("--document-type", evidence->document_type, "Schema id of the document type")
      ->required();
}

}  // namespace

void RegisterTxChainCommands(CLI::App* tx, CommandContext& ctx) {
  RegisterGovernance(tx, ctx);
  RegisterSchema(tx, ctx);
  RegisterCredential(tx, ctx);
  RegisterIssuerAndEvidence(tx, ctx);
}

}  // namespace credchain::cli
