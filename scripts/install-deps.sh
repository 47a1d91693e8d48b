#!/usr/bin/env bash
# Installs the Debian 12 packages dpucheck needs to build and check models; with --dev, also
# the developer tools the test suite uses (clang for the fuzzers, clang-format, tmux, Chromium).
# Works as root (a bare Debian has no sudo) or as a user with sudo; never asks a question.
# usage: bash scripts/install-deps.sh [--dev]
set -euo pipefail

dev=0
case "${1:-}" in
  "") ;;
  --dev) dev=1 ;;
  *) echo "usage: bash scripts/install-deps.sh [--dev]" >&2; exit 2 ;;
esac

# What configuring and building dpucheck needs (doctest too: the default configuration declares
# the unit-test target, though the quick start does not build it).
packages=(
  g++ cmake make pkg-config git ca-certificates
  libz3-dev libboost-dev libcli11-dev doctest-dev libfmt-dev nlohmann-json3-dev
  libxxhash-dev             # XXH3: state hashes and fingerprints (checker/explicit/hash.hpp)
  libopenmpi-dev openmpi-bin  # MPI for check --distributed (checker/distributed) and mpirun for
                            # its tests (tests/run-distributed-agree.sh)
)
# What the whole test suite needs besides (scripts/run-tests.sh passes --dev).
dev_packages=(
  clang libclang-rt-14-dev   # libFuzzer + sanitizers for scripts/fuzz-parser.sh
  clang-format              # the format test (tests/check-format.sh)
  tmux                      # step mode typed into a real terminal (tests/run-step-tmux.sh)
  chromium jq               # the viewer tests: headless Chromium renders the HTML viewer, jq reads
                            # the traces it is compared with (tests/run-viewer.sh)
)
[ "$dev" -eq 1 ] && packages+=("${dev_packages[@]}")

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  # -n (never prompt) when there is no terminal to answer a password prompt, e.g. in CI.
  if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
else
  echo "install-deps.sh: not root and no sudo; run it as root" >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps.sh: all ${#packages[@]} packages already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -y -o Dpkg::Use-Pty=0 -o APT::Install-Recommends=false)
echo "install-deps.sh: installing ${missing[*]}"
# Quiet on success; on failure print what apt said.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update >"$log" 2>&1; then
  cat "$log" >&2; echo "install-deps.sh: apt-get update failed" >&2; exit 1
fi
if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install \
    "${missing[@]}" >"$log" 2>&1; then
  cat "$log" >&2; echo "install-deps.sh: apt-get install failed" >&2; exit 1
fi
echo "install-deps.sh: done"
