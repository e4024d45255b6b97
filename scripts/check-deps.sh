#!/usr/bin/env bash
# Fails when an #include breaks the module graph of DESIGN.md §3 (docs/architecture.md):
#   core <- crypto <- ledger <- {contracts, consensus, credentials} <- node <- credchaind
#   cli may include core, crypto, ledger, contracts, credentials and node/api only.
# Also rejects third-party headers outside the modules allowed to use them, and in headers.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A ALLOWED=(
  [core]="core"
  [crypto]="core crypto"
  [ledger]="core crypto ledger"
  [contracts]="core crypto ledger contracts"
  [consensus]="core crypto ledger consensus"
  [credentials]="core crypto ledger credentials"
  [node]="core crypto ledger contracts consensus credentials node"
  [cli]="core crypto ledger contracts credentials node/api cli"
)
# Third-party include prefixes and the modules (or files) that may use them.
declare -A THIRD_PARTY=(
  ["sodium"]="crypto"
  ["cryptopp/"]="crypto"
  ["leveldb/"]="ledger"
  ["nlohmann/"]="ledger credentials node cli contracts"
  ["boost/"]="node"
  ["CLI/"]="cli"
  ["gperftools/"]="node"
)

INCLUDE_RE='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"]'
fail=0
for module in "${!ALLOWED[@]}"; do
  [ -d "$module" ] || continue
  while IFS= read -r -d '' file; do
    while IFS= read -r line; do
      # The included path (the whole line if it is not a quoted or bracketed name); a bash
      # match, not a sed process per line: the check runs in about a second, not half a minute.
      inc=$line
      [[ "$line" =~ $INCLUDE_RE ]] && inc=${BASH_REMATCH[1]}
      top=${inc%%/*}
      if [[ "$line" == *'"'* ]] && [[ "$inc" == */* ]]; then
        target=$top
        [[ "$inc" == node/api/* ]] && target="node/api"
        ok=0
        for dep in ${ALLOWED[$module]}; do
          if [ "$dep" = "$target" ] || { [ "$dep" = "node" ] && [ "$target" = "node/api" ]; }; then ok=1; fi
        done
        # node/api itself may only use core and crypto and nlohmann.
        if [[ "$file" == node/api/* ]] && [[ ! " core crypto ledger node/api " == *" $target "* ]]; then ok=0; fi
        if [ $ok -eq 0 ]; then
          echo "check-deps: $file includes \"$inc\" but $module may not depend on $target" >&2
          fail=1
        fi
      fi
      for prefix in "${!THIRD_PARTY[@]}"; do
        if [[ "$inc" == "$prefix"* ]]; then
          allowed=0
          for m in ${THIRD_PARTY[$prefix]}; do [ "$m" = "$module" ] && allowed=1; done
          # The key-file reader/writer is the one JSON format in crypto/ (ADR 0003).
          [ "$prefix" = "nlohmann/" ] && [[ "$file" == crypto/key_file*.cpp ]] && allowed=1
          # tcmalloc's headers: only the daemon's allocator check (ADR 0024).
          [ "$prefix" = "gperftools/" ] && [[ "$file" != node/memory_allocator.cpp ]] && allowed=0
          if [ $allowed -eq 0 ]; then
            echo "check-deps: $file includes <$inc>; only [${THIRD_PARTY[$prefix]}] may" >&2
            fail=1
          fi
          # Public headers include no third-party headers (DESIGN.md §3), except the JSON
          # forward declarations, and Asio/CLI11 inside the node and cli programs' own headers.
          if [[ "$file" == *.h ]]; then
            header_ok=0
            [ "$inc" = "nlohmann/json_fwd.hpp" ] && header_ok=1
            [ "$prefix" = "boost/" ] && [[ "$file" != node/api/* ]] && header_ok=1
            [ "$prefix" = "CLI/" ] && header_ok=1
            if [ $header_ok -eq 0 ]; then
              echo "check-deps: header $file includes third-party <$inc> (keep it in .cpp)" >&2
              fail=1
            fi
          fi
        fi
      done
    done < <(grep -E '^[[:space:]]*#[[:space:]]*include' "$file" || true)
  done < <(find "$module" -type f \( -name '*.h' -o -name '*.cpp' \) -print0)
done

if [ $fail -ne 0 ]; then
  echo "check-deps: module graph violated (see docs/architecture.md)" >&2
  exit 1
fi
echo "check-deps: module graph ok"
