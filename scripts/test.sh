#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests against a real mosquitto and the
# Proxmox simulator over HTTPS on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PATH:/usr/sbin:/usr/local/sbin"   # mosquitto lives in sbin on Debian
swift build --build-tests
# Serial: the integration tests start brokers, simulators and service processes; on a 2-core
# machine running them all at once starves Swift's cooperative thread pool.
swift test --skip-build --no-parallel "$@"
