#!/usr/bin/env bash
# Start (or stop) a private, throwaway PostgreSQL cluster for tests and benchmarks.
#
#   scripts/pg-cluster.sh start DIR [PORT] [durable]
#                                            initdb into DIR if new, start on PORT (default 54329),
#                                            print the DATABASE_URL on stdout. Without `durable` the
#                                            cluster runs with fsync off (tests); with it, PostgreSQL's
#                                            defaults (benchmarks must measure real commits).
#   scripts/pg-cluster.sh stop DIR
#
# Uses Debian's PostgreSQL (installs postgresql-15 with apt when it is missing and we are root).
# initdb refuses to run as root, so as root the cluster runs as the `postgres` system user.
set -euo pipefail

cmd=${1:?usage: pg-cluster.sh start|stop DIR [PORT]}
dir=${2:?usage: pg-cluster.sh start|stop DIR [PORT]}
port=${3:-54329}
mode=${4:-fast}

find_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do
    if [[ -x "$b/initdb" ]]; then echo "$b"; return 0; fi
  done
  return 1
}

bin=$(find_bin || true)
if [[ -z "$bin" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "pg-cluster: PostgreSQL server binaries not found; install Debian's postgresql package" >&2
    exit 1
  fi
  echo "pg-cluster: installing PostgreSQL from Debian…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  bin=$(find_bin)
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; fi
    if [[ ! -f "$dir/PG_VERSION" ]]; then
      as_owner "$bin/initdb" -D "$dir" -A trust -U postgres --no-sync -E UTF8 >/dev/null
    fi
    opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200"
    # fsync off: a test cluster trades crash safety for speed; it is thrown away anyway.
    if [[ "$mode" != "durable" ]]; then opts="$opts -c fsync=off -c synchronous_commit=off"; fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 -o "$opts" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    ;;
  *)
    echo "usage: pg-cluster.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
