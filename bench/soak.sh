#!/usr/bin/env bash
# Soak test of iris-server: mixed valid and invalid load plus idle connections, then checks.
#
#   bench/soak.sh [build-dir]     (env: SECONDS_TOTAL=300 IDLE=1000 CONNECTIONS=16)
#
# For SECONDS_TOTAL (default 5 minutes), at the same time:
#  - wrk -c CONNECTIONS with bench/soak-valid.lua: valid /predict and v2 infer requests;
#  - wrk -c CONNECTIONS with bench/soak-invalid.lua: malformed, invalid and unroutable requests;
#  - bench/soak-idle.py: IDLE idle connections (reopened when the server's read timeout closes
#    them), a check of three known inputs' classes every second, VmRSS every 10 s.
# Passes when the server is still alive and exits cleanly on SIGTERM, no known input got a wrong
# class, no valid request got a non-2xx answer, every invalid one got a 4xx, the valid p99 is
# under 10 ms, and VmRSS grew less than 5% from the end of the first minute to the end.
# Needs: build/bin/iris-server, wrk, python3.
set -euo pipefail

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build=${1:-$top/build}
total=${SECONDS_TOTAL:-300}
idle=${IDLE:-1000}
connections=${CONNECTIONS:-16}
server=$build/bin/iris-server
for tool in "$server" /usr/bin/wrk /usr/bin/python3; do
    [ -x "$tool" ] || { echo "soak.sh: missing $tool" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$server" serve --host 127.0.0.1 --port 0 >"$work/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
port=
for _ in $(seq 100); do
    port=$(sed -n 's#.*listening on http://127.0.0.1:\([0-9]*\).*#\1#p' "$work/server.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "soak.sh: iris-server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
echo "soak.sh: iris-server pid $server_pid on port $port; ${total} s, $idle idle connections," \
     "2 x $connections loaded connections" >&2

python3 "$top/bench/soak-idle.py" "$port" "$server_pid" "$total" "$idle" \
    >"$work/idle.out" 2>"$work/idle.err" &
idle_pid=$!
pids+=("$idle_pid")
sleep 2 # let the idle connections open first
wrk -t1 -c"$connections" -d"$((total - 4))s" --latency -s "$top/bench/soak-valid.lua" \
    "http://127.0.0.1:$port" >"$work/valid.out" 2>&1 &
valid_pid=$!
wrk -t1 -c"$connections" -d"$((total - 4))s" -s "$top/bench/soak-invalid.lua" \
    "http://127.0.0.1:$port" >"$work/invalid.out" 2>&1 &
invalid_pid=$!
pids+=("$valid_pid" "$invalid_pid")
wait "$valid_pid" "$invalid_pid" || true
wait "$idle_pid" || true

alive=yes
kill -0 "$server_pid" 2>/dev/null || alive=no
exit_code=-1
if [ "$alive" = yes ]; then
    kill -TERM "$server_pid"
    set +e
    wait "$server_pid"
    exit_code=$?
    set -e
fi

to_ms() { # wrk latency ("812.00us", "3.21ms", "1.02s") in ms
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
                   else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
valid_requests=$(awk '/requests in/ {print $1}' "$work/valid.out")
valid_rps=$(awk '/^Requests\/sec/ {printf "%d", $2}' "$work/valid.out")
valid_p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/valid.out")")
valid_p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/valid.out")")
valid_non2xx=$(awk '/Non-2xx/ {print $5}' "$work/valid.out")
valid_non2xx=${valid_non2xx:-0}
invalid_requests=$(awk '/requests in/ {print $1}' "$work/invalid.out")
invalid_not4xx=$(awk '/soak-invalid: not-4xx/ {print $3}' "$work/invalid.out")
summary=$(tail -n 1 "$work/idle.out")
get() { printf '%s\n' "$summary" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
wrong=$(get wrong); failed=$(get failed); checks=$(get checks); reopened=$(get reopened)
samples=$(get rss_samples)
# Baseline: the first sample at or after 60 s (allocator arenas and thread caches warmed up).
rss_base=$(printf '%s\n' "$samples" | tr ';' '\n' | awk -F: '$1 >= 60 {print $2; exit}')
rss_base=${rss_base:-$(printf '%s\n' "$samples" | tr ';' '\n' | head -n1 | cut -d: -f2)}
rss_end=$(printf '%s\n' "$samples" | tr ';' '\n' | tail -n1 | cut -d: -f2)
rss_peak=$(printf '%s\n' "$samples" | tr ';' '\n' | cut -d: -f2 | sort -n | tail -n1)
growth=$(awk -v a="$rss_base" -v b="$rss_end" 'BEGIN { printf "%.2f", (b - a) * 100 / a }')

echo "soak: duration ${total} s, idle connections $idle (reopened $reopened after the server's read timeout)"
echo "soak: valid requests $valid_requests ($valid_rps/s), p50 $valid_p50 ms, p99 $valid_p99 ms, non-2xx $valid_non2xx"
echo "soak: invalid requests $invalid_requests, answers other than 4xx ${invalid_not4xx:-?}"
echo "soak: known-input checks $checks, wrong class $wrong, failed $failed"
echo "soak: VmRSS after 1 min $rss_base KiB, end $rss_end KiB, peak $rss_peak KiB, growth $growth %"
echo "soak: server alive at the end: $alive, exit code after SIGTERM: $exit_code"
[ -s "$work/idle.err" ] && { echo "soak: checker messages:"; head -n 20 "$work/idle.err"; }

ok=yes
fail() { echo "soak: FAIL: $*"; ok=no; }
[ "$alive" = yes ] || fail "iris-server died"
[ "$exit_code" = 0 ] || fail "iris-server exit code $exit_code"
[ "${wrong:-1}" = 0 ] || fail "wrong predictions"
[ "${failed:-1}" = 0 ] || fail "known-input checks failed"
[ "$valid_non2xx" = 0 ] || fail "valid requests answered non-2xx"
[ "${invalid_not4xx:-1}" = 0 ] || fail "invalid requests answered other than 4xx"
awk -v p="$valid_p99" 'BEGIN { exit !(p < 10) }' || fail "valid p99 $valid_p99 ms >= 10 ms"
awk -v g="$growth" 'BEGIN { exit !(g < 5) }' || fail "VmRSS grew $growth %"
[ "$ok" = yes ] && echo "soak: PASS"
[ "$ok" = yes ]
