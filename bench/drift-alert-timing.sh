#!/usr/bin/env bash
# How long FeatureDrift takes to fire, measured with a real Prometheus evaluating
# resources/prometheus/vitals-rules.yml against a real iris-server fed by `vitals simulate`.
#
#   bench/drift-alert-timing.sh INTERVAL_S RATE WARM_S [DRIFT_RATE]
#
# INTERVAL_S  scrape and rule evaluation interval of Prometheus (the local stack uses 1 s,
#             Prometheus's default is 15 s... the README's figures name both)
# RATE        normal traffic before the drift, requests per second (the simulator's 2 req/s)
# WARM_S      seconds of normal traffic before the drift starts (0: drift on a fresh server)
# DRIFT_RATE  drifted requests per second (default RATE)
#
# Prints one line: the seconds from the start of the drift to FeatureDrift firing (ALERTS
# {alertname="FeatureDrift",alertstate="firing"}), polled every second; and whether anything
# fired during the normal traffic. Needs build/bin/{vitals,iris-server} and prometheus.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
interval=${1:?interval}; rate=${2:?rate}; warm=${3:?warm}; drift_rate=${4:-$rate}
bin=${VITALS_BIN_DIR:-$top/build/bin}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

iris_port=$(port)
"$bin/iris-server" serve --host 127.0.0.1 --port "$iris_port" >"$work/iris.log" 2>&1 &
pids+=($!)
prom_port=$(port)
cat >"$work/prometheus.yml" <<EOC
global:
  scrape_interval: ${interval}s
  evaluation_interval: ${interval}s
rule_files: ["$top/resources/prometheus/vitals-rules.yml"]
scrape_configs:
  - job_name: iris
    static_configs: [{targets: ["127.0.0.1:$iris_port"]}]
EOC
prometheus --config.file="$work/prometheus.yml" --web.listen-address="127.0.0.1:$prom_port" \
    --storage.tsdb.path="$work/data" >"$work/prometheus.log" 2>&1 &
pids+=($!)
api=http://127.0.0.1:$prom_port/api/v1
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$prom_port/-/ready" >/dev/null && break; sleep 1; done
# Wait until Prometheus scrapes the server, so both start from the same moment.
for _ in $(seq 60); do
    curl -sf "$api/query" --data-urlencode 'query=up{job="iris"} == 1' | grep -q '"value"' && break
    sleep 1
done

firing() {
    curl -sf "$api/query" --data-urlencode "query=ALERTS{alertname=\"$1\",alertstate=\"firing\"}" |
        grep -q '"value"'
}
fired_early=none
if [ "$warm" -gt 0 ]; then
    "$bin/vitals" simulate --target "http://127.0.0.1:$iris_port" --scenario normal \
        --rate "$rate" --duration "${warm}s" >/dev/null
    firing FeatureDrift && fired_early=FeatureDrift
    firing PredictionSkew && fired_early="$fired_early PredictionSkew"
fi
"$bin/vitals" simulate --target "http://127.0.0.1:$iris_port" --scenario drift \
    --rate "$drift_rate" --duration 600s >/dev/null &
sim=$!
pids+=($sim)
start=$(date +%s)
result=timeout
for _ in $(seq 600); do
    if firing FeatureDrift; then
        result=$(($(date +%s) - start))
        break
    fi
    sleep 1
done
printf 'interval=%ss rate=%s warm=%ss drift_rate=%s: FeatureDrift fired after %s s of drift; fired during normal traffic: %s\n' \
    "$interval" "$rate" "$warm" "$drift_rate" "$result" "$fired_early"
