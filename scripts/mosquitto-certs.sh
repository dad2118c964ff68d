#!/usr/bin/env bash
# Makes a private CA and a server certificate for the broker's TLS listener (port 8883):
#   deploy/mosquitto/certs/ca.crt       give it to clients (mosquitto_sub --cafile, Home Assistant)
#   deploy/mosquitto/certs/ca.key       the CA's key: keep it, or delete it once you have all you need
#   deploy/mosquitto/certs/server.crt   for: mosquitto, localhost, 127.0.0.1 and every NAME given
#   deploy/mosquitto/certs/server.key
# Usage: scripts/mosquitto-certs.sh [--dir DIR] [NAME…]   (NAME: this host's DNS names or IPs)
# Existing files are kept; delete server.* to issue a new server certificate.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=deploy/mosquitto/certs
if [ "${1:-}" = "--dir" ]; then dir=$2; shift 2; fi
mkdir -p "$dir"
umask 077
sans="DNS:mosquitto,DNS:localhost,IP:127.0.0.1"
for name in "$@"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then sans+=",IP:$name"; else sans+=",DNS:$name"; fi
done
if [ ! -s "$dir/ca.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=ProxBalance MQTT CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  echo "created $dir/ca.crt (and ca.key)"
fi
if [ ! -s "$dir/server.crt" ]; then
  [ -s "$dir/ca.key" ] || { echo "mosquitto-certs: $dir/ca.key is gone; delete ca.crt to start a new CA" >&2; exit 1; }
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=mosquitto" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$sans" >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 825 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
  echo "created $dir/server.crt for $sans"
fi
chmod 0644 "$dir/ca.crt" "$dir/server.crt"
