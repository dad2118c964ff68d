#!/usr/bin/env bash
# Runs the whole ProxBalance system on the built-in simulated cluster: a local mosquitto (with
# a password), the Proxmox VE simulator over HTTPS, the four services and the web console; then
# prints the console's address and logins and follows the events. Ctrl-C stops everything.
#   PB_MQTT_PORT (18830) PB_SIM_PORT (8006) PB_WEB_PORT (8080) PB_SCENARIO (scenarios/demo.json)
#   PB_INTERVAL (10 s)  PB_DEMO_SECONDS (run that long, then stop; default: until Ctrl-C)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PATH:/usr/sbin:/usr/local/sbin"

mqtt_port=${PB_MQTT_PORT:-18830}
web_port=${PB_WEB_PORT:-8080}
sim_port=${PB_SIM_PORT:-8006}
scenario=${PB_SCENARIO:-scenarios/demo.json}
run=run/demo
mkdir -p "$run/logs" "$run/data" "$run/pvesim" "$run/mosquitto"

echo "demo: building (the first build takes a few minutes)…"
# One product per call: `swift build` honours only the last --product it is given.
for product in pb-pvesim pb-collector pb-scoring pb-executor pb-notifier pb-web pbctl; do
  swift build --product "$product" >>"$run/logs/build.log" 2>&1 || { tail -20 "$run/logs/build.log"; exit 1; }
done
bin=$(swift build --show-bin-path)

pids=()
cleanup() {
  trap - EXIT INT TERM
  echo; echo "demo: stopping…"
  # Services first, the broker last, so each can still say it is offline.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_port() {  # port, name, log
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "demo: $2 did not start; its log:"; tail -20 "$3"; exit 1
}

# Broker: no anonymous access, one account for the services and one for you.
: >"$run/mosquitto/passwd"
mosquitto_passwd -b "$run/mosquitto/passwd" proxbalance demo
mosquitto_passwd -b "$run/mosquitto/passwd" operator demo
cat >"$run/mosquitto/mosquitto.conf" <<CONF
listener $mqtt_port 127.0.0.1
allow_anonymous false
password_file $PWD/$run/mosquitto/passwd
persistence false
user $(id -un)
CONF
mosquitto -c "$run/mosquitto/mosquitto.conf" >"$run/logs/mosquitto.log" 2>&1 &
pids+=($!)
wait_port "$mqtt_port" mosquitto "$run/logs/mosquitto.log"

token='root@pam!proxbalance=simulator-secret'
"$bin/pb-pvesim" serve --scenario "$scenario" --bind 127.0.0.1 --port "$sim_port" --data-dir "$run/pvesim" \
  --token "$token" --auth-delay 0 >"$run/logs/pvesim.log" 2>&1 &
pids+=($!)
wait_port "$sim_port" "the simulator" "$run/logs/pvesim.log"
fingerprint=$(openssl x509 -noout -fingerprint -sha256 -in "$run/pvesim/pvesim-cert.pem" | cut -d= -f2)

export PROXBALANCE_MQTT_URL="mqtt://proxbalance:demo@127.0.0.1:$mqtt_port"
export PROXBALANCE_PVE_URL="https://127.0.0.1:$sim_port"
export PROXBALANCE_PVE_TOKEN="$token"
export PROXBALANCE_PVE_FINGERPRINT="$fingerprint"
export PROXBALANCE_DATA_DIR="$PWD/$run/data"
export PROXBALANCE_COLLECTOR_INTERVAL_SECONDS="${PB_INTERVAL:-10}"
# The console's accounts: admin (operator) and viewer, password "demo-password".
rm -f "$run/web-users"
for account in "admin operator" "viewer viewer"; do
  set -- $account
  echo demo-password | "$bin/pb-web" user add "$1" --role "$2" --file "$run/web-users" >/dev/null
done
export PROXBALANCE_WEB_BIND="127.0.0.1:$web_port"
export PROXBALANCE_WEB_ROOT="$PWD/web"
export PROXBALANCE_WEB_USERS_FILE="$PWD/$run/web-users"
for svc in collector scoring executor notifier web; do
  "$bin/pb-$svc" >"$run/logs/$svc.log" 2>&1 &
  pids+=($!)
done
sleep 2
for svc in collector scoring executor notifier web; do
  pgrep -f "$bin/pb-$svc" >/dev/null || { echo "demo: pb-$svc stopped; its log:"; tail -20 "$run/logs/$svc.log"; exit 1; }
done
wait_port "$web_port" "the web console" "$run/logs/web.log"

cluster=$(python3 -c "import json,sys; print(json.load(open('$scenario'))['cluster'])")
cat <<INFO

ProxBalance demo is running.
  Web console        http://127.0.0.1:$web_port/    admin / demo-password (operator), viewer / demo-password
  Proxmox simulator  https://127.0.0.1:$sim_port   token $token
                     fingerprint $fingerprint
  MQTT broker        127.0.0.1:$mqtt_port           user operator, password demo
  logs               $run/logs/

In another terminal:
  export PROXBALANCE_MQTT_URL=mqtt://operator:demo@127.0.0.1:$mqtt_port
  export PATH="$bin:\$PATH"
  pbctl status; pbctl nodes; pbctl recs; pbctl why 116; pbctl migrate 116
  mosquitto_sub -h 127.0.0.1 -p $mqtt_port -u operator -P demo -v -t 'proxbalance/$cluster/#'
  mosquitto_sub -h 127.0.0.1 -p $mqtt_port -u operator -P demo -t 'proxbalance/$cluster/cluster/state' -C 1 | python3 -m json.tool
  mosquitto_sub -h 127.0.0.1 -p $mqtt_port -u operator -P demo -t 'proxbalance/$cluster/recommendations' -C 1 | python3 -m json.tool
  mosquitto_pub -h 127.0.0.1 -p $mqtt_port -u operator -P demo -t 'proxbalance/$cluster/nodes/pve4/maintenance/set' -m ON
  mosquitto_rr -h 127.0.0.1 -p $mqtt_port -u operator -P demo -t 'proxbalance/$cluster/executor/request/migrate' \\
    -e 'proxbalance/$cluster/executor/response/cli' -m "{\"id\":\"demo-1\",\"vmid\":116,\"target\":\"pve4\",\"sent_at\":\"\$(date -u +%FT%TZ)\"}"
  mosquitto_sub -h 127.0.0.1 -p $mqtt_port -u operator -P demo -v -t 'proxbalance/$cluster/migrations/#'

INFO
plan=$(mosquitto_sub -h 127.0.0.1 -p "$mqtt_port" -u operator -P demo -t "proxbalance/$cluster/recommendations" -C 1 -W 60 \
  | python3 -c 'import json,sys; p=json.load(sys.stdin); print(p["message"]); [print("  %s. %s" % (r["step"], r["reason"]["summary"])) for r in p["recommendations"]]' \
  2>/dev/null || echo "no plan yet (see the console)")
printf 'The plan: %s\n\nEvents as they arrive (Ctrl-C stops the demo):\n' "$plan"

sub_args=(-h 127.0.0.1 -p "$mqtt_port" -u operator -P demo -v
          -t "proxbalance/$cluster/+/availability" -t "proxbalance/+/availability" -t "proxbalance/$cluster/events/#")
if [ -n "${PB_DEMO_SECONDS:-}" ]; then
  timeout "$PB_DEMO_SECONDS" mosquitto_sub "${sub_args[@]}" || true
else
  mosquitto_sub "${sub_args[@]}"
fi
