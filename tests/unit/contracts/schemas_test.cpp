// Schema contract: only departments authorised for a schema id register or deprecate its
// versions; versions are sequential; deprecation is final and stops new anchors.
#include "contracts/schemas.h"

#include <gtest/gtest.h>

#include "contracts/credential_payloads.h"
#include "contracts/dispatch.h"
#include "genesis_fixture.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;

class SchemasTest : public testing::GenesisFixture {
 protected:
  SchemaRegisterPayload Version(uint32_t v) const {
    SchemaRegisterPayload p;
    for (const auto& s : genesis.schemas) {
      if (s.id == "electronic-licence") p.schema = s;
    }
    p.schema.schema_version = v;
    return p;
  }
};

TEST_F(SchemasTest, AuthorisedDepartmentRegistersTheNextVersion) {
  EXPECT_APPLIED(Submit(samr, TxKind::kSchemaRegister, Version(2), today));
  auto record = Query()->q.FindSchema("electronic-licence", 2).value();
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->registered_by, "samr");
  EXPECT_EQ(record->registered_height, height);
  ExpectRejected(samr, TxKind::kSchemaRegister, Version(2), today, RejectCode::kAlreadyExists);
  ExpectRejected(samr, TxKind::kSchemaRegister, Version(4), today, RejectCode::kInvalidField);
  ExpectRejected(tax, TxKind::kSchemaRegister, Version(3), today, RejectCode::kUnauthorized);
  ExpectRejected(holder, TxKind::kSchemaRegister, Version(3), today, RejectCode::kUnknownSigner);
  const auto schemas = Query()->q.Schemas().value();
  EXPECT_EQ(schemas.size(), genesis.schemas.size() + 1);
}

TEST_F(SchemasTest, DeprecationIsFinalAndStopsNewAnchors) {
  EXPECT_APPLIED(Submit(samr, TxKind::kIssuerKeyRotate,
                        IssuerKeyRotatePayload{1, "k", testing::TestKey(60).public_key(), {}},
                        today));
  ExpectRejected(tax, TxKind::kSchemaDeprecate, SchemaDeprecatePayload{1, "electronic-licence", 1},
                 today, RejectCode::kUnauthorized);
  EXPECT_APPLIED(Submit(samr, TxKind::kSchemaDeprecate,
                        SchemaDeprecatePayload{1, "electronic-licence", 1}, today));
  ExpectRejected(samr, TxKind::kSchemaDeprecate, SchemaDeprecatePayload{1, "electronic-licence", 1},
                 today, RejectCode::kInvalidState);
  ExpectRejected(samr, TxKind::kSchemaDeprecate, SchemaDeprecatePayload{1, "electronic-licence", 7},
                 today, RejectCode::kNotFound);
  ExpectRejected(samr, TxKind::kCredentialAnchor,
                 CredentialAnchorPayload{1, testing::Digest("c"),
                                         AnchorTerms{"electronic-licence", 1, "k", 0}},
                 today, RejectCode::kDeprecated);
}

TEST_F(SchemasTest, StructurallyInvalidSchemasNeverDecode) {
  SchemaRegisterPayload p = Version(2);
  p.schema.claims[0].provable = true;
  p.schema.claims[0].type = ledger::ClaimType::kBool;  // provable only for int/date/enum
  EXPECT_FALSE(CheckPayload(TxKind::kSchemaRegister, core::EncodeToBytes(p)).ok());
  EXPECT_FALSE(
      CheckPayload(TxKind::kSchemaDeprecate, core::EncodeToBytes(SchemaDeprecatePayload{1, "x", 0}))
          .ok());
}

}  // namespace
}  // namespace credchain::contracts
