// credchain tx list include | remove | object | answer (严重失信主体名单,
// contracts/list_payloads.h).
#include "cli/tx_command_table.h"
#include "cli/tx_commands.h"
#include "cli/tx_payloads.h"

namespace credchain::cli {

core::Result<contracts::ListIncludePayload> BuildListInclude(const ListIncludeOptions& o,
                                                             crypto::HashSuite suite) {
  contracts::ListIncludePayload p;
  ASSIGN_OR_RETURN(p.decision_digest, ResolveDigest(o.decision, suite));
  ASSIGN_OR_RETURN(p.list_code, ParseCodeArg("list", o.list_code));
  ASSIGN_OR_RETURN(p.schema_id, ParseCodeArg("schema", o.schema_id));
  p.schema_version = o.schema_version;
  ASSIGN_OR_RETURN(p.subject, ParseSubjectArg("subject", o.subject));
  ASSIGN_OR_RETURN(p.legal_basis,
                   ParseTextArg("legal-basis", o.legal_basis, contracts::kMaxDomainTextBytes));
  ASSIGN_OR_RETURN(p.remedy, ParseTextArg("remedy", o.remedy, contracts::kMaxDomainTextBytes));
  ASSIGN_OR_RETURN(p.inclusion_date, ParseDateArg("inclusion-date", o.inclusion_date));
  ASSIGN_OR_RETURN(p.planned_removal_date, ParseDateArg("planned-removal", o.planned_removal));
  if (p.planned_removal_date <= p.inclusion_date) {
    return FlagError("planned-removal", "must be after --inclusion-date");
  }
  if (o.underlying_records.size() > contracts::kMaxUnderlyingRecords) {
    return FlagError("underlying-record", "at most 32");
  }
  ASSIGN_OR_RETURN(p.underlying_records,
                   ParseDigestList("underlying-record", o.underlying_records));
  return p;
}

core::Result<contracts::ListRemovePayload> BuildListRemove(const ListRemoveOptions& o,
                                                           crypto::HashSuite suite) {
  using contracts::ListRemovalReason;
  contracts::ListRemovePayload p;
  ASSIGN_OR_RETURN(p.entry_id, ParseDigestHex("entry", o.entry));
  ASSIGN_OR_RETURN(p.reason,
                   ParseChoice<ListRemovalReason>("reason", o.reason,
                                                  {{"early", ListRemovalReason::kEarly},
                                                   {"expiry", ListRemovalReason::kExpiry},
                                                   {"annulled", ListRemovalReason::kAnnulled}}));
  ASSIGN_OR_RETURN(p.decision_digest, ResolveDigest(o.decision, suite));
  return p;
}

core::Result<contracts::ListObjectPayload> BuildListObject(const ListObjectOptions& o,
                                                           crypto::HashSuite suite) {
  contracts::ListObjectPayload p;
  ASSIGN_OR_RETURN(p.objection_digest, ResolveDigest(o.objection, suite));
  ASSIGN_OR_RETURN(p.entry_id, ParseDigestHex("entry", o.entry));
  return p;
}

core::Result<contracts::ListObjectAnswerPayload> BuildListAnswer(const ListAnswerOptions& o,
                                                                 crypto::HashSuite suite) {
  using contracts::ObjectionOutcome;
  contracts::ListObjectAnswerPayload p;
  ASSIGN_OR_RETURN(p.objection_digest, ParseDigestHex("objection", o.objection));
  ASSIGN_OR_RETURN(p.outcome,
                   ParseChoice<ObjectionOutcome>("outcome", o.outcome,
                                                 {{"upheld", ObjectionOutcome::kUpheld},
                                                  {"rejected", ObjectionOutcome::kRejected}}));
  ASSIGN_OR_RETURN(p.answer_digest, ResolveDigest(o.answer, suite));
  return p;
}

namespace {

void AddListInclude(CLI::App* group, CommandContext& ctx) {
  using Include = ListIncludeOptions;
  AddTxCommand<Include>(
      group, ctx,
      {.action = "include",
       .description = "Include a subject in a list (list.include)",
       .example =
           "credchain tx list include --key samr.key --passphrase-env PW --decision-document "
           "decision.pdf --list samr-severe --schema severe-dishonesty-entry --subject "
           "91512081MA62K0260E --legal-basis '《市场监督管理严重违法失信名单管理办法》第十条' "
           "--remedy '60日内申请行政复议' --inclusion-date 2026-06-01 --planned-removal "
           "2029-06-01",
       .build = TxBuild(ledger::TxKind::kListInclude, BuildListInclude),
       .flags = {
           DigestFlags(&Include::decision, "the inclusion decision (also the entry id)"),
           {"list", &Include::list_code, "List code, e.g. samr-severe", FlagUse::kRequired},
           {"schema", &Include::schema_id, "List-entry schema id", FlagUse::kRequired},
           SchemaVersionFlag(&Include::schema_version),
           {"subject", &Include::subject, kSubjectHelp, FlagUse::kRequired},
           {"legal-basis", &Include::legal_basis, "列入依据", FlagUse::kRequired},
           {"remedy", &Include::remedy, "权利救济的期限和途径", FlagUse::kRequired},
           {"inclusion-date", &Include::inclusion_date, "YYYY-MM-DD", FlagUse::kRequired},
           {"planned-removal", &Include::planned_removal,
            "First day off the list, YYYY-MM-DD (must match the list rule)", FlagUse::kRequired},
           {"underlying-record", &Include::underlying_records,
            "Digest of a penalty record the inclusion rests on (repeatable)"}}});
}

void AddListObjections(CLI::App* group, CommandContext& ctx) {
  using Object = ListObjectOptions;
  AddTxCommand<Object>(
      group, ctx,
      {.action = "object",
       .description = "File an objection to an entry (list.object, 异议)",
       .example = "credchain tx list object --key holder.key --entry HEX "
                  "--objection-document objection.pdf",
       .build = TxBuild(ledger::TxKind::kListObject, BuildListObject),
       .flags = {DigestFlags(&Object::objection, "the written objection (also the objection id)"),
                 {"entry", &Object::entry, "Entry id", FlagUse::kRequired}}});

  using Answer = ListAnswerOptions;
  AddTxCommand<Answer>(
      group, ctx,
      {.action = "answer",
       .description = "Answer an objection (list.object_answer)",
       .example = "credchain tx list answer --key samr.key --objection HEX --outcome rejected "
                  "--answer-document answer.pdf",
       .build = TxBuild(ledger::TxKind::kListObjectAnswer, BuildListAnswer),
       .flags = {{"objection", &Answer::objection, "Objection id", FlagUse::kRequired},
                 {"outcome", &Answer::outcome, "upheld | rejected", FlagUse::kRequired},
                 DigestFlags(&Answer::answer, "the written answer (核查结果)")}});
}

}  // namespace

void RegisterTxListCommands(CLI::App* tx, CommandContext& ctx) {
  CLI::App* group = AddTxGroup(
      tx, "list", "严重失信主体名单: include, remove, object (异议), answer an objection");
  AddListInclude(group, ctx);

  using Remove = ListRemoveOptions;
  AddTxCommand<Remove>(
      group, ctx,
      {.action = "remove",
       .description = "Remove a list entry (list.remove)",
       .example = "credchain tx list remove --key samr.key --entry HEX --reason early "
                  "--decision-document removal.pdf",
       .build = TxBuild(ledger::TxKind::kListRemove, BuildListRemove),
       .flags = {{"entry", &Remove::entry, "Entry id (the inclusion decision digest)",
                  FlagUse::kRequired},
                 {"reason", &Remove::reason, "early | expiry | annulled", FlagUse::kRequired},
                 DigestFlags(&Remove::decision, "the removal decision")}});

  AddListObjections(group, ctx);
}

}  // namespace credchain::cli
