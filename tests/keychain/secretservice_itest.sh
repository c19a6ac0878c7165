#!/usr/bin/env bash
# Connections with secrets, end to end through the real `vitals` binary, a real Secret Service
# (Debian's gnome-keyring on a private D-Bus session) and a real Prometheus that requires basic
# auth (--web.config.file, bcrypt hash from htpasswd), over HTTP and over TLS with a test CA.
#
#   secretservice_itest.sh VITALS_BINARY
#
# Every `vitals` call is a fresh process, so a connection that authenticates was read back from
# the keychain, not from memory. Settings live in a private XDG_CONFIG_HOME. Any missing tool is
# a failure, never a skip.
set -euo pipefail

vitals=${1:?usage: secretservice_itest.sh VITALS_BINARY}

if [ -z "${VITALS_KEYCHAIN_TEST_SESSION:-}" ]; then
    for tool in dbus-run-session gnome-keyring-daemon secret-tool htpasswd openssl prometheus curl /usr/bin/python3; do
        command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (packaging/debian-packages.txt)"; exit 1; }
    done
    root=$(mktemp -d)
    trap 'rm -rf "$root"' EXIT
    export VITALS_KEYCHAIN_TEST_SESSION=1 VITALS_TEST_ROOT=$root
    export HOME=$root/home XDG_CONFIG_HOME=$root/config XDG_DATA_HOME=$root/data \
        XDG_RUNTIME_DIR=$root/run XDG_CACHE_HOME=$root/cache
    mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
    mkdir -m 700 -p "$XDG_RUNTIME_DIR"
    unset DBUS_SESSION_BUS_ADDRESS XDG_CURRENT_DESKTOP
    exec dbus-run-session -- bash "$0" "$@"
fi

root=$VITALS_TEST_ROOT
export QT_QPA_PLATFORM=offscreen
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# The Secret Service with a fresh login keyring, created and unlocked by the password on stdin.
# Not an empty one: gnome-keyring writes a keyring with an empty password unencrypted, and the
# check below that no file holds a secret covers the keyring file too.
printf 'keyring-test-password\n' | gnome-keyring-daemon --unlock --components=secrets >"$root/keyring.env"
# shellcheck disable=SC1090
. <(sed 's/^/export /' "$root/keyring.env")

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

user=vitals
password='c0rrect horse:battery$staple'
api_key='apikey-5f2c0d9e71'
hash=$(htpasswd -nbBC 10 "$user" "$password" | cut -d: -f2-)

# Test CA and a server certificate for 127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Vitals test CA" \
    -keyout "$root/ca.key" -out "$root/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$root/server.key" -out "$root/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$root/san.ext"
openssl x509 -req -in "$root/server.csr" -CA "$root/ca.crt" -CAkey "$root/ca.key" \
    -CAcreateserial -days 2 -extfile "$root/san.ext" -out "$root/server.crt" 2>/dev/null

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# start_prometheus NAME TLS(0|1) -> sets $port
start_prometheus() {
    local name=$1 tls=$2 dir=$root/$1
    mkdir -p "$dir/data"
    port=$(free_port)
    printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$dir/prometheus.yml"
    {
        printf 'basic_auth_users:\n  %s: %s\n' "$user" "$hash"
        if [ "$tls" = 1 ]; then
            printf 'tls_server_config:\n  cert_file: %s\n  key_file: %s\n' \
                "$root/server.crt" "$root/server.key"
        fi
    } >"$dir/web.yml"
    prometheus --config.file="$dir/prometheus.yml" --web.config.file="$dir/web.yml" \
        --web.listen-address="127.0.0.1:$port" --storage.tsdb.path="$dir/data" \
        >"$dir/log" 2>&1 &
    pids+=($!)
    local scheme=http curl_tls=()
    [ "$tls" = 1 ] && scheme=https curl_tls=(--cacert "$root/ca.crt")
    for _ in $(seq 1 120); do
        if curl -sf "${curl_tls[@]}" -u "$user:$password" "$scheme://127.0.0.1:$port/-/ready" >/dev/null; then
            # The server really requires the password.
            code=$(curl -s -o /dev/null -w '%{http_code}' "${curl_tls[@]}" "$scheme://127.0.0.1:$port/-/ready")
            [ "$code" = 401 ] || { echo "FAIL: $name answers $code without credentials"; exit 1; }
            return 0
        fi
        sleep 0.5
    done
    echo "FAIL: prometheus ($name) did not become ready"; cat "$dir/log"; exit 1
}

start_prometheus plain 0
plain_port=$port
start_prometheus tls 1
tls_port=$port

# --- add, over HTTP: password from stdin, one credential header and one plain header.
out=$(printf '%s\n' "$password" | "$vitals" connection add plain --url "http://127.0.0.1:$plain_port" \
    --user "$user" --password-stdin --header "X-API-Key=$api_key" --header "X-Team=ml-serving" 2>&1) \
    && pass "connection add plain: $out" || fail "connection add plain: $out"

settings=$(find "$XDG_CONFIG_HOME" -type f)
[ -n "$settings" ] || fail "no settings file under XDG_CONFIG_HOME"
grep -rqF "127.0.0.1:$plain_port" "$XDG_CONFIG_HOME" && pass "the settings file holds the connection" \
    || fail "the settings file does not hold the connection"
grep -rqF "ml-serving" "$XDG_CONFIG_HOME" && pass "a plain header stays in the settings file" \
    || fail "the plain header X-Team is not in the settings file"
# No file anywhere under the test's home, config or data contains a secret in plain text.
if grep -rqF -e "$password" -e "$api_key" "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"; then
    fail "a secret is in a file: $(grep -rlF -e "$password" -e "$api_key" "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME")"
else
    pass "no file contains the password or the API key"
fi
# The secret is in the Secret Service (qtkeychain's libsecret schema: server=service, user=key).
stored=$(secret-tool lookup server vitals user vitals/plain 2>/dev/null || true)
case $stored in
*"$api_key"*) pass "the Secret Service holds the secrets of 'plain'" ;;
*) fail "the Secret Service has no entry for vitals/plain (got: ${stored:-nothing})" ;;
esac

# --- a fresh process authenticates with the stored credentials.
if out=$("$vitals" query --connection plain 'vector(7)' 2>&1) && [[ $out == *7* ]]; then
    pass "query --connection plain authenticates: $out"
else
    fail "query --connection plain: $out"
fi
if out=$("$vitals" query --server "http://127.0.0.1:$plain_port" 'vector(7)' 2>&1); then
    fail "query without credentials succeeded: $out"
else
    pass "without the saved connection the server refuses: $out"
fi
out=$("$vitals" connection list 2>&1) || fail "connection list: $out"
[[ $out == *"plain"*"user=$user (password in keychain)"*"X-API-Key (in keychain)"*"X-Team=ml-serving"* ]] \
    && pass "connection list: $out" || fail "connection list does not show plain as saved: $out"
[[ $out != *"$password"* && $out != *"$api_key"* ]] || fail "connection list prints a secret"

# --- the same over TLS with the test CA.
out=$(printf '%s\n' "$password" | "$vitals" connection add tls --url "https://127.0.0.1:$tls_port" \
    --user "$user" --password-stdin --ca-file "$root/ca.crt" 2>&1) \
    && pass "connection add tls: $out" || fail "connection add tls: $out"
if out=$("$vitals" query --connection tls 'vector(8)' 2>&1) && [[ $out == *8* ]]; then
    pass "query --connection tls authenticates over TLS: $out"
else
    fail "query --connection tls: $out"
fi
out=$(printf '%s\n' "$password" | "$vitals" connection add tls-no-ca --url "https://127.0.0.1:$tls_port" \
    --user "$user" --password-stdin 2>&1) || fail "connection add tls-no-ca: $out"
if out=$("$vitals" query --connection tls-no-ca 'vector(8)' 2>&1); then
    fail "TLS without the test CA succeeded: $out"
else
    pass "TLS without the test CA is refused: $out"
fi
if grep -rqF -e "$password" "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"; then
    fail "after the TLS connections a file contains the password"
fi

# --- vitals report --connection authenticates too (a PNG of the built-in dashboard).
out=$("$vitals" report --connection plain --from -5m --timeout 30s --out "$root/board.png" 2>&1) || true
if [ -s "$root/board.png" ] && [[ $out != *"credentials"* && $out != *"401"* ]]; then
    pass "report --connection plain wrote board.png with no authentication error"
else
    fail "report --connection plain: $out"
fi

# --- the window opens the saved connection with its credentials. The console asks for
# /api/v1/status/buildinfo when it connects; Prometheus counts the answers per handler and code.
buildinfo_ok() {
    curl -sf -u "$user:$password" "http://127.0.0.1:$plain_port/metrics" |
        sed -n 's/^prometheus_http_requests_total{code="200",handler="\/api\/v1\/status\/buildinfo"} //p'
}
before=$(buildinfo_ok); before=${before:-0}
"$vitals" --no-keychain --connection plain --screenshot "$root/no-keychain.png" --screenshot-delay 4 \
    >"$root/window-nokeychain.log" 2>&1 || fail "window with --no-keychain: $(cat "$root/window-nokeychain.log")"
after=$(buildinfo_ok); after=${after:-0}
[ "$after" = "$before" ] && pass "with --no-keychain the window has no password (no authenticated request)" \
    || fail "with --no-keychain the window still authenticated ($before -> $after)"
"$vitals" --connection plain --screenshot "$root/window.png" --screenshot-delay 6 \
    >"$root/window.log" 2>&1 || fail "window --connection plain: $(cat "$root/window.log")"
after=$(buildinfo_ok); after=${after:-0}
[ "$after" -gt "$before" ] && pass "the window authenticated with the saved password ($before -> $after buildinfo answers)" \
    || fail "the window did not authenticate (buildinfo answers $before -> $after)"
"$vitals" --connection nonesuch --screenshot "$root/x.png" >/dev/null 2>&1 \
    && fail "the window accepted an unknown connection" || pass "the window refuses an unknown connection"

# --- plain-text secrets left by an older version move to the keychain on first start.
conf=$(find "$XDG_CONFIG_HOME" -name 'vitals.conf' | head -1)
[ -n "$conf" ] || { fail "no vitals.conf"; conf=$XDG_CONFIG_HOME/Vitals/vitals.conf; }
cat >>"$conf" <<EOC
[connections]
9\\name=legacy
9\\baseUrl=http://127.0.0.1:$plain_port
9\\username=$user
9\\password=$password
EOC
out=$("$vitals" connection list 2>&1) || fail "connection list after adding a legacy entry: $out"
[[ $out == *"legacy"*"(password in keychain)"* ]] && pass "the legacy connection is listed" \
    || fail "the legacy connection is not listed: $out"
if grep -qF "$password" "$conf"; then
    fail "the plain-text password is still in $conf after a start"
else
    pass "the plain-text password was moved out of the settings file"
fi
if out=$("$vitals" query --connection legacy 'vector(9)' 2>&1) && [[ $out == *9* ]]; then
    pass "the moved password authenticates: $out"
else
    fail "query --connection legacy: $out"
fi

# --- remove deletes the profile and its keychain entry.
out=$("$vitals" connection remove plain 2>&1) && pass "$out" || fail "connection remove plain: $out"
[ -z "$(secret-tool lookup server vitals user vitals/plain 2>/dev/null || true)" ] \
    && pass "the keychain entry of 'plain' is gone" || fail "the keychain entry of 'plain' is still there"
if "$vitals" query --connection plain 'vector(7)' >/dev/null 2>&1; then
    fail "a removed connection still works"
fi
"$vitals" connection remove plain >/dev/null 2>&1 && fail "removing an unknown connection succeeded"

# --- without a keychain service, a secret is refused rather than silently lost.
out=$(printf 'x\n' | DBUS_SESSION_BUS_ADDRESS=unix:path=$root/no-bus "$vitals" connection add nokeychain \
    --url http://127.0.0.1:1 --user u --password-stdin 2>&1) && fail "add without a keychain succeeded: $out" \
    || pass "without a keychain: $out"
if "$vitals" connection list 2>/dev/null | grep -q nokeychain; then
    fail "the connection without a keychain was saved anyway"
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed"
