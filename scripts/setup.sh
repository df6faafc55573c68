#!/usr/bin/env bash
# Installs everything Strongbox's tests and local runs need on a fresh Debian machine:
# PostgreSQL 15 server binaries (initdb, pg_ctl, pg_dump, pg_restore, pgbench), moto_server
# (the AWS emulator the runner tests talk to), the zstd, zip and unzip tools and the npm
# packages. Idempotent: it only installs what is missing, so it is cheap to run before every
# test run.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo "setup: installing PostgreSQL 15 (Debian postgresql-15)" >&2
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15 postgresql-client-15
fi
# The TLS tests make a throwaway CA with openssl (postgresql-15 pulls it in through ssl-cert).
if ! command -v openssl >/dev/null 2>&1; then
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssl
fi
# zstd: the runner's zstd stage runs the reference executable (its tests run the real one);
# zip/unzip: the buildspec test zips the runner bundle as Pulumi does and unzips it as the job does.
missing=()
command -v zstd >/dev/null 2>&1 || missing+=(zstd)
command -v zip >/dev/null 2>&1 || missing+=(zip)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]} (Debian)" >&2
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Tests start their own clusters; a cluster the package may have started is not needed.
if ! getent passwd postgres >/dev/null; then
    echo "setup: the postgres system user is missing (it comes with postgresql-15); tests run initdb as that user when root" >&2
    exit 1
fi

if ! command -v moto_server >/dev/null 2>&1; then
    echo "setup: installing moto_server (pip install 'moto[server]')" >&2
    python3 -m pip install --quiet 'moto[server]>=5.2,<6' || {
        echo "setup: could not install moto; install it with: pip install 'moto[server]>=5.2,<6'" >&2
        exit 1
    }
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing npm packages (npm ci)" >&2
    npm ci --no-audit --no-fund
fi
