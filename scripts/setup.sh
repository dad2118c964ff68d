#!/usr/bin/env bash
# Installs what ProxBalance needs on Debian/Ubuntu when it is missing (the Swift toolchain is
# expected on PATH). Safe to run again: it only calls apt-get when a package is absent.
set -euo pipefail

# busybox: the broker entrypoint's shell, as in the mosquitto image; chromium + chromium-driver:
# the web console's real-browser tests (headless, over WebDriver); tmux: pbctl watch's test in a
# fixed-size terminal.
packages=(libmosquitto-dev libcurl4-openssl-dev libsqlite3-dev libssl-dev pkg-config mosquitto mosquitto-clients openssl ca-certificates curl tzdata python3-yaml python3-jinja2 busybox chromium chromium-driver tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6.1 or later is needed)" >&2; exit 1; }
