#!/usr/bin/env bash
# Creates ./secrets for compose: a random broker password per account, and the Proxmox API
# token (asked for, or the simulator's demo token with --simulator). Existing files are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p secrets && chmod 700 secrets
for account in svc_collector svc_scoring svc_executor svc_notifier operator homeassistant; do
  f="secrets/mqtt_$account"
  [ -s "$f" ] || { openssl rand -hex 24 > "$f"; echo "created $f"; }
done
if [ ! -s secrets/pve_token ]; then
  if [ "${1:-}" = "--simulator" ]; then
    echo 'root@pam!proxbalance=simulator-secret' > secrets/pve_token
  else
    read -r -s -p "Proxmox API token (USER@REALM!TOKENID=SECRET): " token; echo
    printf '%s\n' "$token" > secrets/pve_token
  fi
  echo "created secrets/pve_token"
fi
# The notifier's destinations (webhook URLs are secrets): none until you add some.
[ -s secrets/notifier_destinations.json ] || { echo '[]' > secrets/notifier_destinations.json; echo "created secrets/notifier_destinations.json"; }
chmod 600 secrets/*
