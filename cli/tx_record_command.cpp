// credchain tx record publish | correct | withdraw (双公示 records, contracts/record_payloads.h).
#include "cli/tx_command_table.h"
#include "cli/tx_commands.h"
#include "cli/tx_payloads.h"

namespace credchain::cli {

using contracts::RecordKind;
using contracts::SeverityTier;

core::Result<contracts::RecordPublishPayload> BuildRecordPublish(const RecordFieldOptions& o,
                                                                 crypto::HashSuite suite) {
  contracts::RecordFields r;
  ASSIGN_OR_RETURN(r.digest, ResolveDigest(o.record, suite));
  ASSIGN_OR_RETURN(r.schema_id, ParseCodeArg("schema", o.schema_id));
  r.schema_version = o.schema_version;
  ASSIGN_OR_RETURN(r.subject, ParseSubjectArg("subject", o.subject));
  ASSIGN_OR_RETURN(r.kind, ParseChoice<RecordKind>("kind", o.kind,
                                                   {{"licence", RecordKind::kLicence},
                                                    {"penalty", RecordKind::kPenalty}}));
  ASSIGN_OR_RETURN(r.decision_date, ParseDateArg("decision-date", o.decision_date));
  if (r.kind == RecordKind::kLicence) {
    if (!o.tier.empty()) return FlagError("tier", "a licence has no severity tier");
    if (o.sector_opt_in) return FlagError("sector-opt-in", "only for penalties");
    r.tier = SeverityTier::kNone;
  } else {
    ASSIGN_OR_RETURN(r.tier, ParseChoice<SeverityTier>("tier", o.tier,
                                                       {{"minor", SeverityTier::kMinor},
                                                        {"general", SeverityTier::kGeneral},
                                                        {"serious", SeverityTier::kSerious}}));
  }
  r.publication = o.sector_opt_in ? contracts::PublicationChoice::kSectorOptIn
                                  : contracts::PublicationChoice::kByRule;
  ASSIGN_OR_RETURN(r.rule_version, ParseCodeArg("rule-version", o.rule_version));
  contracts::RecordPublishPayload p;
  p.record = std::move(r);
  return p;
}

core::Result<contracts::RecordCorrectPayload> BuildRecordCorrect(const RecordCorrectOptions& o,
                                                                 crypto::HashSuite suite) {
  contracts::RecordCorrectPayload p;
  ASSIGN_OR_RETURN(p.superseded, ParseDigestHex("supersedes", o.supersedes));
  ASSIGN_OR_RETURN(contracts::RecordPublishPayload publish, BuildRecordPublish(o.record, suite));
  p.record = std::move(publish.record);
  if (p.record.digest == p.superseded) {
    return FlagError("supersedes", "the corrected record must have a new digest");
  }
  return p;
}

core::Result<contracts::RecordWithdrawPayload> BuildRecordWithdraw(const RecordWithdrawOptions& o,
                                                                   crypto::HashSuite suite) {
  using contracts::WithdrawReason;
  contracts::RecordWithdrawPayload p;
  ASSIGN_OR_RETURN(p.digest, ParseDigestHex("record", o.record));
  ASSIGN_OR_RETURN(p.reason,
                   ParseChoice<WithdrawReason>(
                       "reason", o.reason,
                       {{"annulled_on_reconsideration", WithdrawReason::kAnnulledOnReconsideration},
                        {"annulled_by_court", WithdrawReason::kAnnulledByCourt},
                        {"published_in_error", WithdrawReason::kPublishedInError},
                        {"other", WithdrawReason::kOther}}));
  ASSIGN_OR_RETURN(p.decision_digest, ResolveDigest(o.decision, suite));
  return p;
}

namespace {

TxFlags<RecordFieldOptions> RecordFieldFlags() {
  using Fields = RecordFieldOptions;
  return {DigestFlags(&Fields::record, "the record document the department keeps"),
          {"schema", &Fields::schema_id, "Record schema id, e.g. administrative-penalty",
           FlagUse::kRequired},
          SchemaVersionFlag(&Fields::schema_version),
          {"subject", &Fields::subject, kSubjectHelp, FlagUse::kRequired},
          {"kind", &Fields::kind, "licence | penalty", FlagUse::kRequired},
          {"decision-date", &Fields::decision_date, "Decision date YYYY-MM-DD", FlagUse::kRequired},
          {"tier", &Fields::tier, "Penalty severity: minor | general | serious"},
          {"sector-opt-in", &Fields::sector_opt_in,
           "Publish a minor penalty the sector deems necessary to publish"},
          {"rule-version", &Fields::rule_version, "Rule table in force at the decision date",
           FlagUse::kRequired}};
}

}  // namespace

void RegisterTxRecordCommands(CLI::App* tx, CommandContext& ctx) {
  CLI::App* group = AddTxGroup(tx, "record", "双公示 records: publish, correct, withdraw");
  AddTxCommand<RecordFieldOptions>(
      group, ctx,
      {.action = "publish",
       .description = "Anchor a licence or penalty record's digest (record.publish)",
       .example = "credchain tx record publish --key samr.key --passphrase-env PW --document "
                  "penalty.json --schema administrative-penalty --subject 91512081MA62K0260E "
                  "--kind penalty --tier general --decision-date 2026-05-10 --rule-version "
                  "ndrc-36-2026",
       .build = TxBuild(ledger::TxKind::kRecordPublish, BuildRecordPublish),
       .flags = RecordFieldFlags()});

  using Correct = RecordCorrectOptions;
  AddTxCommand<Correct>(
      group, ctx,
      {.action = "correct",
       .description = "Replace a published record by a corrected one (record.correct, 纠错)",
       .example = "credchain tx record correct --key samr.key --supersedes OLD_HEX --document "
                  "corrected.json --schema administrative-penalty --subject 91512081MA62K0260E "
                  "--kind penalty --tier minor --decision-date 2026-05-10 --rule-version "
                  "ndrc-36-2026",
       .build = TxBuild(ledger::TxKind::kRecordCorrect, BuildRecordCorrect),
       .flags = {{"supersedes", &Correct::supersedes, "Digest of the record being corrected",
                  FlagUse::kRequired},
                 NestedFlags(&Correct::record, RecordFieldFlags())}});

  using Withdraw = RecordWithdrawOptions;
  AddTxCommand<Withdraw>(
      group, ctx,
      {.action = "withdraw",
       .description = "Withdraw a published record (record.withdraw)",
       .example = "credchain tx record withdraw --key samr.key --record HEX --reason "
                  "annulled_by_court --decision-document ruling.pdf",
       .build = TxBuild(ledger::TxKind::kRecordWithdraw, BuildRecordWithdraw),
       .flags = {
           {"record", &Withdraw::record, "Digest of the published record", FlagUse::kRequired},
           {"reason", &Withdraw::reason,
            "annulled_on_reconsideration | annulled_by_court | published_in_error | other",
            FlagUse::kRequired},
           DigestFlags(&Withdraw::decision, "the decision that annuls or withdraws it")}});
}

}  // namespace credchain::cli
