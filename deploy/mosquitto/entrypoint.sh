#!/bin/sh
# Prepares what mosquitto reads, then starts it. Runs as root (the eclipse-mosquitto image's
# user); mosquitto itself then drops to the mosquitto user and reads everything below as that
# user. The Docker secrets (/run/secrets/mqtt_<account>, each holding one password) and the
# mounted ./acl and ./certs keep the host's owner and mode, which mosquitto 2.x refuses or warns
# about, so they are written or copied to $runtime: owner mosquitto, not readable by others.
# POSIX sh only: the eclipse-mosquitto image has busybox sh (scripts/compose-check runs this
# file with busybox sh when it is installed).
# No password appears on a command line: the password file is written in plain text (umask 077)
# and hashed in place with mosquitto_passwd -U.
set -eu
config=/mosquitto/config
runtime=/mosquitto/data/runtime
umask 077
rm -rf "$runtime"
mkdir -p "$runtime/conf.d" "$runtime/healthcheck"

accounts=0
for f in /run/secrets/mqtt_*; do
  [ -f "$f" ] || continue
  user=$(basename "$f" | sed 's/^mqtt_//; s/_/-/g')
  password=$(cat "$f")
  [ -n "$password" ] || { echo "entrypoint: the secret $f is empty" >&2; exit 1; }
  printf '%s:%s\n' "$user" "$password" >>"$runtime/passwd"
  accounts=$((accounts + 1))
done
[ "$accounts" -gt 0 ] || { echo "entrypoint: no /run/secrets/mqtt_* secret: run ./scripts/compose-secrets.sh" >&2; exit 1; }
mosquitto_passwd -U "$runtime/passwd"
# The ACL for the services' base topic (compose passes PROXBALANCE_BASE_TOPIC), generated from
# acl.template by mosquitto-acl (POSIX sh: this image has busybox sh, no bash).
base=${PROXBALANCE_BASE_TOPIC:-proxbalance}
if ! sh "$config/mosquitto-acl" "$base" >"$runtime/acl"; then
  echo "entrypoint: no ACL for the base topic '$base' (PROXBALANCE_BASE_TOPIC)" >&2
  exit 1
fi
echo "entrypoint: ACL generated for the base topic $base"

# The health check (compose.yaml) logs in as operator; its options file keeps the password off
# the command line (mosquitto_sub reads $XDG_CONFIG_HOME/mosquitto_sub).
if [ -f /run/secrets/mqtt_operator ]; then
  printf -- '-u operator\n-P %s\n' "$(cat /run/secrets/mqtt_operator)" >"$runtime/healthcheck/mosquitto_sub"
fi

if [ -f "$config/certs/server.crt" ] && [ -f "$config/certs/server.key" ]; then
  mkdir -p "$runtime/certs"
  cp "$config/certs/server.crt" "$config/certs/server.key" "$runtime/certs/"
  cp "$config/tls.conf" "$runtime/conf.d/tls.conf"
  echo "entrypoint: TLS listener on 8883 enabled"
fi

if [ "$(id -u)" -eq 0 ]; then
  chown -R mosquitto:mosquitto "$runtime"
  # The health check runs as root and needs nobody else.
  chown -R root:root "$runtime/healthcheck"
fi
chmod -R u+rwX,go-rwx "$runtime"
exec mosquitto -c "$config/mosquitto.conf"
