// Generated 双公示 penalty rows for the records-linter tests, its slow test and its benchmark:
// row i is valid, with its own USCC and decision document number.
#pragma once

#include <cstdint>
#include <string>

#include "contracts/identifiers.h"

namespace credchain::contracts::testing {

inline std::string GeneratedUscc(uint64_t i) {
  std::string body = "91320100MA";
  const char* charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  uint64_t n = i;
  for (int k = 0; k < 6; ++k, n /= 31) body += charset[n % 31];
  body += '0';  // embedded organisation-code check not computed: a warning-free position 17
  return body + UsccCheckCharacter(body);
}

inline std::string GoodPenaltyRow(uint64_t i) {
  const std::string uscc = GeneratedUscc(i);
  return std::string(R"({"subject_name":"南京某某贸易有限公司)") + std::to_string(i) +
         R"(","subject_category":"法人及非法人组织","subject_uscc":")" + uscc +
         R"(","legal_rep":"张三","legal_rep_id_type":"身份证","legal_rep_id_no":"11010519491231002X",)"
         R"("decision_doc_no":"宁市监罚〔2026〕)" +
         std::to_string(i) +
         R"(号","violation_type":"虚假宣传","violation_facts":"在网店页面发布虚假宣传内容",)"
         R"("legal_basis":"《中华人民共和国反不正当竞争法》第二十条","penalty_category":"罚款",)"
         R"("additional_penalty_categories":"警告、没收违法所得","penalty_content":"罚款人民币伍万元",)"
         R"("fine_fen":5000000,"confiscated_fen":120000,"decision_date":"2026-04-15",)"
         R"("penalty_valid_until":"2027-04-15","publication_end":"2027-04-16","severity_tier":"一般",)"
         R"("rule_version":"ndrc-2025-36","authority":"南京市市场监督管理局",)"
         R"("authority_uscc":"11320100MB1628755X","source_unit":"南京市市场监督管理局",)"
         R"("source_unit_uscc":"11320100MB1628755X"})";
}

}  // namespace credchain::contracts::testing
