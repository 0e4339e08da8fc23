#!/usr/bin/env bash
# Starts a one-node LogChat coordinator on this machine: a private PostgreSQL under .state/ (kept between
# runs, so registered users stay), the gateway silo serving gRPC on 127.0.0.1:50051 (and on 50053, the port
# clients measure their NAT's mapping against), and one relay, its own process, on 127.0.0.1:50061 (admin:
# metrics and health on 127.0.0.1:50062) with the id relay-0 and a ticket key made for this run.
# Ctrl-C stops the coordinator, then the relay, then PostgreSQL.
#
# Environment (all optional):
#   LOGCHAT_STATE_DIR       where the database lives (default: .state in the repository)
#   LOGCHAT_POSTGRES_PORT   the port PostgreSQL listens on, on 127.0.0.1 (default: 55432)
#   LOGCHAT_CONFIGURATION   Debug or Release build of the gateway and the relay (default: Debug)
#   DOTNET_GCgen0size       the gateway's gen0 budget (default: 0x1000000, 16 MiB, as its container image sets it)
#   LOGCHAT_LogChat__SessionIds__Key  the MAC key of session ids (default: made once, kept in the state directory)
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

relay_pid=
stop_all() {
    if [[ -n $relay_pid ]]; then
        echo "Stopping the relay" >&2
        kill -TERM "$relay_pid" 2>/dev/null || true
        wait "$relay_pid" 2>/dev/null || true
    fi
    echo "Stopping PostgreSQL" >&2
    pg_stop "$instance"
}
trap stop_all EXIT
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
# Session ids carry a MAC under this key; kept with the database, so that ids issued before a restart stay valid.
session_id_key=$state_dir/session-id.key
if [[ -z ${LOGCHAT_LogChat__SessionIds__Key:-} ]]; then
    [[ -s $session_id_key ]] || (umask 077 && head -c 32 /dev/urandom | base64 >"$session_id_key")
    LOGCHAT_LogChat__SessionIds__Key=$(cat "$session_id_key")
    export LOGCHAT_LogChat__SessionIds__Key
fi
export LOGCHAT_LogChat__Gateway__ProbePort=${LOGCHAT_LogChat__Gateway__ProbePort:-50053}
# The cluster-wide secret login salts come from: made once and kept with the database, so that a name keeps its salt
# across runs (docs/operations.md, "LogChat:LoginSalt").
salt_secret_file=$state_dir/login-salt-secret
if [[ ! -s $salt_secret_file ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$salt_secret_file")
fi
LOGCHAT_LogChat__LoginSalt__Secret=${LOGCHAT_LogChat__LoginSalt__Secret:-$(<"$salt_secret_file")}
export LOGCHAT_LogChat__LoginSalt__Secret

# The relay: its own process, sharing a ticket key with the coordinator. The key is made for this run (tickets
# live 60 s, so nothing needs it afterwards); the gateway learns the relay's id and address from LogChat:Relays.
configuration=${LOGCHAT_CONFIGURATION:-Debug}
export LogChat__RelayTickets__Keys__0__Id=0
LogChat__RelayTickets__Keys__0__Secret=$(head -c 32 /dev/urandom | base64)
export LogChat__RelayTickets__Keys__0__Secret
export LogChat__Relays__0__Id=relay-0
export LogChat__Relays__0__Endpoint=127.0.0.1:50061
dotnet build "$repo/src/Relay" --configuration "$configuration" --nologo --verbosity quiet
LOGCHAT_LogChat__Relay__Id=relay-0 LOGCHAT_LogChat__Relay__ListenAddress=127.0.0.1 LOGCHAT_LogChat__Relay__Port=50061 \
    LOGCHAT_LogChat__Admin__ListenUrl=http://127.0.0.1:50062 \
    dotnet "$repo/src/Relay/bin/$configuration/net10.0/LogChat.Relay.dll" --contentRoot "$repo/src/Relay" &
relay_pid=$!
echo "The relay relay-0 is starting on 127.0.0.1:50061 (metrics on http://127.0.0.1:50062/metrics)" >&2

dotnet run --project "$repo/src/Gateway" --configuration "$configuration"
