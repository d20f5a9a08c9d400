#!/usr/bin/env bash
# test_debian_packages BUILD_DIR SOURCE_DIR
# Builds the two Debian packages with cpack and installs them on this machine, as an operator
# would: lintian, appstreamcli, desktop-file-validate and systemd-analyze verify on them; the
# installed orreryd started by hand from the unit's ExecStart line, as its User, with the
# packaged config (systemd does not run here); /healthz and the API answer; an upgrade over the
# previous package version keeps the data and a changed conffile; dpkg -r keeps the data,
# dpkg -P removes it. Then the console package: install, --version, files, removal.
# Needs root (it installs packages); skipped (77) otherwise, or when Orrery is already installed
# or has data on this machine (the test would replace them).
set -euo pipefail
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }

[ "$(id -u)" = 0 ] || skip "needs root: it installs and removes the packages"
for p in orrery-server orrery; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -c "install ok installed\|config-files" >/dev/null; then
    skip "package $p is installed on this machine; the test would replace it"
  fi
done
[ ! -e /var/lib/orrery ] && [ ! -e /etc/orrery ] || skip "/var/lib/orrery or /etc/orrery exists: Orrery data on this machine"
for tool in cpack dpkg dpkg-deb lintian appstreamcli desktop-file-validate systemd-analyze setpriv curl python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/install-deps.sh installs it)"
done

WORK=$(mktemp -d /tmp/orrery-pkgtest.XXXXXX)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
  dpkg -P orrery-server orrery >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

VERSION=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$BUILD/CPackConfig.cmake")
[ -n "$VERSION" ] || fail "no CPACK_PACKAGE_VERSION in $BUILD/CPackConfig.cmake"
PREVIOUS=0.0.99

step "cpack: $PREVIOUS (the previous version) and $VERSION"
t0=$(date +%s%N)
(cd "$BUILD" && cpack -G DEB -B "$WORK/prev" -D CPACK_PACKAGE_VERSION=$PREVIOUS >"$WORK/cpack-prev.log") || { cat "$WORK/cpack-prev.log"; fail "cpack $PREVIOUS"; }
(cd "$BUILD" && cpack -G DEB -B "$WORK/cur" >"$WORK/cpack.log") || { cat "$WORK/cpack.log"; fail "cpack $VERSION"; }
t1=$(date +%s%N)
SERVER_DEB="$WORK/cur/orrery-server_${VERSION}_$(dpkg --print-architecture).deb"
CONSOLE_DEB="$WORK/cur/orrery_${VERSION}_$(dpkg --print-architecture).deb"
PREV_SERVER_DEB=$(ls "$WORK"/prev/orrery-server_${PREVIOUS}_*.deb)
for f in "$SERVER_DEB" "$CONSOLE_DEB" "$PREV_SERVER_DEB"; do [ -f "$f" ] || fail "cpack did not make $f"; done
printf 'two packages in %d ms: %s (%s bytes), %s (%s bytes)\n' $(( (t1 - t0) / 1000000 )) \
  "$(basename "$SERVER_DEB")" "$(stat -c %s "$SERVER_DEB")" "$(basename "$CONSOLE_DEB")" "$(stat -c %s "$CONSOLE_DEB")"
dpkg-deb -f "$SERVER_DEB" Depends | grep -c "libqt6sql6-sqlite" >/dev/null || fail "orrery-server does not depend on the SQLite driver plugin"
dpkg-deb -f "$SERVER_DEB" Depends | grep -c "libqt6core6" >/dev/null || fail "orrery-server's Depends were not computed (shlibdeps)"
dpkg-deb -f "$CONSOLE_DEB" Recommends | grep -c "gnome-keyring" >/dev/null || fail "orrery does not recommend a keychain backend"
dpkg-deb -e "$SERVER_DEB" "$WORK/control"
grep -qx /etc/orrery/orreryd.conf "$WORK/control/conffiles" || fail "/etc/orrery/orreryd.conf is not a conffile"

step "lintian"
# Errors fail the test; warnings and notes are printed.
lintian --fail-on error --tag-display-limit 0 "$SERVER_DEB" "$CONSOLE_DEB" 2>&1 | grep -v "running with root privileges" || true
lintian --fail-on error --tag-display-limit 0 "$SERVER_DEB" "$CONSOLE_DEB" >/dev/null 2>&1 || fail "lintian reports errors"
echo "lintian: no errors"

step "AppStream and desktop file"
dpkg-deb -x "$CONSOLE_DEB" "$WORK/console-files"
appstreamcli validate --no-net "$WORK/console-files/usr/share/metainfo/org.orrery.Orrery.metainfo.xml" || fail "appstreamcli validate"
desktop-file-validate "$WORK/console-files/usr/share/applications/org.orrery.Orrery.desktop" || fail "desktop-file-validate"

step "dpkg -i orrery-server $PREVIOUS"
dpkg -i "$PREV_SERVER_DEB" >"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log"; fail "dpkg -i $PREV_SERVER_DEB"; }
getent passwd orrery >/dev/null || fail "postinst did not create the system user orrery"
[ "$(stat -c '%U %a' /var/lib/orrery)" = "orrery 700" ] || fail "/var/lib/orrery is $(stat -c '%U %a' /var/lib/orrery), not orrery 700"
[ "$(stat -c '%U:%G %a' /etc/orrery/orreryd.conf)" = "root:orrery 640" ] || fail "orreryd.conf is $(stat -c '%U:%G %a' /etc/orrery/orreryd.conf)"

step "systemd-analyze verify"
UNIT=/lib/systemd/system/orreryd.service
systemd-analyze verify "$UNIT" || fail "systemd-analyze verify $UNIT"
for key in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes StateDirectory=orrery User=orrery; do
  grep -qx "$key" "$UNIT" || fail "the unit lacks $key"
done

EXEC=$(sed -n 's/^ExecStart=//p' "$UNIT")
RUN_USER=$(sed -n 's/^User=//p' "$UNIT")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

# Starts the unit's ExecStart as its User (setpriv execs it, so $! is orreryd) with its UMask. Only the port is overridden
# (ORRERY_LISTEN), so a server already on 8080 does not disturb the test.
start_server() {
  local log=$1
  (cd / && umask 0077 && exec setpriv --reuid="$RUN_USER" --regid="$RUN_USER" --init-groups env HOME=/var/lib/orrery ORRERY_LISTEN="127.0.0.1:$PORT" $EXEC) \
    >"$log.out" 2>"$log" &
  SERVER_PID=$!
  for _ in $(seq 150); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" "$log.out"; fail "the installed orreryd exited"; }
    sleep 0.2
  done
  cat "$log"; fail "no /healthz answer within 30 s"
}
stop_server() {
  kill -TERM "$SERVER_PID"
  local rc=0
  wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  [ "$rc" = 0 ] || fail "orreryd exited $rc after SIGTERM (a drain exits 0)"
}
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

step "the installed orreryd: $EXEC, as $RUN_USER"
t0=$(date +%s%N)
start_server "$WORK/server1.log"
t1=$(date +%s%N)
printf '/healthz answered %d ms after the start\n' $(( (t1 - t0) / 1000000 ))
curl -fsS "$BASE/healthz"; echo
[ "$(stat -c '%U %a' /var/lib/orrery/admin-token)" = "orrery 600" ] || fail "admin-token is $(stat -c '%U %a' /var/lib/orrery/admin-token)"
[ "$(stat -c '%U' /var/lib/orrery/orrery.db)" = orrery ] || fail "the store is not owned by the service user"
TOKEN=$(cat /var/lib/orrery/admin-token)
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/metadata/taskdefs")
[ "$code" = 401 ] || fail "an unauthenticated API call answered $code, not 401"
api -X POST "$BASE/api/metadata/taskdefs" -d '[{"name":"pkg_probe","retryCount":0,"ownerEmail":"ops@example.com"}]' >/dev/null
api -X POST "$BASE/api/metadata/workflow" -d '{"name":"pkg_probe_flow","version":1,"schemaVersion":2,"ownerEmail":"ops@example.com","tasks":[{"name":"pkg_probe","taskReferenceName":"probe","type":"SIMPLE"}]}' >/dev/null
WF=$(api -X POST "$BASE/api/workflow/pkg_probe_flow" -d '{"input":{"from":"'$PREVIOUS'"}}')
[ -n "$WF" ] || fail "no workflow id"
echo "started workflow $WF on $PREVIOUS"
stop_server
grep -q "$TOKEN" "$WORK/server1.log" "$WORK/server1.log.out" && fail "the admin token appears in the log"
grep -q '"msg":"serving"' "$WORK/server1.log" || fail "no JSON log line on stderr (the journal's input)"

step "orreryd backup with the packaged config, as the service user"
(cd / && setpriv --reuid="$RUN_USER" --regid="$RUN_USER" --init-groups \
   /usr/bin/orreryd backup --config /etc/orrery/orreryd.conf --to /var/lib/orrery/before-upgrade.db) || fail "orreryd backup"
[ "$(stat -c '%U %a' /var/lib/orrery/before-upgrade.db)" = "orrery 600" ] || fail "the backup is $(stat -c '%U %a' /var/lib/orrery/before-upgrade.db)"

step "upgrade $PREVIOUS -> $VERSION with a changed conffile"
python3 - <<'PY'
import json
p = '/etc/orrery/orreryd.conf'
c = json.load(open(p))
c['log-level'] = 'debug'
json.dump(c, open(p, 'w'), indent=2)
PY
dpkg -i "$SERVER_DEB" >"$WORK/dpkg-upgrade.log" 2>&1 || { cat "$WORK/dpkg-upgrade.log"; fail "upgrade to $VERSION"; }
[ "$(dpkg-query -W -f='${Version}' orrery-server)" = "$VERSION" ] || fail "orrery-server is not at $VERSION after the upgrade"
grep -q '"log-level": "debug"' /etc/orrery/orreryd.conf || fail "the upgrade replaced the operator's conffile"
start_server "$WORK/server2.log"
api "$BASE/api/workflow/$WF" | grep -c "\"workflowId\":\"$WF\"" >/dev/null || fail "workflow $WF is gone after the upgrade"
api "$BASE/api/metadata/taskdefs/pkg_probe" | grep -c '"name":"pkg_probe"' >/dev/null || fail "task definition pkg_probe is gone after the upgrade"
echo "workflow $WF and task definition pkg_probe kept"
stop_server

step "dpkg -r keeps the data and the config"
dpkg -r orrery-server >"$WORK/dpkg-r.log" 2>&1 || { cat "$WORK/dpkg-r.log"; fail "dpkg -r"; }
[ ! -e /usr/bin/orreryd ] || fail "/usr/bin/orreryd is still there after dpkg -r"
[ -f /var/lib/orrery/orrery.db ] || fail "dpkg -r removed the store"
[ -f /var/lib/orrery/admin-token ] || fail "dpkg -r removed the admin token"
[ -f /etc/orrery/orreryd.conf ] || fail "dpkg -r removed the conffile"
dpkg-query -W -f='${Status}\n' orrery-server | grep -c config-files >/dev/null || fail "orrery-server is not in config-files state"

step "dpkg -P removes them"
dpkg -P orrery-server >"$WORK/dpkg-p.log" 2>&1 || { cat "$WORK/dpkg-p.log"; fail "dpkg -P"; }
[ ! -e /var/lib/orrery ] || fail "dpkg -P left /var/lib/orrery"
[ ! -e /etc/orrery ] || fail "dpkg -P left /etc/orrery"

step "the console package"
dpkg -i "$CONSOLE_DEB" >"$WORK/dpkg-console.log" 2>&1 || { cat "$WORK/dpkg-console.log"; fail "dpkg -i $CONSOLE_DEB"; }
[ "$(env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/orrery --version)" = "orrery $VERSION" ] || fail "orrery --version"
for f in /usr/share/applications/org.orrery.Orrery.desktop /usr/share/icons/hicolor/scalable/apps/org.orrery.Orrery.svg \
         /usr/share/metainfo/org.orrery.Orrery.metainfo.xml /usr/share/man/man1/orrery.1.gz; do
  [ -f "$f" ] || fail "$f is not installed"
done
console_help=$(env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/orrery --help) || fail "orrery --help exited $?"
grep -q -- "--connect" <<<"$console_help" || fail "orrery --help does not list --connect"
dpkg -P orrery >/dev/null 2>&1 || fail "dpkg -P orrery"
[ ! -e /usr/bin/orrery ] || fail "/usr/bin/orrery is still there after dpkg -P"

echo
echo "PASS: packages $VERSION built, lint-clean, installed, upgraded from $PREVIOUS with data kept, removed and purged"
