#!/usr/bin/env bash
# Regenerates .sqlx/, the metadata that lets `query!` macros be checked at
# compile time without a database. Run after changing any SQL or migration:
# it migrates a scratch database, builds against it and records every query.
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/scripts/services.sh
scratch=infitah_sqlx
psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $scratch with (force)"
if cargo build --quiet --bin infitah 2>/dev/null; then
  INFITAH_DATABASE_ADMIN_URL="postgres://postgres@127.0.0.1:5432/$scratch" ./target/debug/infitah migrate
else
  # The old .sqlx no longer matches the code: apply the migrations by hand, as the owner
  # (creating the roles `infitah migrate` would create, on a machine that never ran it).
  for r in "infitah_owner NOLOGIN" "infitah_app LOGIN NOBYPASSRLS" "infitah_national LOGIN NOBYPASSRLS" "infitah_worker LOGIN NOBYPASSRLS"; do
    psql -h 127.0.0.1 -U postgres -d postgres -qc "do \$\$ begin create role ${r%% *} ${r#* }; exception when duplicate_object then null; end \$\$"
  done
  psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $scratch owner infitah_owner"
  (echo "set role infitah_owner;"; cat migrations/*.sql) | psql -h 127.0.0.1 -U postgres -d "$scratch" -v ON_ERROR_STOP=1 -q >/dev/null
fi
rm -rf .sqlx && mkdir .sqlx
touch services/*/src/lib.rs
SQLX_OFFLINE=false DATABASE_URL="postgres://postgres@127.0.0.1:5432/$scratch" SQLX_OFFLINE_DIR="$PWD/.sqlx" \
  cargo build --workspace --tests --quiet
echo "wrote $(ls .sqlx | wc -l) query files to .sqlx/"
