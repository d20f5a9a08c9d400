# Sourced by test.sh: starts the services integration tests use and exports where they are.
# PostgreSQL: the distribution's 15/main cluster on 127.0.0.1:5432 with a superuser "ci".
# Redis: tests start their own redis-server on free ports; this only checks it is installed.
PGV=15
if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null; then
  pg_lsclusters -h | grep -q "^$PGV main" || pg_createcluster $PGV main >/dev/null
  pg_ctlcluster $PGV main status >/dev/null 2>&1 || pg_ctlcluster $PGV main start
  for i in $(seq 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  su postgres -c "psql -qAtc \"SELECT 1 FROM pg_roles WHERE rolname='ci'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE ci LOGIN SUPERUSER PASSWORD 'ci'\""
  su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname='cidb'\"" | grep -q 1 \
    || su postgres -c "createdb -O ci cidb"
  export ORRERY_TEST_PG_URL="postgresql://ci:ci@127.0.0.1:5432/cidb"
fi
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="$(mktemp -d)"
chmod 700 "$XDG_RUNTIME_DIR"
