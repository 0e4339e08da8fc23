#!/usr/bin/env bash
# The cold-chat scenario of bench/bench.sh (run through it: it starts the PostgreSQL and the gateway):
#
#   bench/cold-chat.sh RUNS GATEWAY_URL WORK_DIR RESULTS_DIR COMMIT
#
# Installs `logchat` with ./install.sh into WORK_DIR (native AOT where the toolchain allows), registers alice and
# bob, starts `logchat listen --accept-all` for alice (it stays online between chats) and then, RUNS times, starts
# `logchat chat alice` as bob with one piped line. Each run is timed from just before the process starts to alice
# printing the line, split into phases by the processes' own marks (LOGCHAT_TRACE_PHASES=1, PhaseTrace.cs). One
# uncounted run comes first: it makes the profile's reachability measurement, which later runs reuse as a person's
# next chat within minutes would. `logchat --version` is timed RUNS times too: the process start measured alone.
set -euo pipefail

runs=$1 gateway_url=$2 work=$3 results=$4 commit=$5
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$work/cold-chat
mkdir -p "$dir"
listen_pid=

finish() {
    if [[ -n $listen_pid ]]; then
        { echo /quit >&7; } 2>/dev/null || true
        exec 7>&- || true
        for _ in $(seq 1 40); do kill -0 "$listen_pid" 2>/dev/null || break; sleep 0.25; done
        kill -TERM "$listen_pid" 2>/dev/null || true
        wait "$listen_pid" 2>/dev/null || true
    fi
}
trap finish EXIT
trap 'echo "cold-chat: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

now() { echo "${EPOCHREALTIME/,/.}"; }

# Waits until FILE holds at least COUNT lines matching PATTERN; fails after SECONDS.
wait_for_count() {
    local file=$1 pattern=$2 count=$3 deadline=$((SECONDS + $4))
    while (($(grep -c -- "$pattern" "$file" 2>/dev/null || true) < count)); do
        if ((SECONDS >= deadline)) || ! kill -0 "$listen_pid" 2>/dev/null; then
            echo "cold-chat: waited in vain for $count x '$pattern' in $file:" >&2
            tail -n 30 "$file" >&2
            return 1
        fi
        sleep 0.01
    done
}

"$repo/install.sh" "$dir/bin" >"$dir/install.out" 2>"$dir/install.err" || { cat "$dir/install.err" >&2; exit 1; }
installed=$(tail -n 1 "$dir/install.out")
echo "$installed" >&2
logchat=$dir/bin/logchat
export LOGCHAT_PASSWORD=cold-chat-bench-password
for user in alice bob; do
    "$logchat" --server "$gateway_url" --home "$dir/homes/$user" register "$user" </dev/null >/dev/null 2>"$dir/register-$user.err" \
        || { cat "$dir/register-$user.err" >&2; exit 1; }
done

mkfifo "$dir/listen.in"
LOGCHAT_TRACE_PHASES=1 "$logchat" --server "$gateway_url" --home "$dir/homes/alice" listen --accept-all \
    <"$dir/listen.in" >"$dir/listen.out" 2>"$dir/listen.err" &
listen_pid=$!
exec 7>"$dir/listen.in"
wait_for_count "$dir/listen.err" "Waiting for chat requests" 1 120

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$dir/runs.tsv"
for i in $(seq 0 "$runs"); do
    start=$(now)
    echo "cold chat $i" | LOGCHAT_TRACE_PHASES=1 timeout 60 "$logchat" --server "$gateway_url" --home "$dir/homes/bob" chat alice \
        >"$dir/chat-$i.out" 2>"$dir/chat-$i.err" || { echo "cold-chat: run $i failed:" >&2; cat "$dir/chat-$i.err" >&2; exit 1; }
    wait_for_count "$dir/listen.err" "logchat-phase printed" $((i + 1)) 30
    wait_for_count "$dir/listen.err" "Waiting for chat requests" $((i + 2)) 30
    ((i > 0)) || continue
    printed=$(grep "logchat-phase printed" "$dir/listen.err" | sed -n "$((i + 1))p" | cut -d' ' -f3)
    mark() { grep -m1 "logchat-phase $1 " "$dir/chat-$i.err" | cut -d' ' -f3 || true; }
    connected=$(mark connected); [[ -n $connected ]] || connected=$(mark host-ready)
    echo "$start $(mark main) $(mark unlocked) $(mark logged-in) $(mark online) $(mark assigned) $connected $(mark handshake) $printed" >>"$dir/runs.tsv"
done

: >"$dir/version.tsv"
for _ in $(seq 1 "$runs"); do
    start=$(now)
    "$logchat" --version >/dev/null
    echo "$start $(now)" >>"$dir/version.tsv"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# p50 and p99 (nearest rank) of each phase, in milliseconds.
percentiles() { # column-extracting awk program
    awk "$1" "$2" | sort -n | awk '{ v[NR] = $1 } END {
        p50 = v[int((NR * 50 + 99) / 100)]; p99 = v[int((NR * 99 + 99) / 100)];
        printf "%.0f | %.0f", p50, p99 }'
}
row() { echo "| $1 | $(percentiles "{ printf \"%.3f\\n\", ($3 - $2) * 1000 }" "$dir/runs.tsv") | $4 |"; }
table=$results/$(date -u +%F)-cold-chat.md
{
    echo "<!-- written by bench/bench.sh at $(date -u '+%F %T')Z; commit $commit -->"
    echo "## cold-chat: \`logchat chat alice\` with one piped line, process start to alice printing it ($runs runs)"
    echo
    echo "$installed; load average before $load_before, after $load_after (2 cores shared)."
    echo
    echo "| phase (from the processes' own marks) | p50 ms | p99 ms | what it is |"
    echo "|---|---:|---:|---|"
    row "process start" '$1' '$2' "exec to Main"
    row "key unlock" '$2' '$3' "profile, password, Argon2id, AES-GCM open"
    row "login" '$3' '$4' "Login RPC (the gateway verifies the password hash)"
    row "online" '$4' '$5' "listener, reachability (reused), event stream online"
    row "setup" '$5' '$6' "RequestChat to the assignment (alice accepts)"
    row "connect" '$6' '$7' "TCP + TLS to the host (or the host's ReportHostReady)"
    row "handshake" '$7' '$8' "peer handshake"
    row "first message" '$8' '$9' "send, decrypt, alice prints"
    row "**total**" '$1' '$9' "process start to alice printing the line"
    echo "| \`logchat --version\` alone | $(percentiles '{ printf "%.3f\n", ($2 - $1) * 1000 }' "$dir/version.tsv") | whole process, start to exit |"
} >"$table"
cat "$table"
