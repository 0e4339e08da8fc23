#!/usr/bin/env bash
# Times chats over each rung of the connection ladder in the NAT lab (tests/LogChat.Lab.Tests, root and nftables
# needed): runs the lab's ladder tests ROUNDS times (default 10) and prints, per path, the time from starting
# `logchat chat` to the peer printing the first message (p50, min, max over all runs), how many punches connected and
# how many chats went through the lab's relay.
#   bench/lab-paths.sh [ROUNDS]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-10}
# shellcheck source=scripts/postgres.sh
source "$repo/scripts/postgres.sh"
# shellcheck source=scripts/lab-tools.sh
source "$repo/scripts/lab-tools.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/logchat-lab-paths.XXXXXX")
chmod 0711 "$work"
trap 'pg_stop "$work/postgres"; rm -rf "$work"' EXIT

lab_ensure_tools
pg_ensure_binaries
pg_init "$work/postgres"
port=$(pg_free_port)
pg_start "$work/postgres" "$port"
LOGCHAT_TEST_POSTGRES=$(pg_connection_string "$work/postgres" "$port" postgres)
export LOGCHAT_TEST_POSTGRES

cd "$repo"
dotnet build tests/LogChat.Lab.Tests >/dev/null
for round in $(seq 1 "$rounds"); do
    echo "round $round of $rounds" >&2
    dotnet test tests/LogChat.Lab.Tests --no-build --filter "FullyQualifiedName~ConnectionLadderTests" \
        --logger "console;verbosity=detailed" >"$work/round-$round.log" 2>&1 || echo "round $round had failures (see its summary)" >&2
    grep -E "Passed!|Failed!" "$work/round-$round.log" >&2 || true
done

# Lines like "cone1 > coneb1 (punched): chatting after 812 ms, first message after 903 ms (from starting `chat`)".
cat "$work"/round-*.log | grep -oE '\((direct|reversed|punched|relayed|direct, over the LAN)\): chatting after [0-9]+ ms, first message after [0-9]+ ms' \
    | sed -E 's/^\(([^)]*)\): chatting after [0-9]+ ms, first message after ([0-9]+) ms$/\1\t\2/' \
    | sort -t$'\t' -k1,1 -k2,2n \
    | awk -F'\t' '
        { times[$1] = times[$1] " " $2; count[$1]++ }
        END {
            printf "| path | chats | first message p50 | min | max |\n|---|---|---|---|---|\n"
            for (path in count) {
                n = split(substr(times[path], 2), t, " ")
                printf "| %s | %d | %d ms | %d ms | %d ms |\n", path, n, t[int((n + 1) / 2)], t[1], t[n]
            }
        }'
punched=$(cat "$work"/round-*.log | grep -cE '\(punched\): chatting after' || true)
# One pair of each round punches (cone > cone on two routers).
echo "punches connected: $punched of $rounds"
relayed=$(cat "$work"/round-*.log | grep -cE '\(relayed\): chatting after' || true)
# Three pairs of each round have no direct path (cone > symmetric, symmetric > cone, symmetric > symmetric).
echo "relayed chats connected: $relayed of $((3 * rounds))"
