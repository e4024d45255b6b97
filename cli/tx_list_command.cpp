// credchain tx list include | remove | object | answer (严重失信主体名单,
// contracts/list_payloads.h).
#include <memory>

#include "cli/tx_commands.h"
#include "cli/tx_payloads.h"
#include "cli/tx_submit.h"

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

void RegisterTxListCommands(CLI::App* tx, CommandContext& ctx) {
  CLI::App* group = tx->add_subcommand(
      "list", "严重失信主体名单: include, remove, object (异议), answer an objection");
  group->require_subcommand(1);

  auto include = std::make_shared<ListIncludeOptions>();
  CLI::App* c = AddTxCommand(
      group, ctx, "include", "Include a subject in a list (list.include)",
      "credchain tx list include --key samr.key --passphrase-env PW --decision-document "
      "decision.pdf --list samr-severe --schema severe-dishonesty-entry --subject "
      "91512081MA62K0260E --legal-basis '《市场监督管理严重违法失信名单管理办法》第十条' "
      "--remedy '60日内申请行政复议' --inclusion-date 2026-06-01 --planned-removal 2029-06-01",
      MakeBuilder(include, ledger::TxKind::kListInclude, BuildListInclude));
  AddDigestOptions(c, &include->decision, "the inclusion decision (also the entry id)");
  c->add_option("--list", include->list_code, "List code, e.g. samr-severe")->required();
  c->add_option("--schema", include->schema_id, "List-entry schema id")->required();
  c->add_option("--schema-version", include->schema_version, "Schema version")
      ->capture_default_str();
  c->add_option("--subject", include->subject, "Subject: USCC, legacy:USCC or key:HEX")->required();
  c->add_option("--legal-basis", include->legal_basis, "列入依据")->required();
  c->add_option("--remedy", include->remedy, "权利救济的期限和途径")->required();
  c->add_option("--inclusion-date", include->inclusion_date, "YYYY-MM-DD")->required();
  c->add_option("--planned-removal", include->planned_removal,
                "First day off the list, YYYY-MM-DD (must match the list rule)")
      ->required();
  c->add_option("--underlying-record", include->underlying_records,
                "Digest of a penalty record the inclusion rests on (repeatable)");

  auto remove = std::make_shared<ListRemoveOptions>();
  c = AddTxCommand(group, ctx, "remove", "Remove a list entry (list.remove)",
                   "credchain tx list remove --key samr.key --entry HEX --reason early "
                   "--decision-document removal.pdf",
                   MakeBuilder(remove, ledger::TxKind::kListRemove, BuildListRemove));
  c->add_option("--entry", remove->entry, "Entry id (the inclusion decision digest)")->required();
  c->add_option("--reason", remove->reason, "early | expiry | annulled")->required();
  AddDigestOptions(c, &remove->decision, "the removal decision");

  auto object = std::make_shared<ListObjectOptions>();
  c = AddTxCommand(group, ctx, "object", "File an objection to an entry (list.object, 异议)",
                   "credchain tx list object --key holder.key --entry HEX "
                   "--objection-document objection.pdf",
                   MakeBuilder(object, ledger::TxKind::kListObject, BuildListObject));
  AddDigestOptions(c, &object->objection, "the written objection (also the objection id)");
  c->add_option("--entry", object->entry, "Entry id")->required();

  auto answer = std::make_shared<ListAnswerOptions>();
  c = AddTxCommand(group, ctx, "answer", "Answer an objection (list.object_answer)",
                   "credchain tx list answer --key samr.key --objection HEX --outcome rejected "
                   "--answer-document answer.pdf",
                   MakeBuilder(answer, ledger::TxKind::kListObjectAnswer, BuildListAnswer));
  c->add_option("--objection", answer->objection, "Objection id")->required();
  c->add_option("--outcome", answer->outcome, "upheld | rejected")->required();
  AddDigestOptions(c, &answer->answer, "the written answer (核查结果)");
}

}  // namespace credchain::cli
