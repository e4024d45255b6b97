// credchain tx repair apply | decide (信用修复, contracts/repair.h).
#include <memory>

#include "cli/tx_commands.h"
#include "cli/tx_payloads.h"
#include "cli/tx_submit.h"

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
  CLI::App* group = tx->add_subcommand("repair", "信用修复: apply (subject), decide (department)");
  group->require_subcommand(1);

  auto apply = std::make_shared<RepairApplyOptions>();
  CLI::App* c = AddTxCommand(
      group, ctx, "apply",
      "Apply for repair of a published penalty, signed by the subject's key (repair.apply)",
      "credchain tx repair apply --key holder.key --passphrase-env PW --application-document "
      "application.pdf --target-record HEX --commitment LETTER_HEX",
      MakeBuilder(apply, ledger::TxKind::kRepairApply, BuildRepairApply));
  AddDigestOptions(c, &apply->application, "the application (also the application id)");
  c->add_option("--target-record", apply->target_record, "Digest of the penalty record")
      ->required();
  c->add_option("--commitment", apply->commitment, "Digest of the credit_repair letter")
      ->required();

  auto decide = std::make_shared<RepairDecideOptions>();
  c = AddTxCommand(group, ctx, "decide", "Approve or reject a repair application (repair.decide)",
                   "credchain tx repair decide --key samr.key --application HEX --outcome "
                   "approve --decision-document decision.pdf",
                   MakeBuilder(decide, ledger::TxKind::kRepairDecide, BuildRepairDecide));
  c->add_option("--application", decide->application, "Application id")->required();
  c->add_option("--outcome", decide->outcome, "approve | reject")->required();
  AddDigestOptions(c, &decide->decision, "the repair decision");
}

}  // namespace credchain::cli
