// credchain tx commitment record | fulfil | breach | sign (信用承诺书,
// contracts/commitment_payloads.h). `sign` is the committer's side: it signs the letter digest
// with the holder's key and prints the signature the department records with `record`.
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/tx_command_table.h"
#include "cli/tx_commands.h"
#include "cli/tx_payloads.h"
#include "core/hex.h"
#include "crypto/key_file.h"

namespace credchain::cli {

core::Result<contracts::CommitmentRecordPayload> BuildCommitmentRecord(
    const CommitmentRecordOptions& o, crypto::HashSuite suite) {
  using contracts::CommitmentType;
  contracts::CommitmentRecordPayload p;
  ASSIGN_OR_RETURN(p.letter_digest, ResolveDigest(o.letter, suite));
  if (!contracts::ParseCommitmentType(o.type, &p.type)) {
    return FlagError("type",
                     "expected approval_substitute, missing_materials, credit_repair, "
                     "self_discipline or voluntary (or the Chinese name)");
  }
  ASSIGN_OR_RETURN(p.matter, ParseTextArg("matter", o.matter, contracts::kMaxMatterBytes));
  ASSIGN_OR_RETURN(p.subject, ParseSubjectArg("subject", o.subject));
  ASSIGN_OR_RETURN(p.deadline, ParseOptionalDateArg("deadline", o.deadline));
  const bool needs_deadline =
      p.type == CommitmentType::kApprovalSubstitute || p.type == CommitmentType::kMissingMaterials;
  if (needs_deadline && !p.deadline) return FlagError("deadline", "required for this type");
  if (p.type == CommitmentType::kCreditRepair) {
    if (o.related_record.empty()) return FlagError("related-record", "required for credit_repair");
    ASSIGN_OR_RETURN(p.related_record, ParseDigestHex("related-record", o.related_record));
  } else if (!o.related_record.empty()) {
    return FlagError("related-record", "only for credit_repair letters");
  }
  ASSIGN_OR_RETURN(p.accepting_authority,
                   ParseCodeArg("accepting-authority", o.accepting_authority));
  ASSIGN_OR_RETURN(p.committer_key, ParsePublicKeyArg("committer-key", o.committer_key));
  ASSIGN_OR_RETURN(p.committer_signature,
                   ParseSignatureArg("committer-signature", o.committer_signature));
  return p;
}

namespace {

template <typename P>
core::Result<P> BuildResolve(const CommitmentResolveOptions& o, crypto::HashSuite suite) {
  P p;
  ASSIGN_OR_RETURN(p.letter_digest, ParseDigestHex("letter", o.letter));
  ASSIGN_OR_RETURN(p.evidence_digest, ResolveOptionalDigest(o.evidence, suite));
  return p;
}

}  // namespace

core::Result<contracts::CommitmentFulfilPayload> BuildCommitmentFulfil(
    const CommitmentResolveOptions& o, crypto::HashSuite suite) {
  return BuildResolve<contracts::CommitmentFulfilPayload>(o, suite);
}

core::Result<contracts::CommitmentBreachPayload> BuildCommitmentBreach(
    const CommitmentResolveOptions& o, crypto::HashSuite suite) {
  if (!o.evidence.given()) {
    return FlagError("evidence-digest", "a breach needs evidence (or --evidence-document)");
  }
  return BuildResolve<contracts::CommitmentBreachPayload>(o, suite);
}

namespace {

struct SignOptions {
  std::string node;
  std::string token;
  std::string key_file;
  PassphraseOptions passphrase;
  DigestArg letter = DigestArg::Named("letter-digest", "letter-document");
};

void RunSign(CommandContext& ctx, const SignOptions& o) {
  core::Result<node::api::RestClient> client = ConnectNode(o.node, o.token, 10'000);
  if (!client.ok()) return ctx.Fail(client.status());
  // Validate what needs no node first.
  if (core::Status s = ResolveDigest(o.letter, crypto::HashSuite::kSha256).status(); !s.ok()) {
    return ctx.Fail(s);
  }
  core::Result<crypto::KeyFileInfo> info = crypto::LoadKeyFileInfo(o.key_file);
  if (!info.ok()) return ctx.Fail(info.status().WithContext("--key"));
  core::Result<ChainParams> chain = FetchChainParams(*client);
  if (!chain.ok()) return ctx.Fail(chain.status());
  core::Result<core::Bytes32> digest = ResolveDigest(o.letter, chain->suite);
  if (!digest.ok()) return ctx.Fail(digest.status());
  core::Result<crypto::SecretKey> key = DecryptKeyFile(o.key_file, o.passphrase);
  if (!key.ok()) return ctx.Fail(key.status().WithContext("--key"));
  const crypto::Signature signature =
      contracts::SignCommitmentLetter(*key, chain->chain_id, *digest);
  if (ctx.json) {
    ctx.out << nlohmann::json{{"letter_digest", core::HexEncode(*digest)},
                              {"committer_key", key->public_key().ToHex()},
                              {"committer_signature", signature.ToHex()},
                              {"chain_id", chain->chain_id}}
                   .dump()
            << "\n";
    return;
  }
  ctx.out << "letter digest:       " << core::HexEncode(*digest) << "\n"
          << "committer key:       " << key->public_key().ToHex() << "\n"
          << "committer signature: " << signature.ToHex() << "\n";
}

void AddSignCommand(CLI::App* group, CommandContext& ctx) {
  auto o = std::make_shared<SignOptions>();
  CLI::App* c = group->add_subcommand(
      "sign", "Sign a commitment letter as its committer (no transaction is sent)");
  AddNodeOptions(c, &o->node, &o->token);
  c->add_option("--key", o->key_file, "The committer's (holder's) key file")->required();
  AddPassphraseOptions(c, &o->passphrase);
  AddDigestOptions(c, &o->letter, "the signed commitment letter");
  c->footer(
      "Prints the committer key and signature for 'tx commitment record'; the chain id comes "
      "from the node.\nExample:\n  credchain tx commitment sign --key holder.key "
      "--passphrase-env PW --letter-document letter.pdf");
  c->callback([&ctx, o] { RunSign(ctx, *o); });
}

void AddCommitmentRecord(CLI::App* group, CommandContext& ctx) {
  using Record = CommitmentRecordOptions;
  AddTxCommand<Record>(
      group, ctx,
      {.action = "record",
       .description = "Record a signed commitment letter (commitment.record)",
       .example = "credchain tx commitment record --key samr.key --passphrase-env PW "
                  "--letter-document letter.pdf --type missing_materials --matter SQ-2026-0001 "
                  "--subject 91512081MA62K0260E --deadline 2026-09-30 --accepting-authority "
                  "samr --committer-key HEX --committer-signature HEX",
       .build = TxBuild(ledger::TxKind::kCommitmentRecord, BuildCommitmentRecord),
       .flags = {
           DigestFlags(&Record::letter, "the signed letter"),
           {"type", &Record::type,
            "approval_substitute | missing_materials | credit_repair | self_discipline | "
            "voluntary",
            FlagUse::kRequired},
           {"matter", &Record::matter, "承诺事项: a reference such as an application number",
            FlagUse::kRequired},
           {"subject", &Record::subject, "The committer: USCC, legacy:USCC or key:HEX",
            FlagUse::kRequired},
           {"deadline", &Record::deadline, "Last day to fulfil, YYYY-MM-DD"},
           {"related-record", &Record::related_record,
            "Record digest a credit_repair letter supports"},
           {"accepting-authority", &Record::accepting_authority,
            "Department id receiving the letter (the sender's department)", FlagUse::kRequired},
           {"committer-key", &Record::committer_key, "Committer public key (hex)",
            FlagUse::kRequired},
           {"committer-signature", &Record::committer_signature,
            "From 'credchain tx commitment sign'", FlagUse::kRequired}}});
}

// fulfil and breach: the letter and the evidence (optional for fulfil).
TxFlags<CommitmentResolveOptions> ResolveFlags(std::string evidence) {
  using Resolve = CommitmentResolveOptions;
  return {{"letter", &Resolve::letter, "Letter digest", FlagUse::kRequired},
          DigestFlags(&Resolve::evidence, std::move(evidence))};
}

}  // namespace

void RegisterTxCommitmentCommands(CLI::App* tx, CommandContext& ctx) {
  CLI::App* group =
      AddTxGroup(tx, "commitment", "信用承诺书: record, fulfil, breach; sign as committer");
  AddCommitmentRecord(group, ctx);
  AddTxCommand<CommitmentResolveOptions>(
      group, ctx,
      {.action = "fulfil",
       .description = "Mark a letter fulfilled (commitment.fulfil)",
       .example = "credchain tx commitment fulfil --key samr.key --letter HEX",
       .build = TxBuild(ledger::TxKind::kCommitmentFulfil, BuildCommitmentFulfil),
       .flags = ResolveFlags("the evidence of fulfilment (optional)")});
  AddTxCommand<CommitmentResolveOptions>(
      group, ctx,
      {.action = "breach",
       .description = "Record a breach with evidence (commitment.breach)",
       .example = "credchain tx commitment breach --key samr.key --letter HEX "
                  "--evidence-document inspection.pdf",
       .build = TxBuild(ledger::TxKind::kCommitmentBreach, BuildCommitmentBreach),
       .flags = ResolveFlags("the evidence of the breach")});
  AddSignCommand(group, ctx);
}

}  // namespace credchain::cli
