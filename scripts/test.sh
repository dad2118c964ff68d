#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests against a real mosquitto and the
# Proxmox simulator over HTTPS on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/check-layers.sh
# The code follows .swift-format (swift-format ships with the Swift 6 toolchains).
if swift format --version >/dev/null 2>&1; then
  swift format lint --strict --configuration .swift-format --recursive Sources Tests Package.swift
else
  echo "test: swift format is not in this toolchain; formatting not checked" >&2
fi
export PATH="$PATH:/usr/sbin:/usr/local/sbin"   # mosquitto lives in sbin on Debian
swift build --build-tests
# Serial: the integration tests start brokers, simulators and service processes and wait for
# things to happen within an interval; one at a time they stay reliable on a loaded 2-core CI
# machine. The whole suite takes about 5 minutes after the build (the process tests on the bus —
# restarts, broker restarts, 40,000-message floods, the executor crash loop — about 2 of them);
# from a clean checkout, build included, about 12 minutes.
swift test --skip-build --no-parallel "$@"
