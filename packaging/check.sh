#!/usr/bin/env bash
# Checks the Debian package the build makes: its contents, the desktop entry, the AppStream
# metadata, lintian, the manual pages against --help, and that the package unpacked into a
# temporary root serves a prediction from its own iris-server.
#
#   packaging/check.sh CPACK BUILD_DIR     (ctest runs it with label `packaging`)
#
# VITALS_DEB=/path/to/vitals_*.deb checks that package instead of building one with cpack.
set -euo pipefail

cpack=${1:?usage: check.sh CPACK BUILD_DIR}
build=$(cd "${2:?usage: check.sh CPACK BUILD_DIR}" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/vitals-package.XXXXXX")
server_pids=()
cleanup() {
    local pid
    for pid in "${server_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

failures=0
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
need() {
    local tool
    for tool; do
        command -v "$tool" >/dev/null || {
            printf 'check.sh: %s is missing; install the packages of packaging/debian-packages.txt\n' \
                "$tool" >&2
            exit 1
        }
    done
}
need dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli lintian file curl man readelf ps

version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ -n "$version" ] || { echo "check.sh: no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake" >&2; exit 1; }

step "package"
if [ -n "${VITALS_DEB:-}" ]; then
    deb=$VITALS_DEB
else
    # A private output directory: ctest may run this while someone else runs cpack in build/.
    "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/cpack" >"$work/cpack.log" 2>&1 || {
        cat "$work/cpack.log" >&2
        echo "check.sh: cpack failed" >&2
        exit 1
    }
    deb=$(find "$work/cpack" -maxdepth 1 -name 'vitals_*.deb' | head -n 1)
fi
[ -f "$deb" ] || { echo "check.sh: no package at '$deb'" >&2; exit 1; }
echo "$deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

control() { dpkg-deb --field "$deb" "$1"; }
[ "$(control Package)" = vitals ] || fail "Package is '$(control Package)', not vitals"
[ "$(control Version)" = "$version-1" ] || fail "Version is '$(control Version)', not $version-1"
for lib in libqt6widgets6 libqt6charts6 libqt6network6 libqt6core6 qt6-qpa-plugins; do
    control Depends | grep -q "\b$lib\b" || fail "Depends does not name $lib"
done
control Recommends | grep -q '\bprometheus\b' || fail "Recommends does not name prometheus"

root=$work/root
dpkg -x "$deb" "$root"
expected=(
    usr/bin/vitals
    usr/bin/iris-server
    usr/share/vitals/iris-model.json
    usr/share/vitals/data/iris.csv
    usr/share/vitals/data/README.md
    usr/share/vitals/prometheus/vitals-rules.yml
    usr/share/applications/io.github.vitals.Vitals.desktop
    usr/share/metainfo/io.github.vitals.Vitals.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/io.github.vitals.Vitals.svg
    usr/share/man/man1/vitals.1.gz
    usr/share/man/man1/iris-server.1.gz
    usr/share/doc/vitals/copyright
    usr/share/doc/vitals/changelog.Debian.gz
)
for size in 16 32 48 64 128 256; do
    expected+=("usr/share/icons/hicolor/${size}x${size}/apps/io.github.vitals.Vitals.png")
done
for path in "${expected[@]}"; do
    [ -f "$root/$path" ] || fail "the package lacks /$path"
done
for size in 16 32 48 64 128 256; do
    png=$root/usr/share/icons/hicolor/${size}x${size}/apps/io.github.vitals.Vitals.png
    if [ -f "$png" ] && ! file -b "$png" | grep -q "PNG image data, $size x $size,"; then
        fail "$png is not a ${size}x${size} PNG: $(file -b "$png")"
    fi
done
for exe in vitals iris-server; do
    # Debian programs use the system's library paths; an RPATH could reach into the build tree.
    if readelf -d "$root/usr/bin/$exe" | grep -Eq 'R(UN)?PATH'; then
        fail "/usr/bin/$exe has an RPATH: $(readelf -d "$root/usr/bin/$exe" | grep -E 'R(UN)?PATH')"
    fi
done

step "desktop-file-validate"
# Its exit status only counts errors; warnings fail the check too, hints are shown.
if ! report=$(desktop-file-validate "$root/usr/share/applications/io.github.vitals.Vitals.desktop" 2>&1); then
    fail "desktop-file-validate: $report"
elif grep -q ': warning: ' <<<"$report"; then
    fail "desktop-file-validate: $report"
else
    printf '%s\n' "${report:-valid}"
fi

step "appstreamcli validate --no-net"
# --strict: warnings and infos fail too, only pedantic hints pass.
appstreamcli validate --no-net --strict --explain \
    "$root/usr/share/metainfo/io.github.vitals.Vitals.metainfo.xml" || fail "appstreamcli validate"

step "lintian"
# Errors fail the check; warnings and informational tags are printed for the reader.
if lintian --fail-on error --display-info --tag-display-limit 0 "$deb"; then
    echo "lintian: no errors"
else
    fail "lintian reports errors"
fi

step "manual pages"
# Every option the programs print in --help is documented in their manual page.
options_of() { sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p'; }
check_options() {
    local page=$1 text option
    text=$(zcat "$root/usr/share/man/man1/$page.1.gz" | sed 's/\\-/-/g')
    shift
    while read -r option; do
        grep -qF -- "$option" <<<"$text" || fail "$page.1 does not document $option ($*)"
    done < <("$@" | options_of)
}
export QT_QPA_PLATFORM=offscreen
check_options vitals "$root/usr/bin/vitals" --help
check_options vitals "$root/usr/bin/vitals" query --help
check_options vitals "$root/usr/bin/vitals" simulate --help
check_options vitals "$root/usr/bin/vitals" connection add --help
check_options iris-server "$root/usr/bin/iris-server" --help
for page in vitals iris-server; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
        "$root/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null) || fail "man cannot format $page.1"
    [ -z "$warnings" ] || fail "$page.1: $warnings"
done

step "the unpacked vitals"
answer=$("$root/usr/bin/vitals" --version) || fail "vitals --version failed"
[ "$answer" = "vitals $version" ] || fail "vitals --version answered '$answer'"
answer=$("$root/usr/bin/iris-server" --version) || fail "iris-server --version failed"
[ "$answer" = "iris-server $version" ] || fail "iris-server --version answered '$answer'"

# Starts the unpacked iris-server with the given options on a free port; sets server_url.
server_url=
start_server() {
    local log=$work/server.${#server_pids[@]}
    "$root/usr/bin/iris-server" serve --port 0 --threads 2 "$@" >"$log.out" 2>"$log.err" &
    local pid=$! i
    server_pids+=("$pid")
    server_url=
    # Generous: the machine may be loaded by a parallel test run.
    for ((i = 0; i < 600; i++)); do
        server_url=$(sed -n 's|^listening on \(http://[^ ]*\)$|\1|p' "$log.out")
        [ -n "$server_url" ] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log.err" >&2
    return 1
}

# 5.1,3.5,1.4,0.2 is the first row of iris.csv, a setosa; every model of the data set gets it
# right (petal length 1.4 cm is far below any versicolor or virginica).
predict_setosa() {
    local url=$1 what=$2 body
    body=$(curl -sS --max-time 20 -X POST -H 'Content-Type: application/json' \
        -d '{"features":[5.1,3.5,1.4,0.2]}' "$url/predict") || {
        fail "$what: POST /predict failed"
        return
    }
    echo "$what: $body"
    grep -q '"class":"setosa"' <<<"$body" || fail "$what: expected class setosa, got $body"
}

step "the unpacked iris-server"
if start_server; then
    predict_setosa "$server_url" "built-in model"
else
    fail "the unpacked iris-server did not start"
fi
if start_server --model "$root/usr/share/vitals/iris-model.json"; then
    predict_setosa "$server_url" "/usr/share/vitals/iris-model.json"
else
    fail "the unpacked iris-server did not start with the shipped model file"
fi

step "the unpacked vitals launches the unpacked iris-server"
# The console's local stack looks for iris-server next to its own executable first; a child
# whose executable is the unpacked iris-server shows that it does. A private home keeps the
# user's settings and the local stack's data out of it.
home=$work/home
mkdir -p "$home"
HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
    XDG_CACHE_HOME=$home/.cache XDG_RUNTIME_DIR= \
    "$root/usr/bin/vitals" --local-stack --window-size 800x600 \
    >"$work/vitals.out" 2>"$work/vitals.err" &
console=$!
server_pids+=("$console")
installed=$(readlink -f "$root/usr/bin/iris-server")
launched=
for ((i = 0; i < 600; i++)); do
    for child in $(ps -o pid= --ppid "$console" 2>/dev/null); do
        if [ "$(readlink -f "/proc/$child/exe" 2>/dev/null)" = "$installed" ]; then
            launched=$child
        fi
    done
    [ -n "$launched" ] && break
    kill -0 "$console" 2>/dev/null || break
    sleep 0.1
done
if [ -n "$launched" ]; then
    echo "vitals (pid $console) runs $installed (pid $launched)"
else
    fail "the unpacked vitals did not start the unpacked iris-server; its log: $(tail -n 20 "$work/vitals.err")"
fi
kill -TERM "$console" 2>/dev/null || true
wait "$console" 2>/dev/null || true
# The console stops its children when it quits.
if [ -n "$launched" ]; then
    for ((i = 0; i < 100; i++)); do
        [ "$(readlink -f "/proc/$launched/exe" 2>/dev/null)" = "$installed" ] || break
        sleep 0.1
    done
    if [ "$(readlink -f "/proc/$launched/exe" 2>/dev/null)" = "$installed" ]; then
        fail "iris-server (pid $launched) outlived the console"
        kill "$launched" 2>/dev/null || true
    fi
fi

echo
if [ "$failures" -gt 0 ]; then
    echo "check.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "check.sh: the package is good"
