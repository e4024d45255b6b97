#!/usr/bin/env bash
# The end-to-end story of DESIGN.md §10 on a local 4-validator network. Each step prints what it
# does and what it proves; the script exits non-zero at the first step that fails.
#   testnet/demo.sh            (scripts/demo.sh installs, builds and runs this)
#   DEMO_SKIP=verify-online testnet/demo.sh   skip steps by name or number (comma-separated);
#                              only for working on later steps: the default run runs every step
# Uses $TESTNET_DIR (default testnet/.net, recreated) and leaves the network running only when
# KEEP_RUNNING=1. Steps (names): network schemas register-schema holder penalty commitment list
# repair report issue present verify-online verify-offline revoke kill restart.
set -euo pipefail
source "$(dirname "$0")/common.sh"
FIX=$ROOT/testnet/fixtures
WORK=$TESTNET_DIR/demo
PASS_FILE=$TESTNET_DIR/passphrase
SUBJECT=91320106MA1MXY3K4M  # 南京示例科技有限公司 (a valid USCC)
step_no=0
skipped=()

# run NAME TITLE FUNCTION: prints the step's header and runs it, unless DEMO_SKIP names it.
run() {
  step_no=$((step_no + 1)); printf '\n\033[1m[%d] %s\033[0m  (t+%ds)\n' "$step_no" "$2" "$SECONDS"
  if [[ ",${DEMO_SKIP:-}," == *",$1,"* || ",${DEMO_SKIP:-}," == *",$step_no,"* ]]; then
    echo "    (skipped: DEMO_SKIP)"; skipped+=("$step_no:$1"); return 0
  fi
  "$3"
}
proves() { printf '    \342\234\223 %s\n' "$*"; }
cc() { "$CREDCHAIN" "$@"; }
# Runs a credchain command that submits a transaction and prints "<tx id> <status>".
tx() { cc tx "$@" --passphrase-file "$PASS_FILE" --json | tee -a "$WORK/txs.jsonl" | jq -r '"    tx \(.tx_id[0:16])… \(.status) at height \(.height // "-")"'; }
key() { echo "$TESTNET_DIR/keys/$1.json"; }
digest() { cc hash "$1" --json | jq -r .digest; }
cleanup() {
  local rc=$?
  if [ -z "${KEEP_RUNNING:-}" ]; then "$ROOT/testnet/down.sh" >/dev/null 2>&1 || true; fi
  if [ "$rc" -ne 0 ]; then say "demo FAILED at step $step_no (logs: $TESTNET_DIR/node*/credchaind.log)"; fi
}
trap cleanup EXIT

same_blocks() {  # height node... : every node serves the same block id at that height
  local h=$1 first="" id i; shift
  for i in "$@"; do
    id=$(curl -fsS --max-time 5 "http://$(node_api "$i")/v1/blocks/$h" | jq -r .id)
    [ -n "$first" ] || first=$id
    [ "$id" = "$first" ] || die "block $h differs: node$i has $id, node$1 has $first"
  done
  echo "$first"
}

network() {
  "$ROOT/testnet/up.sh" -n 4 --fresh
  mkdir -p "$WORK"
  proves "four departments run their own validator; blocks commit only with 3 of 4 signatures (2f+1, f=1)"
}

standard_schemas() {
  curl -fsS "$CREDCHAIN_NODE/v1/schemas" >"$WORK/schemas.json"
  jq -r '.schemas[] | "    \(.schema.id) v\(.schema.schema_version) (\(.status), registered by \(.registered_by))"' "$WORK/schemas.json"
  [ "$(jq '.schemas | length' "$WORK/schemas.json")" -ge 10 ] || die "expected the 10 standard schemas"
  proves "every node serves the same schema registry from certified state"
}

register_schema() {
  local proposal status
  tx governance propose --key "$(key samr)" --action grant --department hrss --schema social-insurance-compliance
  proposal=$(tail -1 "$WORK/txs.jsonl" | jq -r '.proposal_id // empty')
  [ -n "$proposal" ] || die "governance propose did not print the proposal id"
  echo "    proposal $proposal is open (samr's own vote counts as yes)"
  tx governance vote --key "$(key tax)" --proposal "$proposal" --vote yes
  tx governance vote --key "$(key credit-center)" --proposal "$proposal" --vote yes
  status=$(tail -1 "$WORK/txs.jsonl" | jq -r .proposal_status)
  [ "$status" = passed ] || die "proposal $proposal is '$status' after 3 of 4 yes votes, not passed"
  echo "    proposal $proposal passed"
  tx schema register --key "$(key hrss)" --schema-file "$FIX/social-insurance.schema.json"
  curl -fsS "http://$(node_api 2)/v1/schemas" | jq -e '.schemas[] | select(.schema.id == "social-insurance-compliance"
    and .registered_by == "hrss")' >/dev/null || die "node2 does not serve the new schema"
  proves "3 of 4 departments voted; only then could 人社局 register the schema, and every node now serves it"
}

holder() {
  cc keys new --out "$WORK/holder.json" --kdf interactive --passphrase-file "$PASS_FILE" --json >"$WORK/holder.pub.json"
  echo "    holder $(jq -r .did "$WORK/holder.pub.json")"
}

penalty() {
  tx record publish --key "$(key samr)" --document "$FIX/penalty.record.json" --schema administrative-penalty \
    --subject "$SUBJECT" --kind penalty --decision-date 2026-06-01 --tier general --rule-version ndrc-2025-36
  cc query records --subject "$SUBJECT" --json | jq -e --arg d "$PENALTY" '[.. | strings] | index($d) != null' >/dev/null
  proves "the penalty is publicly visible by subject, and the raw record never left the department"
}

commitment() {
  local sig
  sig=$(cc tx commitment sign --key "$WORK/holder.json" --letter-document "$FIX/commitment-letter.txt" \
    --passphrase-file "$PASS_FILE" --json | jq -r .committer_signature)
  tx commitment record --key "$(key samr)" --letter-document "$FIX/commitment-letter.txt" --type credit_repair \
    --matter "REPAIR-2026-118" --subject "$SUBJECT" --related-record "$PENALTY" --accepting-authority samr \
    --committer-key "$(jq -r .public_key "$WORK/holder.pub.json")" --committer-signature "$sig"
  proves "the letter is anchored and bound to the enterprise's signature and the record it concerns"
}

list_subject() {
  tx list include --key "$(key samr)" --decision-document "$FIX/list-decision.txt" --list samr-severe-dishonesty \
    --schema severe-dishonesty-entry --subject "$SUBJECT" --legal-basis "国家市场监督管理总局令第44号" \
    --remedy "60日内可申请行政复议，6个月内可提起行政诉讼" --inclusion-date 2026-11-25 --planned-removal 2029-11-26 \
    --underlying-record "$PENALTY"
  cc query list samr-severe-dishonesty --subject "$SUBJECT" --json >"$WORK/list.json"
  echo "    $(jq -c . "$WORK/list.json" | cut -c1-150)"
  proves "list membership is a certified, queryable fact with its legal basis and remedy"
}

repair() {
  tx repair apply --key "$WORK/holder.json" --application-document "$FIX/repair-application.txt" \
    --target-record "$PENALTY" --commitment "$(digest "$FIX/commitment-letter.txt")"
  tx repair decide --key "$(key samr)" --application "$(digest "$FIX/repair-application.txt")" --outcome approve \
    --decision-document "$FIX/repair-decision.txt"
  if cc query records --subject "$SUBJECT" --json | jq -e --arg d "$PENALTY" '[.. | strings] | index($d) != null' >/dev/null; then
    die "the repaired penalty is still published"
  fi
  proves "after repair the record is no longer served: publication ends when the law says"
}

credit_report() {  # the credit centre compiles a report; a verifier recomputes it on another node
  local height
  height=$(cc query status --json | jq -r .height)
  cc report compile --subject "$SUBJECT" --at "$height" --purpose credit_lending \
    --subject-name "南京示例科技有限公司" --out "$WORK/report.claims.json" | sed 's/^/    /'
  wait_height 2 "$height" 10
  CREDCHAIN_NODE=http://$(node_api 2) cc report check --claims "$WORK/report.claims.json" | tail -1 | sed 's/^/    node2: /'
  jq '.published_penalties_general += 1' "$WORK/report.claims.json" >"$WORK/report-tampered.claims.json"
  if CREDCHAIN_NODE=http://$(node_api 2) cc report check --claims "$WORK/report-tampered.claims.json" \
    >"$WORK/report-tampered.txt"; then die "a tampered credit report passed the check"; fi
  echo "    tampered copy: $(grep -m1 MISMATCH "$WORK/report-tampered.txt" | sed 's/^ *//')"
  proves "the report's counts (repaired penalty gone, list entry active, letter in progress) are recomputed at height $height by another node; a changed count is caught"
}

issue() {  # schema claims-file department status-index commit-claims out-name
  # One step: sign the credential and anchor its id, waiting for the commit. The department's
  # key is both its issuer key k1 and its account key, so it signs the anchor too.
  local commit=()
  [ -n "$5" ] && commit=(--commit "$5")
  cc credential issue --schema "$1" --claims "$FIX/$2" --holder "$(jq -r .did "$WORK/holder.pub.json")" \
    --key "$(key "$3")" --issuer "did:credchain:$CHAIN:$3#k1" --passphrase-file "$PASS_FILE" \
    --status-list "credchain://$CHAIN/status-lists/$3/1" --status-index "$4" "${commit[@]}" \
    --node "$CREDCHAIN_NODE" --out "$WORK/$6.cred.json" --json >"$WORK/$6.issued.json"
  # The command succeeds only once the anchor committed with receipt "none"; log it with the rest.
  jq -c '{tx_id: .anchor.tx, status: "committed", height: .anchor.height}' "$WORK/$6.issued.json" >>"$WORK/txs.jsonl"
  jq -r '"    tx \(.anchor.tx[0:16])… committed at height \(.anchor.height) (credential \(.id[0:16])…)"' "$WORK/$6.issued.json"
  cc wallet import --wallet "$WORK/wallet" "$WORK/$6.cred.json" >/dev/null
}

issue_credentials() {
  for dept in samr credit-center; do  # each issuing department registers its signing key as k1
    tx issuer-key rotate --key "$(key $dept)" --key-id k1 \
      --public-key "$(jq -r --arg d $dept '.nodes[] | select(.department == $d) | .account_key' "$TESTNET_DIR/testnet.json")"
  done
  tx status-list create --key "$(key samr)" --list-number 1 --size 8192
  tx status-list create --key "$(key credit-center)" --list-number 1 --size 8192
  issue electronic-licence licence.claims.json samr 1 valid_until licence
  issue credit-grade-samr-risk grade.claims.json samr 2 grade grade
  issue xinyidai-attestation xinyidai.claims.json credit-center 1 "" xinyidai
  cc wallet list --wallet "$WORK/wallet" | sed 's/^/    /'
  proves "credentials are SD-JWT VCs signed by the issuing department and anchored on chain; the wallet holds them, the chain holds only their ids"
}

present() {
  cc present --wallet "$WORK/wallet" --credential "$WORK/grade.cred.json" --disclose subject_name,subject_uscc \
    --prove "grade>=2" --aud did:credchain:nj:bank-a --nonce "$NONCE" --holder-key "$WORK/holder.json" \
    --passphrase-file "$PASS_FILE" --out "$WORK/presentation.json"
  proves "the grade itself is never revealed: a range proof shows it is at least B"
}

verify_online() {
  cc verify --presentation "$WORK/presentation.json" --aud did:credchain:nj:bank-a --nonce "$NONCE" \
    --online "$CREDCHAIN_NODE" --json | tee "$WORK/report-online.json" | jq -r '"    accepted: \(.accepted); failed checks: \([.checks[] | select(.result == "fail") | .name] | join(", "))"'
  proves "issuer signature, holder binding, predicate proof and on-chain issuer key all check out"
}

verify_offline() {
  # The holder fetches a certified proof bundle for its credential — the anchor, 市场监管局's key
  # history, its authorisation for the schema and the credential's status entry, all under one
  # state root signed by 3 of 4 validators — and puts it in the presentation. The bank trusts
  # nothing but the chain's validator sets: trust export fetches genesis and every epoch change
  # and checks each set against the chain's certified blocks before writing the trust file.
  cc present --wallet "$WORK/wallet" --credential "$WORK/grade.cred.json" --disclose subject_name,subject_uscc \
    --prove "grade>=2" --aud did:credchain:nj:bank-a --nonce "$NONCE" --holder-key "$WORK/holder.json" \
    --passphrase-file "$PASS_FILE" --offline-proof --node "$CREDCHAIN_NODE" --out "$WORK/presentation-offline.json"
  cc trust export --node "$CREDCHAIN_NODE" --out "$WORK/bank-trust.json" >"$WORK/trust-export.txt"
  sed -n '1,2s/^/    /p' "$WORK/trust-export.txt"
  cc verify --presentation "$WORK/presentation-offline.json" --aud did:credchain:nj:bank-a --nonce "$NONCE" \
    --offline "$WORK/bank-trust.json" --json | tee "$WORK/report-offline.json" \
    | jq -r '"    accepted: \(.accepted); \([.checks[] | select(.name == "anchored" or .name == "status_proof") | .reason] | join("; "))"'
  proves "anchored, issuer key and authorisation at issuance, not revoked, not suspended: all shown by sparse-Merkle proofs under a state root that 3 of 4 validators signed"
}

revoke() {
  local revoked=""
  tx credential status --key "$(key samr)" --department samr --list-number 1 --op revoke --index 2  # the grade's entry
  for _ in $(seq 1 30); do  # nodes answer from the certified state, a block behind the tip
    if cc verify --presentation "$WORK/presentation.json" --aud did:credchain:nj:bank-a --nonce "$NONCE" \
      --online "$CREDCHAIN_NODE" --json >"$WORK/report-revoked.json"; then sleep 1; continue; fi
    if jq -e '[.checks[] | select(.name == "not_revoked" and .result == "fail")] | length == 1' \
      "$WORK/report-revoked.json" >/dev/null; then revoked=1; break; fi
    sleep 1
  done
  [ -n "$revoked" ] || die "the revoked credential still verifies: $(jq -c '[.checks[] | select(.result == "fail")]' "$WORK/report-revoked.json")"
  echo "    accepted: $(jq .accepted "$WORK/report-revoked.json"); failed checks: $(jq -r '[.checks[] | select(.result == "fail") | .name] | join(", ")' "$WORK/report-revoked.json")"
  proves "revocation is one status bit on chain; every verifier sees it, yet the chain does not say which credential it was"
}

kill_validator() {
  local before; before=$(node_height 0)
  kill_node 3
  echo "    node3 (市信用中心) killed with SIGKILL at height $before"
  tx evidence anchor --key "$(key tax)" --document "$FIX/commitment-letter.txt" --document-type credit-commitment
  DOWN_TX=$(tail -1 "$WORK/txs.jsonl" | jq -r .tx_id)
  wait_height 0 $((before + 5)) 60
  proves "height went from $before to $(node_height 0) and 税务局's transaction committed, with 3 of 4 validators"
}

restart_validator() {
  local target id
  start_node 3
  target=$(node_height 0)
  wait_height 3 "$target" 90
  id=$(same_blocks "$target" 0 1 2 3)
  echo "    block $target: $(curl -fsS "http://$(node_api 3)/v1/blocks/$target" | jq -r '"id \(.id[0:16])…, state root \(.header.exec_state_root[0:16])…"') on all four nodes"
  CREDCHAIN_NODE=http://$(node_api 3) cc query tx "$DOWN_TX" --json | jq -e '.height' >/dev/null \
    || die "node3 does not serve the transaction committed while it was down"
  proves "node3 caught up to height $target with block ${id:0:16}…, identical to the others, including what it missed"
}

run network "Start a network of 4 validators: 市场监管局 (samr), 税务局 (tax), 人社局 (hrss), 市信用中心 (credit-center)" network
export CREDCHAIN_NODE=$(jq -r '.nodes[0].api' "$TESTNET_DIR/testnet.json")
CHAIN=$(jq -r .chain_id "$TESTNET_DIR/testnet.json")
PENALTY=$(digest "$FIX/penalty.record.json")
NONCE=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
run schemas "The departments' standard credential and record schemas are on chain from genesis" standard_schemas
run register-schema "Governance grants 人社局 a new schema (3 of 4 departments vote); 人社局 registers it" register_schema
run holder "A holder (the enterprise's legal representative) creates a wallet key" holder
run penalty "市场监管局 publishes an administrative penalty (双公示): only its digest goes on chain" penalty
run commitment "The enterprise signs a 信用修复型 commitment letter (信用承诺书); 市场监管局 records it" commitment
run list "市场监管局 lists the subject as severely dishonest (严重违法失信名单)" list_subject
run repair "The enterprise applies for credit repair; 市场监管局 approves; publication of the penalty ends" repair
run report "市信用中心 compiles a credit report (信用报告) from the ledger at a height; a bank recomputes it" credit_report
run issue "Departments issue credentials to the holder: an electronic business licence, a credit grade, a 信易贷 attestation" issue_credentials
run present "The holder presents to a bank only what it needs: name and USCC disclosed, grade ≥ B proved, nothing else" present
run verify-online "The bank verifies online against any node" verify_online
run verify-offline "The bank verifies offline: the holder's status proof bundle, checked against the validator set alone" verify_offline
run revoke "市场监管局 revokes the credit grade; the bank's next online check reports it" revoke
run kill "Fault tolerance: kill -9 one validator; the other three keep committing" kill_validator
run restart "The killed validator restarts and catches up with identical blocks" restart_validator

if [ "${#skipped[@]}" -gt 0 ]; then
  printf '\n\033[1mdemo passed, but with steps SKIPPED: %s\033[0m\n' "${skipped[*]}"
else
  printf '\n\033[1mdemo complete: every step passed\033[0m\n'
fi
