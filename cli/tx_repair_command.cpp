// credchain tx repair apply | decide (信用修复, contracts/repair.h).
#include "cli/tx_command_table.h"
#include "cli/tx_commands.h"
#include "cli/tx_payloads.h"

namespace credchain::cli {

core::Result<contracts::RepairApplyPayload> BuildRepairApply(const RepairApplyOptions& o,
                                                             crypto::HashSuite suite) {
  contracts::RepairApplyPayload p;
  ASSIGN_OR_RETURN(p.application_digest, ResolveDigest(o.application, suite));
  ASSIGN_OR_RETURN(p.target_record, ParseDigestHex("target-record", o.target_record));
  ASSIGN_OR_RETURN(p.commitment, ParseDigestHex("commitment", o.commitment));
  return p;
}

core::Result<contracts::RepairDecidePayload> BuildRepairDecide(const RepairDecideOptions& o,
                                                               crypto::HashSuite suite) {
  using contracts::RepairOutcome;
  contracts::RepairDecidePayload p;
  ASSIGN_OR_RETURN(p.application_digest, ParseDigestHex("application", o.application));
  ASSIGN_OR_RETURN(p.outcome, ParseChoice<RepairOutcome>("outcome", o.outcome,
                                                         {{"approve", RepairOutcome::kApprove},
                                                          {"reject", RepairOutcome::kReject}}));
  ASSIGN_OR_RETURN(p.decision_digest, ResolveDigest(o.decision, suite));
  return p;
}

void RegisterTxRepairCommands(CLI::App* tx, CommandContext& ctx) {
  CLI::App* group = AddTxGroup(tx, "repair", "信用修复: apply (subject), decide (department)");
  using Apply = RepairApplyOptions;
  AddTxCommand<Apply>(
      group, ctx,
      {.action = "apply",
       .description =
           "Apply for repair of a published penalty, signed by the subject's key (repair.apply)",
       .example = "credchain tx repair apply --key holder.key --passphrase-env PW "
                  "--application-document application.pdf --target-record HEX --commitment "
                  "LETTER_HEX",
       .build = TxBuild(ledger::TxKind::kRepairApply, BuildRepairApply),
       .flags = {DigestFlags(&Apply::application, "the application (also the application id)"),
                 {"target-record", &Apply::target_record, "Digest of the penalty record",
                  FlagUse::kRequired},
                 {"commitment", &Apply::commitment, "Digest of the credit_repair letter",
                  FlagUse::kRequired}}});

  using Decide = RepairDecideOptions;
  AddTxCommand<Decide>(
      group, ctx,
      {.action = "decide",
       .description = "Approve or reject a repair application (repair.decide)",
       .example = "credchain tx repair decide --key samr.key --application HEX --outcome approve "
                  "--decision-document decision.pdf",
       .build = TxBuild(ledger::TxKind::kRepairDecide, BuildRepairDecide),
       .flags = {{"application", &Decide::application, "Application id", FlagUse::kRequired},
                 {"outcome", &Decide::outcome, "approve | reject", FlagUse::kRequired},
                 DigestFlags(&Decide::decision, "the repair decision")}});
}

}  // namespace credchain::cli
