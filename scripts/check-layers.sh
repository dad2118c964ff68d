#!/usr/bin/env bash
# Fails when the contract or a pure core depends on a C library target, on metrics or on an HTTP
# server, even transitively, or when a service library depends on another service: the layering
# the README draws.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package describe --type json | python3 -c '
import json, sys
targets = {t["name"]: t for t in json.load(sys.stdin)["targets"]}
def closure(name, seen=None):
    seen = set() if seen is None else seen
    for dependency in targets[name].get("target_dependencies") or []:
        if dependency not in seen:
            seen.add(dependency)
            closure(dependency, seen)
    return seen
c_libraries = {name for name, t in targets.items() if t["type"] == "system-target"}
edge_products = {"Metrics", "CoreMetrics", "Prometheus", "Hummingbird"}
problems = []
for pure in ["Contract", "Primitives", "ProxmoxAPI", "ScoringEngine", "ExecutorPolicy", "ConsoleCore", "PbctlCore"]:
    reached = closure(pure) & c_libraries
    if reached: problems.append(f"{pure} reaches C libraries {sorted(reached)}")
    products = {p for t in closure(pure) | {pure} for p in targets[t].get("product_dependencies") or []} & edge_products
    if products: problems.append(f"{pure} depends on {sorted(products)}: instrumentation belongs to the services and adapters")
    io = closure(pure) & {"MQTT", "HTTPTransport", "ProxmoxClient", "SQLite", "ServiceRuntime"}
    if io: problems.append(f"{pure} depends on adapters {sorted(io)}")
services = {"CollectorSvc", "ScoringSvc", "ExecutorSvc", "NotifierSvc", "WebSvc"}
for service in services:
    others = closure(service) & (services - {service})
    if others: problems.append(f"{service} depends on other services {sorted(others)}")
if problems:
    print("check-layers: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print("check-layers: the contract and the pure cores reach no C library, metrics or HTTP server; no service depends on another")
'
