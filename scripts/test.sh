#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests against a real mosquitto and the
# Proxmox simulator over HTTPS on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PATH:/usr/sbin:/usr/local/sbin"   # mosquitto lives in sbin on Debian
swift build --build-tests
swift test --skip-build "$@"
