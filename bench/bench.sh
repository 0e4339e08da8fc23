#!/usr/bin/env bash
# LogChat benchmarks (issue 5). Builds in Release into bench/.build, starts a throwaway PostgreSQL and, per
# scenario, a fresh gateway process, runs the load generator (bench/LogChat.Bench.Load) or BenchmarkDotNet
# (bench/LogChat.Bench.Micro), prints one Markdown table per scenario and writes it to
# bench/results/DATE-SCENARIO.md. Loopback only; every step has a time limit; everything it started is
# stopped and the database deleted on exit, also on failure or Ctrl-C.
#
#   bench/bench.sh [--quick] [options] [scenario ...]     scenarios: setup connections peer relay first-message
#                                                         login-storm soak micro cold-chat (default: all)
# Options (full-size defaults first, --quick ones in brackets):
#   --setup-clients LIST    idle clients behind the setup scenario            1000,10000 [200,1000]
#   --setups N              timed chat setups per crowd size                  2000 [300]
#   --connections N         Connect streams the connections scenario aims for 20000 [2000]
#   --peer-seconds S        seconds per peer throughput run                   10 [3]
#   --peer-rounds N         interleaved rounds of each peer stream            5 [3]
#   --handshakes N          timed peer handshakes                             200 [30]
#   --relay-pairs N         pairs held open for the relay's memory per pair   500 [100]
#   --first-messages N      timed RequestChat-to-first-message runs           100 [20]
#   --storm-clients N       idle clients during login-storm                   1000 [200]
#   --storm-logins N        concurrent logins of the storm                    50 [50]
#   --soak-clients N        churning clients                                  1000 [100]
#   --soak-minutes M        soak duration                                     10 [1]
#   --cold-runs N           cold-chat runs of the installed logchat           30 [20]
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$bench")
# shellcheck source=../scripts/postgres.sh
source "$repo/scripts/postgres.sh"

all_scenarios=(setup connections peer relay first-message login-storm soak micro cold-chat)
declare -A opt=(
    [setup-clients]=1000,10000 [setups]=2000 [connections]=20000 [peer-seconds]=10 [peer-rounds]=5 [handshakes]=200 [relay-pairs]=500
    [first-messages]=100 [storm-clients]=1000 [storm-logins]=50 [soak-clients]=1000 [soak-minutes]=10
    [cold-runs]=30
)
declare -A quick_opt=(
    [setup-clients]=200,1000 [setups]=300 [connections]=2000 [peer-seconds]=3 [peer-rounds]=3 [handshakes]=30 [relay-pairs]=100
    [first-messages]=20 [storm-clients]=200 [storm-logins]=50 [soak-clients]=100 [soak-minutes]=1
    [cold-runs]=20
)
quick=false
declare -A given=()
scenarios=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=true ;;
        -h | --help) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --*)
            name=${1#--}
            [[ -v "opt[$name]" && $# -ge 2 ]] || { echo "unknown option or missing value: $1 (see --help)" >&2; exit 2; }
            given[$name]=$2
            shift ;;
        *)
            [[ " ${all_scenarios[*]} " == *" $1 "* ]] || { echo "unknown scenario: $1 (one of: ${all_scenarios[*]})" >&2; exit 2; }
            scenarios+=("$1") ;;
    esac
    shift
done
if $quick; then
    for name in "${!quick_opt[@]}"; do opt[$name]=${quick_opt[$name]}; done
fi
for name in "${!given[@]}"; do opt[$name]=${given[$name]}; done
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=("${all_scenarios[@]}")

build=$bench/.build
results=$bench/results
work=$(mktemp -d "${TMPDIR:-/tmp}/logchat-bench.XXXXXX")
chmod 0711 "$work" # PostgreSQL's own user must pass through to its data directory
instance=$work/postgres
gateway_pid=
gateway_url=
metrics_url=
relay_pid=

stop_gateway() {
    [[ -n $gateway_pid ]] || return 0
    if kill -0 "$gateway_pid" 2>/dev/null; then
        kill -TERM "$gateway_pid" 2>/dev/null || true
        for _ in $(seq 1 80); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$gateway_pid" 2>/dev/null || true
    fi
    wait "$gateway_pid" 2>/dev/null || true
    gateway_pid=
}

stop_relay() {
    [[ -n $relay_pid ]] || return 0
    kill -TERM "$relay_pid" 2>/dev/null || true
    wait "$relay_pid" 2>/dev/null || true
    relay_pid=
}

cleanup() {
    local status=$?
    stop_gateway
    stop_relay
    pg_stop "$instance"
    if [[ $status -ne 0 ]]; then
        echo "bench.sh failed (status $status); last gateway log lines:" >&2
        tail -n 30 "$work"/gateway-*.log 2>/dev/null >&2 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_port() { # PORT SECONDS: true once something listens on 127.0.0.1:PORT while the gateway runs
    local port=$1 deadline=$((SECONDS + $2))
    while ((SECONDS < deadline)); do
        kill -0 "$gateway_pid" 2>/dev/null || return 1
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.3
    done
    return 1
}

# Starts a fresh gateway process (own cluster id and ports) on the bench database. With "light", Argon2id
# is cut to m=256 KiB, t=1: only for registering the background users, never while a scenario is measured.
login_salt_secret=$(head -c 32 /dev/urandom | base64)

start_gateway() {
    local name=$1 argon=${2:-default} port admin silo
    port=$(pg_free_port); admin=$(pg_free_port); silo=$(pg_free_port)
    (
        export LOGCHAT_LogChat__Database__ConnectionString=$database
        export LOGCHAT_LogChat__Gateway__ListenUrl=http://127.0.0.1:$port
        export LOGCHAT_LogChat__Admin__ListenUrl=http://127.0.0.1:$admin
        export LOGCHAT_LogChat__Cluster__ClusterId=bench-$name-$RANDOM
        export LOGCHAT_LogChat__Cluster__SiloPort=$silo
        # One login salt secret for every gateway of the run, as a cluster has (bench users send fixed login secrets).
        export LOGCHAT_LogChat__LoginSalt__Secret=$login_salt_secret
        # The bench's clients all come from 127.0.0.1 and set up thousands of chats a minute.
        export LOGCHAT_LogChat__RateLimits__CallsPerAddress=1000000
        export LOGCHAT_LogChat__RateLimits__CallsPerUser=1000000
        export LOGCHAT_LogChat__RateLimits__LoginsPerAddress=1000000
        export LOGCHAT_LogChat__RateLimits__RegistrationsPerAddress=1000000
        export LOGCHAT_LogChat__RateLimits__ChatRequestsPerUser=1000000
        export LOGCHAT_LogChat__Reachability__ChecksPerAddress=1000000
        export LOGCHAT_LogChat__RateLimits__UserLookupsPerUser=1000000
        LOGCHAT_LogChat__SessionIds__Key=$(head -c 32 /dev/urandom | base64)
        export LOGCHAT_LogChat__SessionIds__Key
        export Logging__LogLevel__Default=Warning
        # As the gateway's container image runs it (deploy/docker/gateway.Dockerfile, docs/decisions.md).
        export DOTNET_GCgen0size=0x1000000
        if [[ $argon == light ]]; then
            export LOGCHAT_LogChat__PasswordHashing__MemoryKib=256
            export LOGCHAT_LogChat__PasswordHashing__Iterations=1
        fi
        cd "$build/bin/LogChat.Gateway/release"
        exec dotnet LogChat.Gateway.dll
    ) >"$work/gateway-$name.log" 2>&1 &
    gateway_pid=$!
    gateway_url=http://127.0.0.1:$port
    metrics_url=http://127.0.0.1:$admin/metrics
    if ! wait_for_port "$port" 120 || ! wait_for_port "$admin" 30; then
        echo "the gateway did not start; its log:" >&2
        tail -n 40 "$work/gateway-$name.log" >&2
        exit 1
    fi
    echo "gateway for $name: pid $gateway_pid on $gateway_url (Argon2id: $argon)" >&2
}

# Starts a relay process (Release, as its container image runs it) with a ticket key made for the run, in
# LOGCHAT_BENCH_RELAY_KEY for the load generator, which plays the coordinator's part.
start_relay() {
    local port admin
    port=$(pg_free_port); admin=$(pg_free_port)
    LOGCHAT_BENCH_RELAY_KEY=$(head -c 32 /dev/urandom | base64)
    export LOGCHAT_BENCH_RELAY_KEY
    (
        export LOGCHAT_LogChat__Relay__Id=relay-bench
        export LOGCHAT_LogChat__Relay__Port=$port
        export LOGCHAT_LogChat__Admin__ListenUrl=http://127.0.0.1:$admin
        export LOGCHAT_LogChat__RelayTickets__Keys__0__Id=0
        export LOGCHAT_LogChat__RelayTickets__Keys__0__Secret=$LOGCHAT_BENCH_RELAY_KEY
        # Every bench connection comes from 127.0.0.1, and a throughput run carries gigabytes.
        export LOGCHAT_LogChat__Relay__MaxConnectionsPerAddress=100000
        export LOGCHAT_LogChat__Relay__MaxBytesPerPair=1000000000000
        export Logging__LogLevel__Default=Warning
        cd "$build/bin/LogChat.Relay/release"
        exec dotnet LogChat.Relay.dll
    ) >"$work/relay.log" 2>&1 &
    relay_pid=$!
    relay_args=(--relay "127.0.0.1:$port" --relay-id relay-bench --relay-metrics "http://127.0.0.1:$admin/metrics" --relay-pid "$relay_pid")
    local deadline=$((SECONDS + 60))
    until (exec 3<>"/dev/tcp/127.0.0.1/$admin") 2>/dev/null; do
        ((SECONDS < deadline)) && kill -0 "$relay_pid" 2>/dev/null || { echo "the relay did not start; its log:" >&2; tail -n 40 "$work/relay.log" >&2; exit 1; }
        sleep 0.3
    done
    echo "relay: pid $relay_pid on 127.0.0.1:$port" >&2
}

# Runs the load generator for one scenario against the running gateway, bounded in time.
load() {
    local scenario=$1 limit=$2
    shift 2
    LOGCHAT_BENCH_DATABASE=${database:-} LOGCHAT_BENCH_COMMIT=$commit LOGCHAT_BENCH_GCDUMP=$gcdump \
        timeout --kill-after=20 "$((limit + 60))" \
        dotnet "$build/bin/LogChat.Bench.Load/release/LogChat.Bench.Load.dll" "$scenario" \
        --gateway "${gateway_url:-http://127.0.0.1:1}" --metrics "${metrics_url:-http://127.0.0.1:1/metrics}" \
        --gateway-pid "${gateway_pid:-0}" --users-file "$work/users.tsv" --results "$results" \
        --time-limit "$limit" "$@"
}

max() { local m=0 v; for v in "$@"; do ((v > m)) && m=$v; done; echo "$m"; }

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
# Optional profile evidence: dotnet-gcdump (`dotnet tool install -g dotnet-gcdump`) for the connections scenario.
gcdump=$(command -v dotnet-gcdump || ls "$HOME/.dotnet/tools/dotnet-gcdump" 2>/dev/null || true)

echo "building in Release into $build" >&2
for project in "$repo/src/Gateway" "$repo/src/Relay" "$bench/LogChat.Bench.Load" "$bench/LogChat.Bench.Micro"; do
    dotnet build "$project" -c Release --artifacts-path "$build" -v quiet -nologo >"$work/build.log" 2>&1 || {
        cat "$work/build.log" >&2
        exit 1
    }
done

needs_gateway=false
users_needed=0
for scenario in "${scenarios[@]}"; do
    case $scenario in
        setup) needs_gateway=true; users_needed=$(max "$users_needed" $(( $(max ${opt[setup-clients]//,/ }) + 2 ))) ;;
        connections) needs_gateway=true; users_needed=$(max "$users_needed" "${opt[connections]}") ;;
        login-storm) needs_gateway=true; users_needed=$(max "$users_needed" $(( ${opt[storm-clients]} + 2 ))) ;;
        soak) needs_gateway=true; users_needed=$(max "$users_needed" "${opt[soak-clients]}") ;;
        first-message | cold-chat) needs_gateway=true ;;
    esac
done

if $needs_gateway; then
    pg_ensure_binaries
    pg_init "$instance"
    # A gateway under load holds up to 100 pooled connections per connection string (Npgsql's default):
    # leave room for the load generator's own queries beside it.
    echo "max_connections = 300" >>"$instance/data/postgresql.auto.conf"
    pg_port=$(pg_free_port)
    pg_start "$instance" "$pg_port"
    pg_create_database "$instance" "$pg_port" logchat
    database=$(pg_connection_string "$instance" "$pg_port" logchat)
    if ((users_needed > 0)); then
        start_gateway populate light
        load populate 3600 --users "$users_needed"
        stop_gateway
        # Registering the population leaves PostgreSQL background work (autovacuum of the new rows, a checkpoint of
        # their pages); done here, so that it does not fall on the first scenario's measurements.
        PGPASSWORD=$(pg_password "$instance") "$PG_BIN/psql" --host=127.0.0.1 --port="$pg_port" --username="$PG_SUPERUSER" \
            --dbname=logchat --no-psqlrc --quiet --command="VACUUM ANALYZE" --command="CHECKPOINT"
    fi
fi

for scenario in "${scenarios[@]}"; do
    echo "=== $scenario ===" >&2
    case $scenario in
        setup)
            start_gateway setup
            load setup 3000 --clients "${opt[setup-clients]}" --setups "${opt[setups]}" ;;
        connections)
            start_gateway connections
            load connections 3000 --target "${opt[connections]}" ;;
        peer)
            load peer 1800 --seconds "${opt[peer-seconds]}" --rounds "${opt[peer-rounds]}" --handshakes "${opt[handshakes]}" ;;
        relay)
            start_relay
            load relay 1200 --seconds "${opt[peer-seconds]}" --pairs "${opt[relay-pairs]}" "${relay_args[@]}"
            stop_relay ;;
        first-message)
            start_gateway first-message
            load first-message 1200 --runs "${opt[first-messages]}" ;;
        login-storm)
            start_gateway login-storm
            load login-storm 1800 --clients "${opt[storm-clients]}" --logins "${opt[storm-logins]}" --setups "${opt[setups]}" ;;
        soak)
            start_gateway soak
            load soak $(( ${opt[soak-minutes]} * 60 + 600 )) --clients "${opt[soak-clients]}" --minutes "${opt[soak-minutes]}" ;;
        cold-chat)
            start_gateway cold-chat
            timeout --kill-after=20 1800 "$bench/cold-chat.sh" "${opt[cold-runs]}" "$gateway_url" "$work" "$results" "$commit" ;;
        micro)
            micro_args=(--filter '*' --artifacts "$work/micro")
            $quick && micro_args+=(--quick)
            (cd "$work" && timeout --kill-after=20 1800 dotnet "$build/bin/LogChat.Bench.Micro/release/LogChat.Bench.Micro.dll" "${micro_args[@]}") >"$work/micro.log" 2>&1 || {
                tail -n 40 "$work/micro.log" >&2
                exit 1
            }
            {
                echo "<!-- written by bench/bench.sh at $(date -u '+%F %T')Z; commit $commit -->"
                echo "## micro: BenchmarkDotNet (in-process, $($quick && echo ShortRun || echo default job))"
                echo
                for report in "$work"/micro/results/*-report-github.md; do
                    sed -n '/^|/p' "$report"
                    echo
                done
            } >"$results/$(date -u +%F)-micro.md"
            cat "$results/$(date -u +%F)-micro.md" ;;
    esac
    stop_gateway
done
echo "results in $results" >&2
