#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the lineage-store tests and prints the line that exports
# its connection string:   eval "$(tests/postgres/start.sh)"
# Needs Debian's postgresql package. The cluster lives in a temp dir owned by the postgres user; stop it with
#   tests/postgres/stop.sh   (or: runuser -u postgres -- pg_ctl -D "$PROVGUARD_TEST_POSTGRES_DIR" stop)
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "tests/postgres/start.sh: PostgreSQL binaries not found; apt-get install -y postgresql" >&2
  exit 1
fi

as_postgres() {
  if [[ "$(id -un)" == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi
}

dir=$(mktemp -d /tmp/provguard-pg.XXXXXX)
chown postgres: "$dir"
chmod 700 "$dir"
# A free port: a random one nothing answers on (pg_ctl fails loudly in the unlikely race).
port=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "tests/postgres/start.sh: no free port found" >&2; exit 1; }

as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
# fsync off: a throwaway test cluster trades durability for speed.
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/server.log" >&2; exit 1; }

echo "export PROVGUARD_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
echo "export PROVGUARD_TEST_POSTGRES_DIR='$dir/data'"
