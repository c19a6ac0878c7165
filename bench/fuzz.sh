#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, -fsanitize=fuzzer,address,undefined) in build-fuzz/
# and runs one of them.
#
#   bench/fuzz.sh TARGET SECONDS [libFuzzer options...]   e.g. bench/fuzz.sh prom_decode 600
#   bench/fuzz.sh list                                    the targets
#
# Seeds come from tests/fuzz/TARGET/corpus; new inputs are collected in build-fuzz/corpus/TARGET
# and, after the run, merged back into tests/fuzz/TARGET/corpus (only inputs that add coverage).
# A crash, leak or sanitizer report is written to tests/fuzz/TARGET/crashers/ and the script
# exits non-zero; commit it with its fix so fuzz-regression replays it from then on.
# Options: FUZZ_JOBS=N runs N fuzzing processes in parallel (default 1); FUZZ_MERGE=0 skips
# the merge.
set -euo pipefail

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build="$top/build-fuzz"
fuzzdir="$top/tests/fuzz"

targets() { find "$fuzzdir" -mindepth 2 -maxdepth 2 -name 'fuzz_*.cpp' -printf '%h\n' | xargs -n1 basename | sort; }

if [ "${1:-}" = list ]; then
    targets
    exit 0
fi
if [ $# -lt 2 ]; then
    echo "usage: bench/fuzz.sh TARGET SECONDS [libFuzzer options...] | bench/fuzz.sh list" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2
if [ ! -f "$fuzzdir/$target/fuzz_$target.cpp" ]; then
    echo "fuzz.sh: no target '$target'; targets: $(targets | tr '\n' ' ')" >&2
    exit 2
fi
command -v clang++-14 >/dev/null || { echo "fuzz.sh: needs clang-14 and libclang-rt-14-dev" >&2; exit 1; }

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
        -DCMAKE_CXX_FLAGS="$flags" -DVITALS_FUZZ=ON -DVITALS_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)" --target "fuzz-$target"

work="$build/corpus/$target"
crashers="$fuzzdir/$target/crashers"
mkdir -p "$work" "$crashers"
dict=()
case "$target" in
server_http) dict=(-dict="$fuzzdir/http.dict") ;;
*) dict=(-dict="$fuzzdir/json.dict") ;;
esac
maxlen=16384
case "$target" in
dashboard_file | grafana_import) maxlen=65536 ;; # real dashboards are 5 to 20 KB
esac
jobs=${FUZZ_JOBS:-1}
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")

log="$build/$target.log"
rm -f "$build"/fuzz-*.log
cd "$build"
status=0
# Leak detection stays on; halt_on_error makes any sanitizer report a crash libFuzzer saves.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$build/fuzz/fuzz-$target" "$work" "$fuzzdir/$target/corpus" "${dict[@]}" \
    -max_total_time="$seconds" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashers/" -print_final_stats=1 "${parallel[@]}" "$@" 2>&1 | tee "$log" \
    || status=$?

if [ "${FUZZ_MERGE:-1}" = 1 ]; then
    "$build/fuzz/fuzz-$target" -merge=1 -max_len="$maxlen" "$fuzzdir/$target/corpus" "$work" \
        >"$build/$target.merge.log" 2>&1 || true
fi

runs=$(cat "$log" "$build"/fuzz-*.log 2>/dev/null | grep -o 'stat::number_of_executed_units: *[0-9]*' \
       | awk '{s += $2} END {print s + 0}' || true)
printf 'fuzz.sh: %s: %s executions in %s s, corpus %s files, crashers %s files, exit %s\n' \
    "$target" "$runs" "$seconds" "$(find "$fuzzdir/$target/corpus" -type f | wc -l)" \
    "$(find "$crashers" -type f ! -name .gitkeep | wc -l)" "$status"
exit "$status"
