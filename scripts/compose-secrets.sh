#!/usr/bin/env bash
# Creates ./secrets for compose: a random broker password per account, the Proxmox API token
# (asked for, or the simulator's demo token with --simulator) and the simulator's TLS certificate
# and key. Existing files are kept. With --simulator it also puts that certificate's SHA-256
# fingerprint into ./.env as PROXBALANCE_PVE_FINGERPRINT, so the services pin it (TLS verified,
# no PROXBALANCE_PVE_VERIFY_TLS=false); against a real cluster set your cluster's there instead.
#
# Compose without swarm bind-mounts a file secret with the host file's owner and mode (it
# ignores uid/gid/mode), and the ProxBalance image runs as uid:gid 10001:10001 (USER in the
# Dockerfile). So every secret ends up owned by you, group 10001, mode 0640: you can still edit
# it, the containers read it through their group, and no other user on this host can read it
# (mosquitto's entrypoint runs as root and reads its secrets whatever their owner). Giving a file
# to a group you are not in takes root: this script uses sudo when it is not run as root, and
# says what to run when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
gid=$(sed -n 's/^USER [0-9][0-9]*:\([0-9][0-9]*\)$/\1/p' Dockerfile | tail -1)
[ -n "$gid" ] || { echo "compose-secrets: no 'USER uid:gid' line in Dockerfile" >&2; exit 1; }

umask 077
mkdir -p secrets && chmod 700 secrets
for account in svc_collector svc_scoring svc_executor svc_notifier operator homeassistant console; do
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
# The console's accounts: `admin` (operator) with a random password, shown once and kept in
# secrets/web_admin_password (yours only). The bcrypt hash comes from pb-web itself: a local build,
# else the image.
if [ ! -s secrets/web_users ]; then
  pbweb=$(command -v pb-web || ls .build/release/pb-web .build/debug/pb-web 2>/dev/null | head -1 || true)
  password=$(openssl rand -hex 12)
  if [ -n "$pbweb" ]; then
    line=$(printf '%s\n' "$password" | "$pbweb" user add admin --role operator --file -)
  elif command -v docker >/dev/null && docker image inspect proxbalance:latest >/dev/null 2>&1; then
    line=$(printf '%s\n' "$password" | docker run --rm -i proxbalance:latest pb-web user add admin --role operator --file -)
  else
    line=""
  fi
  if [ -n "$line" ]; then
    printf '%s\n' "$line" > secrets/web_users
    printf '%s\n' "$password" > secrets/web_admin_password
    echo "created secrets/web_users: log in to the console as admin with password $password (also in secrets/web_admin_password)"
  else
    : > secrets/web_users
    echo "created an empty secrets/web_users (no pb-web here to hash a password): after 'docker compose build', run"
    echo "  docker compose run --rm --no-deps web pb-web user add admin --role operator --file - >> secrets/web_users"
  fi
fi
# The simulator's certificate (compose --profile simulator serves it): fixed, so it can be pinned.
if [ ! -s secrets/pvesim_cert.pem ] || [ ! -s secrets/pvesim_key.pem ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj /CN=pvesim \
    -addext "subjectAltName=DNS:pvesim,DNS:localhost,IP:127.0.0.1" \
    -keyout secrets/pvesim_key.pem -out secrets/pvesim_cert.pem 2>/dev/null
  echo "created secrets/pvesim_cert.pem and secrets/pvesim_key.pem (the simulator's TLS certificate)"
fi
if [ "${1:-}" = "--simulator" ]; then
  fingerprint=$(openssl x509 -in secrets/pvesim_cert.pem -noout -fingerprint -sha256 | sed 's/^[^=]*=//')
  current=""
  [ ! -f .env ] || current=$(sed -n 's/^PROXBALANCE_PVE_FINGERPRINT=//p' .env | tail -1)
  if [ "$current" != "$fingerprint" ]; then
    if [ -f .env ] && grep -q '^PROXBALANCE_PVE_FINGERPRINT=' .env; then
      sed -i "s/^PROXBALANCE_PVE_FINGERPRINT=.*/PROXBALANCE_PVE_FINGERPRINT=$fingerprint/" .env
      echo ".env: PROXBALANCE_PVE_FINGERPRINT is now the simulator's ($fingerprint; was $current)"
    else
      (umask 022; printf '%s\n' "# The simulator's certificate (secrets/pvesim_cert.pem), pinned by the services; for a real" \
        "# cluster put its fingerprint here (scripts/compose-secrets.sh --simulator wrote this line)." \
        "PROXBALANCE_PVE_FINGERPRINT=$fingerprint" >>.env)
      echo ".env: PROXBALANCE_PVE_FINGERPRINT=$fingerprint (the simulator's certificate)"
    fi
  fi
fi

files=(secrets/mqtt_* secrets/pve_token secrets/notifier_destinations.json secrets/pvesim_cert.pem secrets/pvesim_key.pem
       secrets/web_users)
chmod 0640 "${files[@]}"
# Only what is not yet the containers' group (an editor may have replaced a file): no sudo otherwise.
wrong=()
for f in "${files[@]}"; do [ "$(stat -c %g "$f")" = "$gid" ] || wrong+=("$f"); done
if [ ${#wrong[@]} -eq 0 ]; then
  :
elif [ "$(id -u)" -eq 0 ]; then
  chgrp "$gid" "${wrong[@]}"
elif ! { command -v sudo >/dev/null && sudo chgrp "$gid" "${wrong[@]}"; }; then
  echo "compose-secrets: could not give the secrets to group $gid (the containers' group); run as root:" >&2
  echo "  chgrp $gid $PWD/secrets/* && chmod 0640 $PWD/secrets/*" >&2
  exit 1
fi
echo "secrets/: owner $(id -un), group $gid (the containers' group), mode 0640"
