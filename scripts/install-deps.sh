#!/usr/bin/env bash
# Installs every Debian 12 package credchain needs to build, test, fuzz and run the demo.
# Idempotent: does nothing when everything is present. Run as root (or with sudo available).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang lld libclang-rt-dev clang-format
  libsodium-dev libleveldb-dev libcrypto++-dev nlohmann-json3-dev libcli11-dev
  libboost-dev libboost-system-dev
  libgoogle-perftools-dev  # tcmalloc, credchaind's allocator (ADR 0024)
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  curl jq procps psmisc iproute2
  ccache  # CMake compiles through it when present (CREDCHAIN_CCACHE): rebuilds and repeat CI runs
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

# Node.js + npm run the SD-JWT interoperability test. Some machines carry a vendor build of
# nodejs that bundles npm (and conflicts with Debian's npm package): only install what is missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# python3 runs testnet/linkproxy.py (the chaos run's partitions) and the e2e tests, which sign
# transactions with its `cryptography` package. A machine with its own python3 (pyenv, a vendor
# build) keeps it: only a missing one, or a missing package, is installed from Debian.
if ! command -v python3 >/dev/null; then
  missing+=(python3 python3-cryptography)
elif ! python3 -c 'import cryptography' 2>/dev/null; then
  missing+=(python3-cryptography)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
