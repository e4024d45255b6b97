// The credchain side of the SD-JWT interop test (run_interop.sh):
//   interop_sd_jwt issue DIR    issue a credential, present 2 of its claims with a KB-JWT, and
//                               write what the other implementation needs to verify it
//   interop_sd_jwt verify DIR   verify the other implementation's presentation with the full
//                               credchain verifier (ledger facts from an in-memory view)
// Prints each expectation; exits non-zero on the first failure.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/hex.h"
#include "credentials/in_memory_ledger_view.h"
#include "credentials/jws.h"
#include "credentials/presentation.h"
#include "credentials/sd_jwt.h"
#include "credentials/sd_jwt_vc.h"
#include "credentials/verifier.h"

namespace {

using namespace credchain;
using namespace credchain::credentials;
using nlohmann::json;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool Check(bool ok, const std::string& what) {
  std::printf("interop %s: %s\n", ok ? "ok" : "FAIL", what.c_str());
  return ok;
}

crypto::SecretKey Key(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

ledger::Schema CreditGrade() {
  ledger::Schema s;
  s.id = "credit-grade";
  s.schema_version = 1;
  for (const char* name : {"uscc", "name", "grade", "region"}) {
    ledger::ClaimSpec c;
    c.name = name;
    c.required = true;
    c.selectively_disclosable = std::string(name) != "region";
    s.claims.push_back(c);
  }
  return s;
}

int Issue(const std::string& dir) {
  const crypto::SecretKey issuer = Key(31), holder = Key(32);
  const ledger::Schema schema = CreditGrade();
  const int64_t now = std::time(nullptr);
  CredentialRequest request;
  request.schema = &schema;
  request.claims_json =
      R"({"uscc":"91512081MA62K0260E","name":"Acme Trading","grade":"A","region":"NJ"})";
  request.issuer_key = IssuerKeyRef::Parse("did:credchain:interop:credit-center#k1").value();
  request.iat_s = now - 60;
  request.exp_s = now + 86400;
  request.status_uri = "credchain://interop/status-lists/credit-center/7";
  auto issued = IssueCredential(request, {holder.public_key(), 5}, {}, issuer);
  if (!Check(issued.ok(), "credchain issued an SD-JWT VC")) return 1;
  PresentRequest present;
  present.disclose = {"grade", "uscc"};
  present.audience = "did:credchain:interop:bank";
  present.nonce = "interop-nonce-1";
  present.iat_s = now;
  auto presentation = CreatePresentation(issued->sd_jwt, AnchorProof{}, present, holder);
  if (!Check(presentation.ok(), "credchain presented 2 of 4 claims with a KB-JWT")) return 1;
  Write(dir + "/ours_presentation.txt", presentation->sd_jwt);
  Write(dir + "/ours_issuer_jwk.json", Ed25519Jwk(issuer.public_key()).dump());
  Write(dir + "/ours_expect.json",
        json{{"nonce", present.nonce},
             {"aud", present.audience},
             {"now", now},
             {"iss", "did:credchain:interop:credit-center"},
             {"vct", "urn:credchain:credit-grade:1"},
             {"status_idx", 5},
             {"required_claims", {"grade", "uscc"}},
             {"disclosed", {{"grade", "A"}, {"uscc", "91512081MA62K0260E"}, {"region", "NJ"}}},
             {"hidden", {"name"}}}
            .dump());
  return 0;
}

int Verify(const std::string& dir) {
  const json expect = json::parse(Read(dir + "/theirs_expect.json"));
  auto issuer_key = Ed25519KeyFromJwk(json::parse(Read(dir + "/theirs_issuer_jwk.json")));
  if (!Check(issuer_key.ok(), "read the library's issuer key")) return 1;
  Presentation p;
  p.sd_jwt = Read(dir + "/theirs_presentation.txt");
  auto sd = SdJwt::Parse(p.sd_jwt);
  if (!Check(sd.ok(), "parsed the library's compact SD-JWT")) return 1;
  const std::string did = expect["did"];
  InMemoryLedgerView ledger("interop");
  ledger.AddIssuerKey(did, expect["key_id"], *issuer_key, 1);
  ledger.AddAuthorization(did, "credit-grade", 1, 1);
  ledger.AddAnchor(CredentialId(sd->issuer_jwt), {10, did, 0});
  ledger.SetStatus(expect["status_uri"], expect["status_idx"].get<uint64_t>(), {});
  VerifierPolicy policy;
  policy.accept.push_back({"credit-grade", 1, {did}, {"grade", "uscc"}});
  VerifyRequest request{expect["nonce"], expect["aud"], expect["now"].get<int64_t>()};
  const VerificationReport report = VerifyPresentation(p, request, policy, ledger);
  std::printf("%s", report.ToText().c_str());
  bool ok = Check(report.accepted(), "credchain verifier accepted the library's presentation");
  const json disclosed = json::parse(report.disclosed_claims_json);
  for (const auto& [name, value] : expect["disclosed"].items()) {
    ok &= Check(disclosed.contains(name) && disclosed[name] == value, "disclosed claim " + name);
  }
  for (const auto& name : expect["hidden"]) {
    ok &= Check(!disclosed.contains(name.get<std::string>()), "hidden claim " + name.dump());
  }
  VerifyRequest wrong_nonce = request;
  wrong_nonce.nonce = "not-the-nonce";
  const VerificationReport refused = VerifyPresentation(p, wrong_nonce, policy, ledger);
  ok &= Check(!refused.accepted() && refused.Find(kCheckNonce)->outcome == CheckOutcome::kFail,
              "wrong nonce refused");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: interop_sd_jwt issue|verify DIR\n");
    return 2;
  }
  const std::string command = argv[1];
  if (command == "issue") return Issue(argv[2]);
  if (command == "verify") return Verify(argv[2]);
  std::fprintf(stderr, "unknown command %s\n", command.c_str());
  return 2;
}
