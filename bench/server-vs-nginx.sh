#!/usr/bin/env bash
# iris-server against nginx (the practical HTTP limit here) and against the classic Python stack
# (FastAPI + uvicorn + scikit-learn + prometheus_client, bench/reference/), all on loopback with
# the same keep-alive POST body, `wrk -t2 -c64`, alternating the servers ROUNDS times.
# Also measures iris-server with metrics recording off, to show what recording costs.
#
#   bench/server-vs-nginx.sh [build-dir]          (env: DURATION=10s ROUNDS=3 CONNECTIONS=64)
#
# Needs: build/bin/iris-server, wrk, nginx-light, python3-fastapi, python3-uvicorn,
# python3-sklearn, python3-prometheus-client (Debian packages).
set -euo pipefail

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build=${1:-$top/build}
duration=${DURATION:-10s}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-64}
server=$build/bin/iris-server
python=/usr/bin/python3
lua=$top/bench/server-post.lua

for tool in "$server" /usr/sbin/nginx /usr/bin/wrk "$python"; do
    [ -x "$tool" ] || { echo "missing $tool" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_listening() {  # file: waits for the listening line, prints the port
    local file=$1
    for _ in $(seq 100); do
        if grep -q '^listening on http://' "$file" 2>/dev/null; then
            sed -n 's|^listening on http://[^:]*:\([0-9]*\)$|\1|p' "$file"
            return 0
        fi
        sleep 0.1
    done
    echo "server did not start: $(cat "$file")" >&2
    return 1
}

wait_http() {  # url
    for _ in $(seq 300); do
        if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
            -d '{"features":[5.1,3.5,1.4,0.2]}' "$1"; then
            return 0
        fi
        sleep 0.1
    done
    echo "no answer from $1" >&2
    return 1
}

rss_kb() {  # pid: resident memory of the process and its children, in KiB
    local total=0 pid
    for pid in "$1" $(pgrep -P "$1" || true); do
        total=$((total + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

# iris-server with metrics, and without
"$server" serve --port 0 >"$work/iris.out" 2>"$work/iris.err" &
pids+=($!); iris_pid=$!
iris_port=$(wait_listening "$work/iris.out")
"$server" serve --port 0 --no-metrics >"$work/irisoff.out" 2>"$work/irisoff.err" &
pids+=($!); irisoff_pid=$!
irisoff_port=$(wait_listening "$work/irisoff.out")

# nginx with the fixed body of bench/nginx/nginx.conf, moved to a free port
nginx_port=$(free_port)
mkdir -p "$work/nginx/tmp"
sed "s/127.0.0.1:18081/127.0.0.1:$nginx_port/" "$top/bench/nginx/nginx.conf" >"$work/nginx/nginx.conf"
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx.err" &
pids+=($!); nginx_pid=$!
wait_http "http://127.0.0.1:$nginx_port/predict"

# the Python reference with two workers, as the classic setup ran it
py_port=$(free_port)
IRIS_CSV=$top/resources/data/iris.csv "$python" -m uvicorn --app-dir "$top/bench/reference" \
    iris_reference:app --host 127.0.0.1 --port "$py_port" --workers 2 --log-level warning \
    2>"$work/python.err" &
pids+=($!); py_pid=$!
wait_http "http://127.0.0.1:$py_port/predict"

declare -A url pid
url[iris]=http://127.0.0.1:$iris_port/predict;      pid[iris]=$iris_pid
url[iris-nometrics]=http://127.0.0.1:$irisoff_port/predict; pid[iris-nometrics]=$irisoff_pid
url[nginx]=http://127.0.0.1:$nginx_port/predict;    pid[nginx]=$nginx_pid
url[python]=http://127.0.0.1:$py_port/predict;      pid[python]=$py_pid

to_ms() {  # wrk latency like 812.00us, 2.31ms, 1.02s
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n;
                            else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

results=$work/results.txt
: >"$results"
names=(iris nginx python iris-nometrics)
printf '%-15s %5s %12s %10s %9s %8s\n' server round req/s p99_ms rss_MiB errors
for round in $(seq "$rounds"); do
    # rotate the order each round so no server always runs on a warmer or cooler machine
    order=("${names[@]:$((round - 1)) % 4}" "${names[@]:0:$((round - 1)) % 4}")
    for name in "${order[@]}"; do
        out=$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$lua" "${url[$name]}")
        rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
        p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
        errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {n += 1} END {print n + 0}' <<<"$out")
        rss=$(awk -v k="$(rss_kb "${pid[$name]}")" 'BEGIN {printf "%.1f", k / 1024}')
        printf '%-15s %5s %12s %10s %9s %8s\n' "$name" "$round" "$rps" "$p99" "$rss" "$errors"
        echo "$name $rps $p99 $rss" >>"$results"
    done
done

median() {  # name column
    awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$results" | sort -g |
        awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

echo
echo "medians over $rounds rounds (wrk -t2 -c$connections -d$duration, POST {\"features\":[5.1,3.5,1.4,0.2]}):"
for name in "${names[@]}"; do
    printf '  %-15s %10.0f req/s  p99 %7.2f ms  RSS %6.1f MiB\n' "$name" \
        "$(median "$name" 2)" "$(median "$name" 3)" "$(median "$name" 4)"
done
awk -v i="$(median iris 2)" -v n="$(median nginx 2)" -v p="$(median python 2)" \
    -v off="$(median iris-nometrics 2)" 'BEGIN {
    printf "  iris-server / nginx           %.2fx  (goal >= 0.8)\n", i / n
    printf "  iris-server / python          %.0fx  (goal >= 80)\n", i / p
    printf "  metrics cost (1 - on / off)   %.1f%%  (goal <= 3%%)\n", (1 - i / off) * 100
}'
