#include "contracts/testnet_genesis.h"

#include <string_view>

#include "contracts/standard_schemas.h"
#include "ledger/schema_json.h"

namespace credchain::contracts {
namespace {

struct Role {
  std::string_view id;
  std::string_view name;
  std::vector<std::string> authorizations;
};

// The four founding roles; later departments use kGenericRole.
const std::vector<Role>& FoundingRoles() {
  static const std::vector<Role> roles = {
      {"samr",
       "市场监督管理局",
       {"administrative-licence", "administrative-penalty", "credit-commitment",
        "credit-grade-samr-risk", "electronic-licence", "severe-dishonesty-entry"}},
      {"tax", "税务局", {"administrative-penalty", "credit-commitment", "credit-grade-tax"}},
      {"hrss",
       "人力资源和社会保障局",
       {"administrative-licence", "administrative-penalty", "credit-commitment"}},
      {"credit-center",
       "市信用中心",
       {"credit-commitment", "credit-repair-decision", "credit-report", "severe-dishonesty-entry",
        "xinyidai-attestation"}},
  };
  return roles;
}

const std::vector<std::string> kGenericAuthorizations = {"administrative-licence",
                                                         "administrative-penalty"};

}  // namespace

std::string TestnetDepartmentId(size_t index) {
  if (index < FoundingRoles().size()) return std::string(FoundingRoles()[index].id);
  return "dept-" + std::to_string(index + 1);
}

core::Result<Genesis> MakeTestnetGenesis(const TestnetGenesisOptions& options) {
  if (!options.record_store_keys.empty() &&
      options.record_store_keys.size() != options.departments.size()) {
    return core::Status::InvalidArgument("record_store_keys: one per department, or none");
  }
  Genesis g;
  g.chain_id = options.chain_id;
  g.suite = options.suite;
  g.genesis_time_ms = options.genesis_time_ms;
  g.parameters.id_log_page_size = kIdLogPageSizeForNewChains;
  g.parameters.id_log_layout = kIdLogLayoutForNewChains;
  g.rule_book = DefaultRuleBook();
  for (std::string_view id : StandardSchemaIds()) {
    ASSIGN_OR_RETURN(ledger::Schema schema, ledger::SchemaFromJson(*StandardSchemaJson(id)));
    g.schemas.push_back(std::move(schema));
  }
  for (size_t i = 0; i < options.departments.size(); ++i) {
    GenesisDepartment d;
    d.id = TestnetDepartmentId(i);
    if (i < FoundingRoles().size()) {
      d.name = std::string(FoundingRoles()[i].name);
      d.authorizations = FoundingRoles()[i].authorizations;
    } else {
      d.name = "部门 " + std::to_string(i + 1);
      d.authorizations = kGenericAuthorizations;
    }
    d.validator_key = options.departments[i].validator_key;
    d.account_keys = {options.departments[i].account_key};
    if (!options.record_store_keys.empty()) {
      d.account_keys.push_back(options.record_store_keys[i]);
    }
    g.departments.push_back(std::move(d));
  }
  Canonicalize(g);
  RETURN_IF_ERROR(g.Validate());
  return g;
}

}  // namespace credchain::contracts
