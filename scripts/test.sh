#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests against a real mosquitto and the
# Proxmox simulator over HTTPS on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/check-layers.sh
# deploy/package-versions lists every resolved package at its exact version; the Docker build
# checks against it, so it must follow Package.swift (scripts/package-versions --write updates it).
./scripts/package-versions --check
# The code follows .swift-format (swift-format ships with the Swift 6 toolchains).
if swift format --version >/dev/null 2>&1; then
  swift format lint --strict --configuration .swift-format --recursive Sources Tests Package.swift
else
  echo "test: swift format is not in this toolchain; formatting not checked" >&2
fi
export PATH="$PATH:/usr/sbin:/usr/local/sbin"   # mosquitto lives in sbin on Debian
swift build --build-tests
# The deployments, run without Docker or systemd: every compose service (simulator profile) from
# the built executables, as its image's user, with its secrets as compose mounts them; then the
# systemd units' environment and credentials. A few seconds each. The simulator serves the
# certificate compose-secrets.sh made, and the services pin it (its fingerprint is in .env).
./scripts/compose-secrets.sh --simulator
./scripts/compose-check --profile simulator --bin "$(swift build --show-bin-path)"
./scripts/compose-check-selftest "$(swift build --show-bin-path)"
./scripts/systemd-check --bin "$(swift build --show-bin-path)"
# Serial: the integration tests start brokers, simulators and service processes and wait for
# things to happen within an interval; one at a time they stay reliable on a loaded 2-core CI
# machine. The whole suite (about 900 tests) takes 8–9 minutes after the build (the process tests on the bus —
# restarts, broker restarts, 40,000-message floods, the executor crash loop — about 2 of them);
# from a clean checkout, build included, 18–22 minutes.
swift test --skip-build --no-parallel "$@"
