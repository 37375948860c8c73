#!/usr/bin/env bash
# Stops the cluster tests/postgres/start.sh started (PROVGUARD_TEST_POSTGRES_DIR) and removes its files.
set -euo pipefail
dir=${PROVGUARD_TEST_POSTGRES_DIR:?run eval "\$(tests/postgres/start.sh)" first}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [[ "$(id -un)" == postgres ]]; then "$bin/pg_ctl" -D "$dir" -m fast stop; else runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -m fast stop; fi
rm -rf "$(dirname "$dir")"
