// Issuer identifiers of the SD-JWT VC profile (DESIGN.md §7):
//   issuer DID  did:credchain:<chain>:<org>          e.g. did:credchain:nj-credit:samr-nj
//   key id      <issuer DID>#<key-id>                e.g. did:credchain:nj-credit:samr-nj#k1
//   vct         urn:credchain:<schema id>:<version>  e.g. urn:credchain:credit-grade:1
//   status list credchain://<chain>/status-lists/<org>/<n>  e.g. credchain://nj/status-lists/samr/1
// Segments are 1..64 characters of [A-Za-z0-9._-]; version is a decimal u32 without leading
// zeros. The issuer's keys are resolved from the on-chain key history (LedgerView), never from
// the credential itself. Parse failures are Rejected(kBadEncoding, "<what>: reason").
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace credchain::credentials {

struct IssuerDid {
  std::string chain_id;
  std::string org;

  std::string ToString() const;
  static core::Result<IssuerDid> Parse(std::string_view did);
  friend bool operator==(const IssuerDid&, const IssuerDid&) = default;
};

struct IssuerKeyRef {
  IssuerDid did;
  std::string key_id;

  std::string ToString() const;  // the JWS "kid"
  static core::Result<IssuerKeyRef> Parse(std::string_view kid);
  friend bool operator==(const IssuerKeyRef&, const IssuerKeyRef&) = default;
};

// A status list URI (status.status_list.uri; docs/formats/state-layout.md): the list `number` of
// department `org` on chain `chain_id`. Its owner is the issuer DID of that department.
struct StatusListRef {
  std::string chain_id;
  std::string org;
  uint32_t number = 0;

  IssuerDid Owner() const { return IssuerDid{chain_id, org}; }
  std::string ToUri() const;
  static core::Result<StatusListRef> Parse(std::string_view uri);
  friend bool operator==(const StatusListRef&, const StatusListRef&) = default;
};

struct SchemaRef {
  std::string schema_id;
  uint32_t schema_version = 0;

  std::string ToVct() const;
  static core::Result<SchemaRef> ParseVct(std::string_view vct);
  friend bool operator==(const SchemaRef&, const SchemaRef&) = default;
};

}  // namespace credchain::credentials
