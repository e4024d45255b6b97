// Table-driven declaration of `credchain tx <group> <action>` commands. A command states only
// what sets it apart: its name, help line and example, the transaction kind and pure Build
// function that turn its flags into a payload (cli/tx_payloads.h, cli/tx_chain_payloads.h), and
// a table of its own flags, each bound to a field of the command's Options struct. The submit
// options every tx command shares (--node, --key, the passphrase, --sequence, ...) and the run
// callback come from the submit path (cli/tx_submit.h).
//
//   AddTxCommand<ListRemoveOptions>(group, ctx, {
//       .action = "remove",
//       .description = "Remove a list entry (list.remove)",
//       .example = "credchain tx list remove --key samr.key --entry HEX ...",
//       .build = TxBuild(ledger::TxKind::kListRemove, BuildListRemove),
//       .flags = {{"entry", &ListRemoveOptions::entry, "Entry id", FlagUse::kRequired},
//                 DigestFlags(&ListRemoveOptions::decision, "the removal decision")}});
//
// Flags appear in --help in table order, after the shared submit options.
// Thread safety: registration runs on one thread, once per parse.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "cli/command_context.h"
#include "cli/tx_args.h"
#include "cli/tx_submit.h"

namespace credchain::cli {

enum class FlagUse : uint8_t {
  kOptional,     // may be left out; --help shows no default
  kRequired,     // CLI11 refuses the command without it (exit code 2)
  kShowDefault,  // may be left out; --help shows the default the Options struct starts with
};

// One row of a command's flag table: `--<name>` bound to `field` of Options.
template <typename Options>
struct TxFlag {
  // Registers flags a plain field cannot express (NestedFlags).
  using Custom = std::function<void(CLI::App* command, Options* options)>;
  using Field = std::variant<std::string Options::*, uint32_t Options::*, uint64_t Options::*,
                             std::vector<std::string> Options::*, std::vector<uint32_t> Options::*,
                             bool Options::*, DigestArg Options::*, Custom>;

  std::string name;  // without the dashes; unused for DigestArg and Custom fields
  Field field;
  std::string help;  // for a DigestArg: what the document is ("the removal decision")
  FlagUse use = FlagUse::kOptional;  // options only: a bool field is a flag, never required
};

template <typename Options>
using TxFlags = std::vector<TxFlag<Options>>;

// Adds `flag` for `options` (which the parser fills, so it must outlive the parse).
template <typename Options>
void AddTxFlag(CLI::App* command, Options* options, const TxFlag<Options>& flag) {
  std::visit(
      [command, options, &flag](const auto& field) {
        using Field = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<Field, typename TxFlag<Options>::Custom>) {
          field(command, options);
        } else if constexpr (std::is_same_v<Field, DigestArg Options::*>) {
          AddDigestOptions(command, &(options->*field), flag.help);
        } else if constexpr (std::is_same_v<Field, bool Options::*>) {
          command->add_flag("--" + flag.name, options->*field, flag.help);
        } else {
          CLI::Option* option = command->add_option("--" + flag.name, options->*field, flag.help);
          if (flag.use == FlagUse::kRequired) option->required();
          if (flag.use == FlagUse::kShowDefault) option->capture_default_str();
        }
      },
      flag.field);
}

template <typename Options>
void AddTxFlags(CLI::App* command, Options* options, const TxFlags<Options>& flags) {
  for (const TxFlag<Options>& flag : flags) AddTxFlag(command, options, flag);
}

// The two flags of a DigestArg field: --<hex_flag> HEX and --<document_flag> FILE.
template <typename Options>
TxFlag<Options> DigestFlags(DigestArg Options::*field, std::string what) {
  return TxFlag<Options>{"", field, std::move(what)};
}

// The flags of a nested options struct, e.g. the record fields inside RecordCorrectOptions.
template <typename Options, typename Inner>
TxFlag<Options> NestedFlags(Inner Options::*field, TxFlags<Inner> flags) {
  typename TxFlag<Options>::Custom add = [field, flags = std::move(flags)](CLI::App* command,
                                                                           Options* options) {
    AddTxFlags(command, &(options->*field), flags);
  };
  return TxFlag<Options>{"", std::move(add), ""};
}

// Rows several commands share.
inline constexpr const char* kSubjectHelp = "Subject: USCC, legacy:USCC or key:HEX";
template <typename Options>
TxFlag<Options> SchemaVersionFlag(uint32_t Options::*field) {
  return TxFlag<Options>{"schema-version", field, "Schema version", FlagUse::kShowDefault};
}

// Builds a command's payload from its parsed Options; `suite` hashes any --*-document.
template <typename Options>
using TxBuildFn = std::function<core::Result<TxPayload>(const Options&, crypto::HashSuite)>;

// A TxBuildFn from a Build function of cli/tx_payloads.h or cli/tx_chain_payloads.h that
// returns the typed payload of `kind`, with or without the suite (one that hashes nothing
// takes none).
template <typename Options, typename Payload>
TxBuildFn<Options> TxBuild(ledger::TxKind kind,
                           core::Result<Payload> (*build)(const Options&, crypto::HashSuite)) {
  return [kind, build](const Options& o, crypto::HashSuite suite) -> core::Result<TxPayload> {
    ASSIGN_OR_RETURN(Payload payload, build(o, suite));
    return MakeTxPayload(kind, payload);
  };
}
template <typename Options, typename Payload>
TxBuildFn<Options> TxBuild(ledger::TxKind kind, core::Result<Payload> (*build)(const Options&)) {
  return [kind, build](const Options& o, crypto::HashSuite) -> core::Result<TxPayload> {
    ASSIGN_OR_RETURN(Payload payload, build(o));
    return MakeTxPayload(kind, payload);
  };
}

// Everything that sets one tx command apart from the others.
template <typename Options>
struct TxCommand {
  std::string action;       // "remove" in `credchain tx list remove`
  std::string description;  // one line, naming the contract method: "... (list.remove)"
  std::string example;      // a complete command line, shown as "Example:\n  <example>"
  TxBuildFn<Options> build;
  TxFlags<Options> flags;
  ReceiptResultReader read_result = nullptr;  // what to print from the committed receipt
};

// Registers `spec` under `group`: the shared submit options, then spec.flags in order, and a
// callback that builds, signs and submits the transaction (RunTx). Returns the subcommand.
template <typename Options>
CLI::App* AddTxCommand(CLI::App* group, CommandContext& ctx, TxCommand<Options> spec) {
  auto options = std::make_shared<Options>();
  PayloadBuilder build = [options, build = std::move(spec.build)](crypto::HashSuite suite) {
    return build(*options, suite);
  };
  CLI::App* command =
      AddTxCommand(group, ctx,
                   TxCommandInfo{std::move(spec.action), std::move(spec.description),
                                 std::move(spec.example), std::move(spec.read_result)},
                   std::move(build));
  AddTxFlags(command, options.get(), spec.flags);
  return command;
}

// `credchain tx <name>`: a group of actions, one of which must be given.
inline CLI::App* AddTxGroup(CLI::App* tx, const std::string& name, const std::string& description) {
  CLI::App* group = tx->add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

}  // namespace credchain::cli
