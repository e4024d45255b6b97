#include "credentials/report.h"

#include <nlohmann/json.hpp>

#include "credentials/strict_json.h"

namespace credchain::credentials {

std::string_view CheckOutcomeName(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kPass:
      return "pass";
    case CheckOutcome::kFail:
      return "fail";
    case CheckOutcome::kSkipped:
      return "skipped";
  }
  return "fail";
}

bool VerificationReport::accepted() const {
  if (checks.empty()) return false;
  for (const auto& c : checks) {
    if (c.outcome == CheckOutcome::kFail) return false;
  }
  return true;
}

const CheckResult* VerificationReport::Find(std::string_view name) const {
  for (const auto& c : checks) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void VerificationReport::Add(std::string_view name, CheckOutcome outcome, std::string reason) {
  checks.push_back({std::string(name), outcome, std::move(reason)});
}

std::string VerificationReport::ToJson() const {
  nlohmann::json checks_json = nlohmann::json::array();
  for (const auto& c : checks) {
    checks_json.push_back(
        {{"name", c.name}, {"result", CheckOutcomeName(c.outcome)}, {"reason", c.reason}});
  }
  auto disclosed = ParseStrictJson(disclosed_claims_json, 1 << 20, "disclosed");
  return DumpJson({{"accepted", accepted()},
                   {"credential_id", credential_id},
                   {"issuer", issuer},
                   {"vct", vct},
                   {"checks", checks_json},
                   {"disclosed", disclosed.ok() ? *disclosed : nlohmann::json::object()}});
}

std::string VerificationReport::ToText() const {
  std::string out;
  for (const auto& c : checks) {
    std::string label(CheckOutcomeName(c.outcome));
    for (char& ch : label) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    out += label;
    out.append(9 - label.size(), ' ');
    out += c.name;
    out.append(c.name.size() < 20 ? 20 - c.name.size() : 1, ' ');
    out += c.reason;
    out += '\n';
  }
  out += accepted() ? "ACCEPTED\n" : "REJECTED\n";
  return out;
}

}  // namespace credchain::credentials
