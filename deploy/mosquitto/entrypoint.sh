#!/bin/sh
# Builds the broker's password file from Docker secrets (one file per account, holding the
# password) so no password is stored in the image or the compose file, then starts mosquitto.
set -eu
passwd=/mosquitto/data/passwd
: > "$passwd"
for f in /run/secrets/mqtt_*; do
  [ -f "$f" ] || continue
  user=$(basename "$f" | sed 's/^mqtt_//; s/_/-/g')
  mosquitto_passwd -b "$passwd" "$user" "$(cat "$f")"
done
chown mosquitto:mosquitto "$passwd" 2>/dev/null || true
chmod 0700 "$passwd"
exec mosquitto -c /mosquitto/config/mosquitto.conf
