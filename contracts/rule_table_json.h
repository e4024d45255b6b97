// JSON form of the rule book, for genesis files and governance proposals written by people.
//
//   [{"id": "ndrc-2025-36", "title": "…", "effective_from": "2026-04-01",
//     "tiers": {"minor":   {"published_by_default": false, "min_months": 0, "max_months": 3},
//               "general": {"published_by_default": true, "min_months": 3, "max_months": 12},
//               "serious": {"published_by_default": true, "min_months": 12, "max_months": 36}},
//     "lists": [{"code": "samr-severe-dishonesty", "title": "…", "legal_basis": "…",
//                "duration_months": 36, "early_removal_after_months": 12}]}]
//
// Every member is required; unknown members are rejected so a typo never changes a rule. The
// result is validated (RuleBook::Validate). Tables may appear in any order in JSON and are
// sorted by effective date; list rules are sorted by code. Thread safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "contracts/rule_table.h"
#include "core/result.h"

namespace credchain::contracts {

// Rejected(kBadJson | kMissingField | kInvalidField, "rule_book<path>: reason") on bad input.
core::Result<RuleBook> RuleBookFromJson(std::string_view json_text);
core::Result<RuleBook> RuleBookFromJsonValue(const nlohmann::json& value);

// Deterministic JSON (members sorted, UTF-8, no insignificant whitespace).
std::string RuleBookToJson(const RuleBook& book);

}  // namespace credchain::contracts
