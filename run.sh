#!/usr/bin/env bash
# Starts a one-node LogChat coordinator on this machine: a private PostgreSQL under .state/ (kept between
# runs, so registered users stay) and the gateway silo serving gRPC on 127.0.0.1:50051 (and on 50053, the port
# clients measure their NAT's mapping against).
# Ctrl-C stops the coordinator and then PostgreSQL.
#
# Environment (all optional):
#   LOGCHAT_STATE_DIR       where the database lives (default: .state in the repository)
#   LOGCHAT_POSTGRES_PORT   the port PostgreSQL listens on, on 127.0.0.1 (default: 55432)
#   LOGCHAT_CONFIGURATION   Debug or Release build of the gateway (default: Debug)
#   DOTNET_GCgen0size       the gateway's gen0 budget (default: 0x1000000, 16 MiB, as its container image sets it)
# Any LOGCHAT_LogChat__... variable is passed on to the gateway (see docs/operations.md).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/postgres.sh
source "$repo/scripts/postgres.sh"

state_dir=${LOGCHAT_STATE_DIR:-$repo/.state}
instance=$state_dir/postgres
port=${LOGCHAT_POSTGRES_PORT:-55432}
database=logchat

pg_ensure_binaries
mkdir -p "$state_dir"
pg_init "$instance"

stop_postgres() {
    echo "Stopping PostgreSQL" >&2
    pg_stop "$instance"
}
trap stop_postgres EXIT
# On Ctrl-C the gateway gets the signal too and shuts down; the script waits for it, then exits.
trap 'exit 130' INT TERM

pg_start "$instance" "$port"
pg_create_database "$instance" "$port" "$database"
echo "PostgreSQL is up on 127.0.0.1:$port (data in $instance/data)" >&2

# The gateway applies the schema at start-up, then joins (or forms) the cluster and serves gRPC.
LOGCHAT_LogChat__Database__ConnectionString=$(pg_connection_string "$instance" "$port" "$database")
export LOGCHAT_LogChat__Database__ConnectionString
# The gateway's gen0 budget, as its container image sets it (deploy/docker/gateway.Dockerfile, docs/decisions.md).
export DOTNET_GCgen0size=${DOTNET_GCgen0size:-0x1000000}
export LOGCHAT_LogChat__Gateway__ProbePort=${LOGCHAT_LogChat__Gateway__ProbePort:-50053}
# The cluster-wide secret login salts come from: made once and kept with the database, so that a name keeps its salt
# across runs (docs/operations.md, "LogChat:LoginSalt").
salt_secret_file=$state_dir/login-salt-secret
if [[ ! -s $salt_secret_file ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$salt_secret_file")
fi
LOGCHAT_LogChat__LoginSalt__Secret=${LOGCHAT_LogChat__LoginSalt__Secret:-$(<"$salt_secret_file")}
export LOGCHAT_LogChat__LoginSalt__Secret
dotnet run --project "$repo/src/Gateway" --configuration "${LOGCHAT_CONFIGURATION:-Debug}"
