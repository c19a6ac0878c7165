#!/usr/bin/env bash
# Vitals: the two commands of the README, and the steps they share.
#
#   ./vitals.sh build               install missing Debian packages, configure, build
#   ./vitals.sh test [--sanitize]   build, then run every test with ctest
#   ./vitals.sh demo                build, then launch the console with the local stack
#
# Package work happens only when a package from packaging/debian-packages.txt is missing;
# a second run only does an incremental build.
set -euo pipefail

top=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
cd "$top"

build_dir="$top/build"
build_type=Release
cmake_extra=()

log() { printf 'vitals.sh: %s\n' "$*" >&2; }

package_list() {
    sed -e 's/#.*//' -e 's/[[:space:]]*$//' packaging/debian-packages.txt | grep -v '^$'
}

missing_packages() {
    local pkg
    for pkg in $(package_list); do
        if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
            printf '%s\n' "$pkg"
        fi
    done
}

ensure_packages() {
    local missing
    mapfile -t missing < <(missing_packages)
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        log "these Debian packages are missing: ${missing[*]}"
        log "install them with:"
        printf 'sudo apt-get install -y --no-install-recommends %s\n' "${missing[*]}"
        exit 1
    fi
    log "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
        log "install failed; refreshing the package lists and trying once more"
        apt-get update
        apt-get install -y --no-install-recommends "${missing[@]}"
    fi
}

configure() {
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
        cmake -S "$top" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" \
            "${cmake_extra[@]}"
    fi
}

build() {
    ensure_packages
    configure
    cmake --build "$build_dir" --parallel "$(nproc)"
}

headless() {
    [ -n "${CI:-}" ] || [ -z "${DISPLAY:-}" ]
}

cmd=${1:-}
[ $# -gt 0 ] && shift

case "$cmd" in
build)
    build
    ;;
test)
    if [ "${1:-}" = "--sanitize" ]; then
        build_dir="$top/build-sanitize"
        build_type=RelWithDebInfo
        cmake_extra=(-DVITALS_SANITIZE=ON -DVITALS_BUILD_BENCH=OFF) # benchmarks are no tests
        shift
    fi
    build
    if headless; then
        export QT_QPA_PLATFORM=offscreen
    fi
    if [ "$build_dir" = "$top/build-sanitize" ]; then
        export LSAN_OPTIONS="suppressions=$top/tests/sanitizers/lsan.supp:print_suppressions=0"
    fi
    # A skipped test is a test that did not run: the summary must end with none, or this fails.
    ctest_log="$build_dir/Testing/vitals-test.log"
    mkdir -p "$build_dir/Testing"
    set +e
    ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)" "$@" 2>&1 |
        tee "$ctest_log"
    status=${PIPESTATUS[0]}
    set -e
    if grep -q '^The following tests did not run:' "$ctest_log"; then
        log "some tests did not run (skipped or disabled, listed above): that counts as a failure"
        [ "$status" -ne 0 ] || status=1
    fi
    exit "$status"
    ;;
demo)
    build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        log "no display: run this from a desktop session (or under xvfb-run)"
        exit 1
    fi
    exec "$build_dir/bin/vitals" --local-stack --scenario cycle "$@"
    ;;
*)
    echo "usage: ./vitals.sh build | test [--sanitize] [ctest args] | demo" >&2
    exit 2
    ;;
esac
